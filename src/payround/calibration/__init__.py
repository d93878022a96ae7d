"""Calibrating the illustrative workforces against published costings, and how close they come.

Above both the workforce generator and the costing (it costs generated workforces), so neither imports the other:
``solve`` finds the generator's knobs by Newton's method on the costing's typed totals; ``compare`` measures a
workforce against the published figures (``payround workforce calibration``)."""

from payround.calibration.compare import Calibration, calibration
from payround.calibration.solve import Measured, calibrate, measure, target_result

__all__ = ["Calibration", "Measured", "calibrate", "calibration", "measure", "target_result"]
