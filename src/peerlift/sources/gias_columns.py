"""How the columns of GIAS (and older EduBase) establishment extracts map onto the establishments frame.

Kept as data so that a new or renamed column is a one-line change here, not a change of code. Each
field lists the source columns that can carry it, in order of preference; the first one a file has
is used. The three layouts seen so far use the same names for every mapped field, but they differ in
which columns they have at all (the 2015 EduBase extract has no EstablishmentTypeGroup, the website's
search download has no "(code)" columns except the LA's).
"""

from __future__ import annotations

from dataclasses import dataclass

# Establishment fields, by how they are typed. Keys are columns of frames.ESTABLISHMENTS.
URN = "URN"
LA_CODE = "LA (code)"
ESTABLISHMENT_NUMBER = "EstablishmentNumber"
PHASE = "PhaseOfEducation (name)"
LINKED = "Linked establishments"  # the search download's last named column
LAST_CHANGED = "LastChangedDate"  # dd-mm-yyyy: the latest in a file is a floor for the extract's date

INTEGER_FIELDS: dict[str, tuple[str, ...]] = {
    "low_age": ("StatutoryLowAge",),
    "high_age": ("StatutoryHighAge",),
    "pupils": ("NumberOfPupils",),
    "capacity": ("SchoolCapacity",),
    "easting": ("Easting",),
    "northing": ("Northing",),
}
FLOAT_FIELDS: dict[str, tuple[str, ...]] = {
    "fsm_pct": ("PercentageFSM",),
}
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "open_date": ("OpenDate",),
    "close_date": ("CloseDate",),
}
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "la_gss": ("GSSLACode (name)",),
    "la_name": ("LA (name)",),
    "name": ("EstablishmentName",),
    "type": ("TypeOfEstablishment (name)",),
    "type_group": ("EstablishmentTypeGroup (name)",),
    "status": ("EstablishmentStatus (name)",),
    "gender": ("Gender (name)",),
    "religious_character": ("ReligiousCharacter (name)",),
    "trust": ("Trusts (name)",),
    "trust_code": ("Trusts (code)",),
    "federation": ("Federations (name)",),
    "postcode": ("Postcode",),
    "town": ("Town",),
    "urban_rural": ("UrbanRural (name)",),
    "region": ("GOR (name)",),
}

# Type groups: one name for each group whichever extract it came from (2018 extracts say "LA
# maintained schools", later ones "Local authority maintained schools"), and the group of each type
# for extracts with no type-group column (the 2015 EduBase extract). Keys are lower case.
LA_MAINTAINED = "Local authority maintained schools"
TYPE_GROUP_NAMES = {"la maintained schools": LA_MAINTAINED}
TYPE_GROUPS_BY_TYPE = {
    **dict.fromkeys(
        (
            "community school",
            "voluntary aided school",
            "voluntary controlled school",
            "foundation school",
            "local authority nursery school",
            "pupil referral unit",
        ),
        LA_MAINTAINED,
    ),
    **dict.fromkeys(
        ("community special school", "foundation special school", "non-maintained special school"),
        "Special schools",
    ),
    **dict.fromkeys(
        (
            "academy converter",
            "academy sponsor led",
            "academy special converter",
            "academy special sponsor led",
            "academy alternative provision converter",
            "academy alternative provision sponsor led",
            "academy 16-19 converter",
            "academy 16-19 sponsor led",
            "academy 16 to 19 sponsor led",
        ),
        "Academies",
    ),
    **dict.fromkeys(
        (
            "free schools",
            "free schools special",
            "free schools alternative provision",
            "free schools - alternative provision",
            "free schools 16 to 19",
            "free schools - 16-19",
            "university technical college",
            "studio schools",
        ),
        "Free Schools",
    ),
    **dict.fromkeys(("other independent school", "other independent special school"), "Independent schools"),
}

# A file without these is not an establishment extract.
REQUIRED = (URN, LA_CODE, ESTABLISHMENT_NUMBER, "EstablishmentName")

# Words GIAS may put in a numeric column to say there is no number. They become null (the record
# keeps the words); anything else that is not a number is kept as null and counted in the notes
# (sources.base.TextTable.odd_cells); a key (URN, LA code, establishment number) must be a number.
NUMERIC_BLANKS = ("not applicable", "does not apply", "unknown", "not recorded")


def mapped_columns() -> set[str]:
    """Every source column some field is read from."""
    columns = {URN, LA_CODE, ESTABLISHMENT_NUMBER, PHASE}
    for fields in (INTEGER_FIELDS, FLOAT_FIELDS, DATE_FIELDS, TEXT_FIELDS):
        for sources in fields.values():
            columns.update(sources)
    return columns


