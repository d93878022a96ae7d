"""The generator of illustrative workforces: configuration, generation, calibration and the calibration report."""

from payround.workforce.synth.calibrate import calibrate, measure
from payround.workforce.synth.config import SynthConfig, load_config
from payround.workforce.synth.generate import generate
from payround.workforce.synth.report import calibration_report

__all__ = ["SynthConfig", "calibrate", "calibration_report", "generate", "load_config", "measure"]
