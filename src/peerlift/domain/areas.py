"""Areas that figures are published for: schools' local authorities, regions and England."""

from __future__ import annotations

from enum import StrEnum


class AreaType(StrEnum):
    LA = "la"
    REGION = "region"
    ENGLAND = "england"


ENGLAND_CODE = "E92000001"

# The nine English regions (ONS GSS codes) by every name the DfE's files use for them.
REGIONS: dict[str, str] = {
    "north east": "E12000001",
    "north west": "E12000002",
    "yorkshire and the humber": "E12000003",
    "yorkshire and humber": "E12000003",
    "east midlands": "E12000004",
    "west midlands": "E12000005",
    "east of england": "E12000006",
    "east": "E12000006",
    "london": "E12000007",
    "inner london": "E13000001",
    "outer london": "E13000002",
    "south east": "E12000008",
    "south west": "E12000009",
}

REGION_NAMES: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E13000001": "Inner London",
    "E13000002": "Outer London",
    "E12000008": "South East",
    "E12000009": "South West",
}


def region_code(name: str | None) -> str | None:
    """The GSS code of a region from any of its published names ('Yorkshire and the Humber'...)."""
    if not name:
        return None
    return REGIONS.get(name.strip().lower().replace("&", "and").replace("  ", " "))
