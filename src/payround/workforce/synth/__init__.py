"""The generator of illustrative workforces: configuration (``config``) and generation (``generate``, which needs
SciPy). Nothing heavy is imported here, so reading a cached bundled workforce loads neither SciPy nor the costing;
calibrating a generated workforce against published costings is :mod:`payround.calibration`."""

from payround.workforce.synth.config import SynthConfig, load_config

__all__ = ["SynthConfig", "load_config"]
