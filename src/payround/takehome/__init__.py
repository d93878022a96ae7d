"""Take-home pay: what an offer is worth after income tax, NI, LGPS contributions and Universal Credit, per pay point
and household archetype, computed with PolicyEngine UK (the only dependency that needs it is
``payround.takehome.bridge``); plus the net cost of an offer to government.

```python
from payround.api import apply_offer_file
from payround.takehome import takehome

table = takehome(apply_offer_file("examples/sjc-2022-08-revised-offer.yaml"))
row = table.row("2", "lone-parent-2")
row.gross_change, row.net_change, row.taken
```
"""

from payround.takehome.cache import DiskCache, default_cache_dir
from payround.takehome.compute import takehome
from payround.takehome.households import (
    DEFAULT_HOUSEHOLDS,
    Household,
    default_mix,
    load_households,
    load_mix,
    select_households,
)
from payround.takehome.inflation import load_inflation
from payround.takehome.lgps import LgpsSchedule, lgps_schedule
from payround.takehome.model import Figures, Row, TakehomeTable
from payround.takehome.netcost import NetCostEstimate, net_cost_for_workforce, net_cost_to_government
from payround.takehome.rules import supported_tax_years, tax_year_of
from payround.takehome.summary import takehome_summary

__all__ = [
    "DEFAULT_HOUSEHOLDS",
    "DiskCache",
    "Figures",
    "Household",
    "LgpsSchedule",
    "NetCostEstimate",
    "Row",
    "TakehomeTable",
    "default_cache_dir",
    "default_mix",
    "lgps_schedule",
    "load_households",
    "load_inflation",
    "load_mix",
    "net_cost_for_workforce",
    "net_cost_to_government",
    "select_households",
    "supported_tax_years",
    "takehome",
    "takehome_summary",
    "tax_year_of",
]
