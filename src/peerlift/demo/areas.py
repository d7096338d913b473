"""The local authorities and regions of the synthetic world.

Demo mode has one invented LA (999, "Demo City") and ten invented statistical neighbours. Their codes
are 960-969, not 980-989: LAIT numbers England 970 and the regions 980-990, so neighbours there
would be read as regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerlift.demo import layouts


@dataclass(frozen=True, slots=True)
class Region:
    gss: str  # E12000005
    name: str  # as GIAS writes it ("West Midlands", "Yorkshire and the Humber")
    gor: str  # GIAS GOR (code): A..K
    lait_number: int  # LAIT's LA Number for the region (980-990)
    go_ind: int  # the SN workbook's GOInd


REGIONS: dict[str, Region] = {
    r.gss: r
    for r in [
        Region("E12000001", "North East", "A", 980, 4),
        Region("E12000002", "North West", "B", 981, 5),
        Region("E12000003", "Yorkshire and the Humber", "D", 982, 9),
        Region("E12000004", "East Midlands", "E", 983, 1),
        Region("E12000005", "West Midlands", "F", 984, 8),
        Region("E12000006", "East of England", "G", 985, 2),
        Region("E12000007", "London", "H", 986, 3),
        Region("E12000008", "South East", "J", 989, 6),
        Region("E12000009", "South West", "K", 990, 7),
    ]
}
WEST_MIDLANDS = "E12000005"
ENGLAND_LAIT_NUMBER = 970


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    code: int
    name: str
    gss: str
    region: str  # GSS code of the region
    la_type: str  # LAIT type: MD, UA, SC, OLB, ILB
    size: float  # relative number of schools


DEMO_CITY = LocalAuthority(999, "Demo City", "E08999999", WEST_MIDLANDS, "MD", 1.0)

NEIGHBOURS: tuple[LocalAuthority, ...] = tuple(
    LocalAuthority(code, name, f"E08999{code}", region, kind, 1.0)
    for code, name, region, kind in [
        (960, "Northbridge", "E12000005", "MD"),
        (961, "Easthaven", "E12000002", "MD"),
        (962, "Westmere", "E12000004", "UA"),
        (963, "Southgate Vale", "E12000003", "MD"),
        (964, "Kingsford", "E12000005", "UA"),
        (965, "Ashby Moor", "E12000002", "MD"),
        (966, "Redcastle", "E12000001", "UA"),
        (967, "Hollinwood", "E12000003", "MD"),
        (968, "Brackenridge", "E12000004", "UA"),
        (969, "Saltmarsh", "E12000009", "UA"),
    ]
)

# The DfE's sub-regional names in la_and_region_codes_meta.csv start with their region's name.
_DFE_REGION_PREFIXES = [
    ("North East", "E12000001"),
    ("North West", "E12000002"),
    ("North Yorkshire", "E12000003"),
    ("South and West Yorkshire", "E12000003"),
    ("East Midlands", "E12000004"),
    ("West Midlands", "E12000005"),
    ("East of England", "E12000006"),
    ("London", "E12000007"),
    ("South East", "E12000008"),
    ("South West", "E12000009"),
]


def _region_of(dfe_region: str) -> str:
    for prefix, gss in _DFE_REGION_PREFIXES:
        if dfe_region.startswith(prefix):
            return gss
    raise ValueError(f"unknown DfE region {dfe_region!r}")


def national_las() -> list[LocalAuthority]:
    """The 150 real LAs of 2019 (codes and names as published); sizes vary like real LAs'."""
    result = []
    for code, name, dfe_region in layouts.la_codes():
        region = _region_of(dfe_region)
        kind = "ILB" if 201 <= code <= 213 else "OLB" if 300 <= code < 330 else "MD" if code < 400 else "UA"
        size = 1.0 + ((code * 7919) % 23) / 10  # deterministic spread of 1.0 to 3.2
        result.append(LocalAuthority(code, name, "", region, kind, size))
    return result
