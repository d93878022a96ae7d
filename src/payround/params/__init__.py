"""Dated parameters as data (OpenFisca style): one YAML file per parameter, a value per effective date, a source on
every value. Rules that change by date are looked up here, never written as constants in code.

File format::

    description: Employer (secondary) Class 1 NI main rate
    metadata: {unit: /1, label: Employer NI rate}
    values:
      2022-04-06:
        value: 0.1505
        reference:
          - {title: HMRC rates and thresholds 2022 to 2023, href: "https://www.gov.uk/..."}
      2022-11-06:
        value: 0.138
        reference: [...]

A value may be a number (read as an exact Decimal), a list or mapping (for scales such as contribution bands), or
``null`` (the parameter stops applying from that date). Ids are paths under ``payround/data/params`` without the
``.yaml`` suffix, e.g. ``ni/employer/main_rate``.
"""

from payround.params.model import Parameter, Reference, ValueAt
from payround.params.store import load_parameter, parameter_ids, parameter_path

__all__ = ["Parameter", "Reference", "ValueAt", "load_parameter", "parameter_ids", "parameter_path"]
