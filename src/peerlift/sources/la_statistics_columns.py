"""What the DfE's LA-level files say, as data: LAIT measure codes, year labels, areas and polarities.

Kept apart from the readers so that a new LAIT vintage (a new code, a new way of writing a year) is
a change to a table here, not to an if-chain in ``la_statistics.py``.
"""

from __future__ import annotations

from peerlift.domain.measures import Polarity

# ---------------------------------------------------------------------------------------------
# The LAIT long ("BDS") parquet

SHORT_DESC = "Short Desc"
DATA_ITEM = "Data item"
YEARS = "Years"
AREA_NAME = "LA and Regions"
VALUES = "Values"
LA_NUMBER = "LA Number"
REGION = "Region"

LAIT_REQUIRED = (SHORT_DESC, YEARS, AREA_NAME, VALUES, LA_NUMBER)
# `Data item` (the measure's words, only on the first row of some measures) is known but not carried:
# the dictionary file gives every measure's label. `Region` becomes local_authorities.region.
LAIT_KNOWN = (*LAIT_REQUIRED, DATA_ITEM, REGION)

# LAIT's codes for England and the regions (its "LA Number" column). Regions take their GSS code from
# their name through domain.areas.region_code; the number only says that the row is a region.
ENGLAND_NUMBERS = frozenset({970})
REGION_NUMBERS = frozenset(range(980, 991))  # 980 North East ... 986 London, 987/988 Inner/Outer, 990 SW

# LAIT writes the London sub-regions its own way round; domain.areas knows the usual names.
REGION_ALIASES: dict[str, str] = {
    "london (inner)": "Inner London",
    "london (outer)": "Outer London",
}

# LAIT numbers LAs from 201 (City of London) to the 900s (999 is peerlift's demo LA, "Demo City"); a
# number outside this range that is not England's or a region's is no area LAIT writes, and its rows
# are skipped as unknown LAs. How LAIT
# writes a year ("2024", "2015-16 (OT)", "2013-15"...) is read by domain.years, one grammar for all files.
LA_NUMBER_RANGE = (100, 999)

# LAIT codes whose definition matches a stable measure of domain/measures.py. Each was checked
# against the data dictionary's `Measure` and `Description`; codes not listed keep LAIT's own code.
# Deliberately NOT mapped:
#   PriFSM / SecFSM, EALPri / EALSec, Ever6_FSM_Prim / _Sec: LAIT only gives primary and secondary
#     separately, while fsm_pct, eal_pct and fsm_ever_pct are all-pupil figures.
#   KS2GPS_Expected_STD, KS2R_Expected_STD ...: single-subject expected standard has no stable name.
STABLE_NAMES: dict[str, str] = {
    # Key stage 2, all pupils, state-funded schools
    "KS2RWM_Expected_STD": "ks2_rwm_expected",  # % reaching the expected standard in RWM
    "KS2RWM_Higher_STD": "ks2_rwm_high",  # % reaching the higher standard in RWM
    "KS2R_Prog_VA": "ks2_reading_progress",  # KS1-KS2 progress (value added) score, reading
    "KS2W_Prog_VA": "ks2_writing_progress",
    "KS2M_Prog_VA": "ks2_maths_progress",
    "KS2R_AVG_Scaled_Score": "ks2_reading_average",
    "KS2M_AVG_Scaled_Score": "ks2_maths_average",
    "KS2GPS_AVG_Scaled_Score": "ks2_gps_average",
    "DAP_NEW_KS2_RWM": "ks2_rwm_expected_disadvantaged",
    "NonDAP_NEW_KS2_RWM": "ks2_rwm_expected_not_disadvantaged",
    # Key stage 4
    "AVG_Attain8_Score": "attainment8",  # average Attainment 8 score per pupil
    "AVG_Prog8_Score": "progress8",  # average Progress 8 score
    "DAP_KS4_ATT8": "attainment8_disadvantaged",
    "NonDAP_KS4_ATT8": "attainment8_not_disadvantaged",
    "DAP_KS4_Prog8": "progress8_disadvantaged",
    "NonDAP_KS4_Prog8": "progress8_not_disadvantaged",
    "EngMaths9-4": "basics_94_pct",  # % grade 4 or above in English and maths
    "EngMaths9-5": "basics_95_pct",
    "EngBacEntries": "ebacc_entry_pct",  # English Baccalaureate entries (%)
    "EngBacAvgPointScore": "ebacc_aps",
    # Pupils: all state-funded schools (primary, secondary and special)
    "SEN_TotSENSuP": "sen_support_pct",  # % of pupils with SEN support (all schools)
    "SEN_TotStat": "ehcp_pct",  # % of pupils with a statement or EHC plan (all schools)
    # Absence: state-funded primary, secondary and special schools
    "TotAbs": "overall_absence_pct",  # % of half-day sessions missed
    "TotPerAbNew": "persistent_absence_pct",  # % of pupils persistently absent (10% definition)
}

# ---------------------------------------------------------------------------------------------
# The LAIT data dictionary CSV

DICT_CODE = "Measure_short"  # the LAIT code; `Measure_code` is only a numeric grouping
DICT_LABEL = "Measure"
DICT_TOPIC = "Topic"
DICT_POLARITY = "Polarity"
DICT_DESCRIPTION = "Description"
DICT_AXIS = "y_axis_name"  # what a figure counts ("% of pupils", "Spend", "Rate per 10,000"): its unit
DICT_OWNER = "Data Owner (DO) /Supplier and Contact Details"  # who publishes it (DfE, ONS, ...)
DICT_REQUIRED = (DICT_CODE, DICT_LABEL, DICT_POLARITY)
# Columns of the real dictionary that peerlift recognises but does not store.
DICT_RECOGNISED = (
    "Measure_code",
    "Chart_title",
    "state_funded_flag",
    "Table_status",
    "Last Update",
    "Next Update",
    "Methodology",
    "Hyperlink(s)",
    "dps",
    "Year_Type",
    "No_Quartile",
)
DICT_KNOWN = (
    DICT_CODE,
    DICT_LABEL,
    DICT_TOPIC,
    DICT_POLARITY,
    DICT_DESCRIPTION,
    DICT_AXIS,
    DICT_OWNER,
    *DICT_RECOGNISED,
)

# The dictionary's `Polarity` words (compared case-insensitively): "High" is good when high, "Low"
# when low; "-" and "NA" (contextual figures such as % FSM) are neither.
POLARITIES: dict[str, Polarity] = {
    "high": Polarity.HIGHER_BETTER,
    "low": Polarity.LOWER_BETTER,
    "-": Polarity.NEUTRAL,
    "na": Polarity.NEUTRAL,
    "": Polarity.NEUTRAL,
}

# ---------------------------------------------------------------------------------------------
# The LA code list workbook

CODE_LIST_NUMBER = "LA Number"
CODE_LIST_NAME = "LA Name"
CODE_LIST_REGION = "Region"
CODE_LIST_TYPE = "Type"
CODE_LIST_COLUMNS = (CODE_LIST_NUMBER, CODE_LIST_NAME, CODE_LIST_REGION, CODE_LIST_TYPE)
NOT_AN_LA_TYPES = frozenset({"", "na"})  # England and regions have Type "NA"