# Columns peerlift recognises but does not map to a field of its own: they are kept, in full, in each
# establishment's `record`. Taken from the headers of the real extracts of 2015, 2018 and 2022.
RECOGNISED_UNMAPPED: frozenset[str] = frozenset(
    {
        # codes beside the names that are mapped
        "TypeOfEstablishment (code)",
        "EstablishmentTypeGroup (code)",
        "EstablishmentStatus (code)",
        "PhaseOfEducation (code)",
        "Gender (code)",
        "ReligiousCharacter (code)",
        "GOR (code)",
        "UrbanRural (code)",
        # opening, closing, character
        "ReasonEstablishmentOpened (code)",
        "ReasonEstablishmentOpened (name)",
        "ReasonEstablishmentClosed (code)",
        "ReasonEstablishmentClosed (name)",
        "Boarders (code)",
        "Boarders (name)",
        "BoardingEstablishment (name)",
        "NurseryProvision (name)",
        "OfficialSixthForm (code)",
        "OfficialSixthForm (name)",
        "ReligiousEthos (name)",
        "Diocese (code)",
        "Diocese (name)",
        "AdmissionsPolicy (code)",
        "AdmissionsPolicy (name)",
        "SpecialClasses (code)",
        "SpecialClasses (name)",
        "FreshStart (name)",
        "StudioSchoolIndicator (name)",
        "RegisteredEY (name)",
        # pupils
        "CensusDate",
        "NumberOfBoys",
        "NumberOfGirls",
        "FSM",
        "ASCHighestAge",
        "ASCLowestAge",
        "SpecialPupils",
        "ApprovedNumberBoardersSpecial",
        *(f"Boys{age}" for age in ("2", "3", "4a", "4b", "4c", *map(str, range(5, 19)), "19plus")),
        *(f"Girls{age}" for age in ("2andUnder", "3", "4a", "4b", "4c", *map(str, range(5, 19)), "19plus")),
        # governance
        "TrustSchoolFlag (code)",
        "TrustSchoolFlag (name)",
        "SchoolSponsorFlag (name)",
        "SchoolSponsors (name)",
        "FederationFlag (name)",
        "Federations (code)",
        "UKPRN",
        "FEHEIdentifier",
        "FurtherEducationType (name)",
        "CHNumber",
        "PropsName",
        "PreviousLA (code)",
        "PreviousLA (name)",
        "PreviousEstablishmentNumber",
        # inspection
        "OfstedLastInsp",
        "OfstedSpecialMeasures (code)",
        "OfstedSpecialMeasures (name)",
        "OfstedRating (name)",
        "Inspectorate (name)",
        "InspectorateName (name)",
        "BSOInspectorateName (name)",
        "InspectorateReport",
        "DateOfLastInspectionVisit",
        "NextInspectionVisit",
        "QABName (name)",
        "QABReport",
        "EstablishmentAccredited (name)",
        "LastChangedDate",
        # contact
        "Street",
        "Locality",
        "Address3",
        "County (name)",
        "SchoolWebsite",
        "WebsiteAddress",
        "TelephoneNum",
        "TelephoneSTD",
        "HeadTitle (name)",
        "HeadFirstName",
        "HeadLastName",
        "HeadHonours",
        "HeadPreferredJobTitle",
        "SiteName",
        "UPRN",
        # provision
        "TeenMoth (name)",
        "TeenMothPlaces",
        "CCF (name)",
        "SENPRU (name)",
        "EBD (name)",
        "PlacesPRU",
        "FTProv (name)",
        "EdByOther (name)",
        "Section41Approved (name)",
        *(f"SEN{number} (name)" for number in range(1, 14)),
        "TypeOfResourcedProvision (name)",
        "ResourcedProvisionOnRoll",
        "ResourcedProvisionCapacity",
        "SenUnitOnRoll",
        "SenUnitCapacity",
        "SENStat",
        "SENNoStat",
        "MainSpecialism1 (name)",
        "MainSpecialism2 (name)",
        "SecondarySpecialism1 (name)",
        "SecondarySpecialism2 (name)",
        "HP_Leading_Option_1 (name)",
        "HP_Leading_Option_2 (name)",
        "HP_Leading_Option_3 (name)",
        "InvestorInPeople (name)",
        "PFI (name)",
        # geography
        "DistrictAdministrative (code)",
        "DistrictAdministrative (name)",
        "AdministrativeWard (code)",
        "AdministrativeWard (name)",
        "ParliamentaryConstituency (code)",
        "ParliamentaryConstituency (name)",
        "CensusAreaStatisticWard (name)",
        "MSOA (code)",
        "MSOA (name)",
        "LSOA (code)",
        "LSOA (name)",
        "LLSC (name)",
        "RSCRegion (name)",
        "Country (name)",
        # links (the search download)
        LINKED,
    }
)


@dataclass(frozen=True)
class Layout:
    """One published arrangement of the extract, recognised by columns only it has."""

    name: str
    description: str
    signature: tuple[str, ...]  # all present
    linked_fields: bool = False  # rows may carry extra linked establishments past the header


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "all_data",
        'GIAS national "all establishment data" extract (edubasealldataYYYYMMDD.csv)',
        ("TypeOfEstablishment (code)", "EstablishmentTypeGroup (code)", "GSSLACode (name)"),
    ),
    Layout(
        "search_with_links",
        'GIAS website "download search results", all fields with links',
        (LINKED, "EstablishmentTypeGroup (name)"),
        linked_fields=True,
    ),
    Layout(
        "edubase",
        "EduBase extract from before GIAS (2017), older column set and order",
        ("TelephoneSTD", "WebsiteAddress"),
    ),
)
UNRECOGNISED_LAYOUT = Layout("other", "an establishment extract of a layout not seen before", ())

# The links file's columns (links_edubasealldataYYYYMMDD.csv).
LINK_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")
# A link needs its two URNs and its type; a file without the name or date columns still loads them.
LINK_REQUIRED = ("URN", "LinkURN", "LinkType")
