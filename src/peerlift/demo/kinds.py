"""Kinds of school, with every code and label each publication uses for them.

One row per kind keeps the GIAS codes, the performance tables' NFTYPE, the census school type and
Ofsted's wording together, so the files agree with each other about every school.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    type_code: str  # GIAS TypeOfEstablishment (code)
    type_name: str
    group_code: str  # GIAS EstablishmentTypeGroup (code)
    group_name: str
    phase_code: str  # GIAS PhaseOfEducation (code)
    phase_name: str
    low_age: int
    high_age: int
    nftype: str  # performance tables NFTYPE
    census_type: str  # england_census.csv SCHOOLTYPE
    ofsted_type: str  # Ofsted MI "Type of education"
    ofsted_phase: str  # Ofsted MI "Ofsted phase"
    tables_phase: str  # performance tables' Ofsted download "Ofsted phase"
    pupils: int  # typical number on roll
    estab_base: int  # first establishment number of the kind in an LA
    academy: bool
    maintained_twin: str  # the kind a converter academy was before conversion ("" if none)
    word: str  # how names of the kind end


_LA = ("4", "LA maintained schools")
_ACAD = ("10", "Academies")
_FREE = ("11", "Free Schools")
_SPECIAL = ("5", "Special schools")
_IND = ("3", "Independent schools")
_PRI = ("2", "Primary")
_SEC = ("4", "Secondary")
_NA = ("0", "Not applicable")


def _k(
    type_: tuple[str, str],
    group: tuple[str, str],
    phase: tuple[str, str],
    ages: tuple[int, int],
    nftype: str,
    census: str,
    ofsted: tuple[str, str, str],
    pupils: int,
    estab: int,
    twin: str = "",
    word: str = "School",
) -> Kind:
    return Kind(
        type_[0],
        type_[1],
        group[0],
        group[1],
        phase[0],
        phase[1],
        ages[0],
        ages[1],
        nftype,
        census,
        ofsted[0],
        ofsted[1],
        ofsted[2],
        pupils,
        estab,
        group[0] in {"10", "11"},
        twin,
        word,
    )


_SF_PRI = "State-funded primary"
_SF_SEC = "State-funded secondary"
_SF_SPE = "State-funded special school"
_PRI_O = "Primary"
_SEC_O = "Secondary"

KINDS: dict[str, Kind] = {
    "nursery": _k(
        ("15", "Local authority nursery school"),
        _LA,
        ("1", "Nursery"),
        (2, 5),
        "",
        "State-funded nursery",
        ("LA Nursery School", "Nursery", "Nursery"),
        90,
        1000,
        word="Nursery School",
    ),
    "primary": _k(
        ("01", "Community school"),
        _LA,
        _PRI,
        (4, 11),
        "CY",
        _SF_PRI,
        ("Community School", _PRI_O, _PRI_O),
        330,
        2000,
        word="Primary School",
    ),
    "infant": _k(
        ("01", "Community school"),
        _LA,
        _PRI,
        (4, 7),
        "CY",
        _SF_PRI,
        ("Community School", _PRI_O, _PRI_O),
        220,
        2600,
        word="Infant School",
    ),
    "junior": _k(
        ("01", "Community school"),
        _LA,
        _PRI,
        (7, 11),
        "CY",
        _SF_PRI,
        ("Community School", _PRI_O, _PRI_O),
        300,
        2700,
        word="Junior School",
    ),
    "primary_va": _k(
        ("02", "Voluntary aided school"),
        _LA,
        _PRI,
        (4, 11),
        "VA",
        _SF_PRI,
        ("Voluntary Aided School", _PRI_O, _PRI_O),
        250,
        3400,
        word="Primary School",
    ),
    "primary_vc": _k(
        ("03", "Voluntary controlled school"),
        _LA,
        _PRI,
        (4, 11),
        "VC",
        _SF_PRI,
        ("Voluntary Controlled School", _PRI_O, _PRI_O),
        210,
        3000,
        word="Primary School",
    ),
    "primary_fd": _k(
        ("05", "Foundation school"),
        _LA,
        _PRI,
        (4, 11),
        "FD",
        _SF_PRI,
        ("Foundation School", _PRI_O, _PRI_O),
        350,
        5200,
        word="Primary School",
    ),
    "primary_acc": _k(
        ("34", "Academy converter"),
        _ACAD,
        _PRI,
        (4, 11),
        "ACC",
        _SF_PRI,
        ("Academy Converter", _PRI_O, _PRI_O),
        380,
        2100,
        "primary",
        word="Primary School",
    ),
    "primary_ac": _k(
        ("28", "Academy sponsor led"),
        _ACAD,
        _PRI,
        (4, 11),
        "AC",
        _SF_PRI,
        ("Academy Sponsor Led", _PRI_O, _PRI_O),
        360,
        2200,
        "primary",
        word="Primary Academy",
    ),
    "primary_free": _k(
        ("35", "Free schools"),
        _FREE,
        _PRI,
        (4, 11),
        "F",
        _SF_PRI,
        ("Free School", _PRI_O, _PRI_O),
        280,
        2300,
        word="Primary Academy",
    ),
    "secondary": _k(
        ("01", "Community school"),
        _LA,
        _SEC,
        (11, 16),
        "CY",
        _SF_SEC,
        ("Community School", _SEC_O, _SEC_O),
        950,
        4000,
        word="School",
    ),
    "secondary_va": _k(
        ("02", "Voluntary aided school"),
        _LA,
        _SEC,
        (11, 18),
        "VA",
        _SF_SEC,
        ("Voluntary Aided School", _SEC_O, _SEC_O),
        1100,
        4600,
        word="High School",
    ),
    "secondary_fd": _k(
        ("05", "Foundation school"),
        _LA,
        _SEC,
        (11, 18),
        "FD",
        _SF_SEC,
        ("Foundation School", _SEC_O, _SEC_O),
        1200,
        5400,
        word="School",
    ),
    "secondary_acc": _k(
        ("34", "Academy converter"),
        _ACAD,
        _SEC,
        (11, 18),
        "ACC",
        _SF_SEC,
        ("Academy Converter", _SEC_O, _SEC_O),
        1250,
        4100,
        "secondary",
        word="School",
    ),
    "secondary_ac": _k(
        ("28", "Academy sponsor led"),
        _ACAD,
        _SEC,
        (11, 16),
        "AC",
        _SF_SEC,
        ("Academy Sponsor Led", _SEC_O, _SEC_O),
        900,
        6900,
        "secondary",
        word="Academy",
    ),
    "secondary_free": _k(
        ("35", "Free schools"),
        _FREE,
        _SEC,
        (11, 16),
        "F",
        _SF_SEC,
        ("Free School", _SEC_O, _SEC_O),
        600,
        4200,
        word="Academy",
    ),
    "all_through": _k(
        ("34", "Academy converter"),
        _ACAD,
        ("7", "All-through"),
        (4, 18),
        "ACC",
        _SF_SEC,
        ("Academy Converter", _SEC_O, _SEC_O),
        1500,
        4300,
        word="School",
    ),
    "special": _k(
        ("07", "Community special school"),
        _SPECIAL,
        _NA,
        (2, 19),
        "CYS",
        _SF_SPE,
        ("Community Special School", "Special", "Special"),
        120,
        7000,
        word="School",
    ),
    "special_acc": _k(
        ("44", "Academy special converter"),
        _ACAD,
        _NA,
        (3, 19),
        "ACCS",
        _SF_SPE,
        ("Academy Special Converter", "Special", "Special"),
        140,
        7100,
        "special",
        word="School",
    ),
    "special_free": _k(
        ("36", "Free schools special"),
        _FREE,
        _NA,
        (4, 19),
        "FS",
        _SF_SPE,
        ("Free School Special", "Special", "Special"),
        90,
        7200,
        word="School",
    ),
    "pru": _k(
        ("14", "Pupil referral unit"),
        _LA,
        _NA,
        (5, 16),
        "",
        "Pupil referral unit",
        ("Pupil Referral Unit", "Alternative provision", "PRU"),
        45,
        1100,
        word="Pupil Referral Unit",
    ),
    "ap_acc": _k(
        ("42", "Academy alternative provision converter"),
        _ACAD,
        _NA,
        (11, 16),
        "",
        "Pupil referral unit",
        ("Academy Alternative Provision Converter", "Alternative provision", "PRU"),
        60,
        1150,
        "pru",
        word="Academy",
    ),
    "independent": _k(
        ("11", "Other independent school"),
        _IND,
        _NA,
        (3, 18),
        "",
        "Independent school",
        ("", "", ""),
        420,
        6000,
        word="School",
    ),
}

# Ofsted inspects state-funded schools only; the performance tables' Ofsted file holds the same.
INSPECTED = {name for name, kind in KINDS.items() if kind.ofsted_type}
