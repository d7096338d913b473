"""Explore Education Statistics (EES) tidy files, as data: which column holds which measure, which
filter values make a row the headline, and which geography basis is preferred.

EES files have one row per area (or school), period and breakdown: ``time_period`` (202324),
``geographic_level`` (National, Regional, Local authority, School), filter columns (``breakdown``,
``sex``, ``rurality``, ``geography_basis``...) and indicator columns. ``ees.py`` reads these tables;
nothing in it names a publication's column.

Where each layout's names come from:

* ``ks4_school_information``: the real EES KS4 2023/24 school information file (60 columns), a slice
  of which is in ../shared/data/performance_tables/ees_ks4_2023-24.
* ``ks4_characteristics``: the real EES KS4 2024/25 (provisional) rurality/IDACI file (184 columns,
  ../shared/data/performance_tables/ees_ks4_2024-25_national_regional): national and regional
  headline measures with ``version``, ``geography_basis`` and breakdown filters.
* ``ks4_performance``: the header of the EES KS4 2023/24 school-level performance file
  (``202324_performance_tables_schools_final.csv``) as SOURCES.md section 6 gives it; only its first
  50 columns are known, so the rest of a real file is reported as unknown until listed here.
* ``ks2_by_subject`` and ``ks2``: no real file has been seen; names come from public code that reads
  the published files. Hand-made fixtures in tests/data/performance say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peerlift.domain.areas import AreaType


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class EesColumn:
    """An indicator column of an EES file and the stable measure it holds.

    ``subject``: the file has one row per subject and this measure is the row of that subject.
    ``complement``: the file gives the share of pupils *without* the characteristic, and the measure is
    100 minus it (``pt_not_mobile`` -> ``ks4_mobile_pct``).
    ``text``: the value is a label kept as text (``p8_banding``: "Well above average").
    """

    column: str
    measure: str
    subject: str | None = None
    complement: bool = False
    text: bool = False


@dataclass(frozen=True, slots=True)
class EesLayout:
    """One EES publication's columns.

    A file is the layout of which it has the most ``signature`` columns (any one will do, so that a
    renamed column does not hide the file; ties go to the first). ``known`` are its columns read as
    filters or identifiers, or deliberately not carried (sums and counts behind the averages, subject
    entries...), so that anything else in a file is reported as unknown.
    """

    name: str
    signature: frozenset[str]
    columns: tuple[EesColumn, ...]
    known: frozenset[str] = field(default_factory=frozenset)


# Columns every EES file has, or that identify the area or school a row is about.
EES_COMMON = _names(
    """
time_period time_identifier geographic_level country_code country_name region_code region_name
old_la_code new_la_code la_name lad_code lad_name pcon_code pcon_name school_urn school_laestab
school_name school_type establishment_type_group establishment_type version
"""
)

# ---------------------------------------------------------------------------------------------
# KS4 school information (cohort characteristics), 2023/24 on

_KS4_SCHOOL_INFORMATION = EesLayout(
    "ks4_school_information",
    frozenset({"avg_ks2_scaledscore", "pt_prior_lo", "pt_not_mobile", "diffn_att8", "p8_banding"}),
    (
        EesColumn("t_pupils", "ks4_pupils"),
        EesColumn("avg_ks2_scaledscore", "ks4_prior_attainment"),
        EesColumn("pt_prior_lo", "ks4_prior_low_pct"),
        EesColumn("pt_prior_av", "ks4_prior_average_pct"),
        EesColumn("pt_prior_hi", "ks4_prior_high_pct"),
        EesColumn("pt_disadvantaged", "ks4_disadvantaged_pct"),
        EesColumn("pt_language_not_english", "ks4_eal_pct"),
        EesColumn("pt_sen_no_ehcp", "ks4_sen_support_pct"),
        EesColumn("pt_sen_with_ehcp", "ks4_ehcp_pct"),
        EesColumn("pt_not_mobile", "ks4_mobile_pct", complement=True),
        EesColumn("diffn_att8", "attainment8_disadvantaged_gap"),
        EesColumn("diffn_p8mea", "progress8_disadvantaged_gap"),
        EesColumn("p8_banding", "progress8_band", text=True),
    ),
    _names(
        """
full_address telnum contflag iclose reldenom admpol_pt egender feeder agerange t_allks_pupils
t_allks_boys t_allks_girls t_boys pt_boys t_girls pt_girls t_prior_lo t_prior_av t_prior_hi
t_disadvantaged t_not_disadvantaged pt_not_disadvantaged t_language_not_english t_language_english
pt_language_english t_language_unknown pt_language_unknown t_not_mobile t_sen_with_ehcp t_sen pt_sen
t_sen_no_ehcp
"""
    ),
)

# ---------------------------------------------------------------------------------------------
# KS4 performance, school level (2023/24 header)

_KS4_PERFORMANCE = EesLayout(
    "ks4_performance",
    frozenset({"avg_att8", "avg_p8score", "pt_l2basics_94"}),
    (
        EesColumn("t_pupils", "ks4_pupils"),
        EesColumn("avg_att8", "attainment8"),
        EesColumn("avg_p8score", "progress8"),
        EesColumn("p8score_ci_low", "progress8_lower_ci"),
        EesColumn("p8score_ci_upp", "progress8_upper_ci"),
        # LA and regional files of earlier years wrote the confidence limits in capitals.
        EesColumn("p8score_CI_low", "progress8_lower_ci"),
        EesColumn("p8score_CI_upp", "progress8_upper_ci"),
        EesColumn("t_inp8calc", "progress8_pupils"),
        EesColumn("pt_l2basics_94", "basics_94_pct"),
        EesColumn("pt_l2basics_95", "basics_95_pct"),
        EesColumn("pt_ebacc_e_ptq_ee", "ebacc_entry_pct"),
        EesColumn("avg_ebaccaps", "ebacc_aps"),
    ),
    _names(
        """
breakdown_topic breakdown sex disadvantage first_language prior_attainment mobility t_att8
t_entbasics pt_entbasics t_l2basics_95 t_l2basics_94 t_ebacc_e_ptq_ee t_ebacc_95 pt_ebacc_95
t_ebacc_94 pt_ebacc_94 t_ebaccaps t_p8score t_p8eng avg_p8eng p8eng_ci_low p8eng_ci_upp t_p8mat
avg_p8mat p8mat_ci_low p8mat_ci_upp
"""
    ),
)

# ---------------------------------------------------------------------------------------------
# KS4 national and regional by characteristic (2024/25 layout: attainment8_average ...)

_KS4_CHARACTERISTICS_KNOWN = _names(
    """
geography_basis breakdown_topic rurality relative_access idaci_decile school_count attainment8_sum
engmath_entering_total engmath_entering_percent engmath_95_total engmath_94_total
ebacc_entering_total ebacc_95_total ebacc_95_percent ebacc_94_total ebacc_94_percent ebacc_aps_sum
progress8_sum progress8eng_sum progress8eng_average progress8eng_lower_95_ci progress8eng_upper_95_ci
progress8mat_sum progress8mat_average progress8mat_lower_95_ci progress8mat_upper_95_ci
progress8ebacc_sum progress8ebacc_average progress8ebacc_lower_95_ci progress8ebacc_upper_95_ci
progress8open_sum progress8open_average progress8open_lower_95_ci progress8open_upper_95_ci
gcse_entering_total gcse_entering_percent gcse_91_total gcse_91_percent ebacceng_entering_total
ebacceng_entering_percent ebaccmat_entering_total ebaccmat_entering_percent ebaccsci_entering_total
ebaccsci_entering_percent ebacchum_entering_total ebacchum_entering_percent ebacclan_entering_total
ebacclan_entering_percent ebacceng_95_total ebacceng_95_percent ebaccmat_95_total ebaccmat_95_percent
ebaccsci_95_total ebaccsci_95_percent ebacchum_95_total ebacchum_95_percent ebacclan_95_total
ebacclan_95_percent ebacceng_94_total ebacceng_94_percent ebaccmat_94_total ebaccmat_94_percent
ebaccsci_94_total ebaccsci_94_percent ebacchum_94_total ebacchum_94_percent ebacclan_94_total
ebacclan_94_percent ebacceng_aps_sum ebacceng_aps_average ebaccmat_aps_sum ebaccmat_aps_average
ebaccsci_aps_sum ebaccsci_aps_average ebacchum_aps_sum ebacchum_aps_average ebacclan_aps_sum
ebacclan_aps_average attainment8eng_sum attainment8eng_average attainment8mat_sum
attainment8mat_average attainment8ebacc_sum attainment8ebacc_average attainment8open_sum
attainment8open_average attainment8open_gcse_sum attainment8open_gcse_average
attainment8open_nongcse_sum attainment8open_nongcse_average attainment8ebacc_slotfill_total
attainment8ebacc_slotfill_average attainment8open_slotfill_total attainment8open_slotfill_average
ebacc_entering_0pillar_total ebacc_entering_0pillar_percent ebacc_entering_1pillar_total
ebacc_entering_1pillar_percent ebacc_entering_2pillar_total ebacc_entering_2pillar_percent
ebacc_entering_3pillar_total ebacc_entering_3pillar_percent ebacc_entering_4pillar_total
ebacc_entering_4pillar_percent ebaccsci_combpath_entering_total ebaccsci_combpath_entering_percent
ebaccsci_indpath_entering_total ebaccsci_indpath_entering_percent sci_triple_entering_total
sci_triple_entering_percent geoghist_entering_total geoghist_entering_percent
lan_multiple_entering_total lan_multiple_entering_percent art_subject_entering_total
art_subject_entering_percent music_qual_entering_total music_qual_entering_percent
art_qual_entering_total art_qual_entering_percent ebacceng_91_total ebacceng_91_percent
ebaccmat_91_total ebaccmat_91_percent ebaccsci_91_total ebaccsci_91_percent ebacchum_91_total
ebacchum_91_percent ebacclan_91_total ebacclan_91_percent ebacc_91_total ebacc_91_percent
gcse_five_engmath_total gcse_five_engmath_percent progress8_pupil_percent progress8_adjusted_total
progress8_adjusted_percent progress8original_sum progress8original_average
progress8original_lower_95_ci progress8original_upper_95_ci valueaddedsci_pupil_count
valueaddedsci_pupil_percent valueaddedsci_sum valueaddedsci_average valueaddedsci_lower_95_ci
valueaddedsci_upper_95_ci valueaddedhum_pupil_count valueaddedhum_pupil_percent valueaddedhum_sum
valueaddedhum_average valueaddedhum_lower_95_ci valueaddedhum_upper_95_ci valueaddedlan_pupil_count
valueaddedlan_pupil_percent valueaddedlan_sum valueaddedlan_average valueaddedlan_lower_95_ci
valueaddedlan_upper_95_ci qual_entries_sum qual_entries_average gcse_entries_sum gcse_entries_average
qual_entries_without_discounting_sum qual_entries_without_discounting_average
"""
)

_KS4_CHARACTERISTICS = EesLayout(
    "ks4_characteristics",
    frozenset({"attainment8_average", "progress8_average", "engmath_94_percent"}),
    (
        EesColumn("pupil_count", "ks4_pupils"),
        EesColumn("attainment8_average", "attainment8"),
        EesColumn("progress8_average", "progress8"),
        EesColumn("progress8_lower_95_ci", "progress8_lower_ci"),
        EesColumn("progress8_upper_95_ci", "progress8_upper_ci"),
        EesColumn("progress8_pupil_count", "progress8_pupils"),
        EesColumn("engmath_94_percent", "basics_94_pct"),
        EesColumn("engmath_95_percent", "basics_95_pct"),
        EesColumn("ebacc_entering_percent", "ebacc_entry_pct"),
        EesColumn("ebacc_aps_average", "ebacc_aps"),
    ),
    _KS4_CHARACTERISTICS_KNOWN,
)

# ---------------------------------------------------------------------------------------------
# KS2 (no real file seen: see the module docstring)

_RWM = "Reading, writing and maths"

_KS2_BY_SUBJECT = EesLayout(
    "ks2_by_subject",
    frozenset({"expected_standard_pupil_percent", "progress_measure_score"}),
    (
        EesColumn("expected_standard_pupil_percent", "ks2_rwm_expected", _RWM),
        EesColumn("higher_standard_pupil_percent", "ks2_rwm_high", _RWM),
        EesColumn("eligible_pupil_count", "ks2_eligible_pupils", _RWM),
        EesColumn("progress_measure_score", "ks2_reading_progress", "Reading"),
        EesColumn("progress_measure_score", "ks2_writing_progress", "Writing"),
        EesColumn("progress_measure_score", "ks2_maths_progress", "Maths"),
        EesColumn("average_scaled_score", "ks2_reading_average", "Reading"),
        EesColumn("average_scaled_score", "ks2_maths_average", "Maths"),
        EesColumn("average_scaled_score", "ks2_gps_average", "Grammar, punctuation and spelling"),
    ),
    _names(
        "subject breakdown_topic breakdown progress_measure_lower_conf_interval "
        "progress_measure_upper_conf_interval"
    ),
)

_KS2 = EesLayout(
    "ks2",
    frozenset({"pt_rwm_met_expected_standard", "avg_read_progress_score"}),
    (
        EesColumn("pt_rwm_met_expected_standard", "ks2_rwm_expected"),
        EesColumn("pt_rwm_met_higher_standard", "ks2_rwm_high"),
        EesColumn("t_rwm_eligible_pupils", "ks2_eligible_pupils"),
        EesColumn("avg_read_progress_score", "ks2_reading_progress"),
        EesColumn("avg_writta_progress_score", "ks2_writing_progress"),
        EesColumn("avg_mat_progress_score", "ks2_maths_progress"),
    ),
    _names("breakdown_topic breakdown"),
)

EES_LAYOUTS: tuple[EesLayout, ...] = (
    _KS4_SCHOOL_INFORMATION,
    _KS4_CHARACTERISTICS,
    _KS4_PERFORMANCE,
    _KS2_BY_SUBJECT,
    _KS2,
)

# ---------------------------------------------------------------------------------------------
# Rows: levels, filters, pupil groups, versions

# geographic_level -> where the row goes ("school" rows go to school_measures). Other levels
# (Parliamentary constituency, Local authority district...) are skipped with their name.
SCHOOL = "school"
EES_LEVELS: dict[str, str] = {
    "School": SCHOOL,
    "Local authority": AreaType.LA.value,
    "Regional": AreaType.REGION.value,
    "National": AreaType.ENGLAND.value,
}


@dataclass(frozen=True, slots=True)
class EesFilter:
    """A filter column and the values that mean "everyone" (the headline row).

    ``groups``: its other values may be pupil groups that peerlift maps to measures of their own
    (EES_GROUPS). ``areas_only``: the column describes a school itself on school rows (its type), so
    it filters area rows only.
    """

    column: str
    headline: frozenset[str]
    groups: bool = False
    areas_only: bool = False


_TOTAL = frozenset({"Total", "All pupils"})

EES_FILTERS: tuple[EesFilter, ...] = (
    EesFilter("breakdown", _TOTAL, groups=True),
    EesFilter("disadvantage", _TOTAL, groups=True),
    EesFilter("disadvantage_status", _TOTAL, groups=True),
    EesFilter("fsm_status", _TOTAL, groups=True),
    EesFilter("sex", _TOTAL),
    EesFilter("gender", _TOTAL),
    EesFilter("first_language", _TOTAL),
    EesFilter("prior_attainment", _TOTAL),
    EesFilter("mobility", _TOTAL),
    EesFilter("ethnicity_major", _TOTAL),
    EesFilter("ethnicity_minor", _TOTAL),
    EesFilter("sen_provision", _TOTAL),
    EesFilter("sen_primary_need", _TOTAL),
    EesFilter("month_of_birth", _TOTAL),
    EesFilter("rurality", _TOTAL),
    EesFilter("relative_access", _TOTAL),
    EesFilter("idaci_decile", _TOTAL),
    EesFilter(
        "establishment_type_group",
        frozenset({"Total", "All state-funded", "State-funded schools"}),
        areas_only=True,
    ),
)

# The column naming which filter a row breaks down by; it is "Total" on headline rows. A pupil-group
# row (breakdown_topic "Disadvantage", breakdown "Disadvantaged") is read whatever its topic says.
EES_TOPIC = EesFilter("breakdown_topic", _TOTAL)

EES_GROUPS: dict[str, str] = {
    "Disadvantaged": "disadvantaged",
    "Not known to be disadvantaged": "not_disadvantaged",
    "Disadvantaged all other": "not_disadvantaged",
    "Not disadvantaged": "not_disadvantaged",
}
EES_GROUP_MEASURES: dict[str, dict[str, str]] = {
    "disadvantaged": {
        "ks2_rwm_expected": "ks2_rwm_expected_disadvantaged",
        "ks2_reading_progress": "ks2_reading_progress_disadvantaged",
        "ks2_writing_progress": "ks2_writing_progress_disadvantaged",
        "ks2_maths_progress": "ks2_maths_progress_disadvantaged",
        "attainment8": "attainment8_disadvantaged",
        "progress8": "progress8_disadvantaged",
    },
    "not_disadvantaged": {
        "ks2_rwm_expected": "ks2_rwm_expected_not_disadvantaged",
        "attainment8": "attainment8_not_disadvantaged",
        "progress8": "progress8_not_disadvantaged",
    },
}


@dataclass(frozen=True, slots=True)
class EesPreference:
    """A column whose values give the same figure more than once (one row per geography basis): the
    value first in ``order`` is the headline, the other rows are not loaded and are listed as skipped
    with ``reason``. A value not in ``order`` ranks last. (Versions, Provisional/Revised/Final, are
    figures' statuses instead: domain.years.HEADLINE_ORDER picks the headline, the others are kept.)"""

    column: str
    order: tuple[str, ...]
    reason: str


EES_PREFERENCES: tuple[EesPreference, ...] = (
    # Pupils counted where their school is (as every other register figure) over where they live.
    EesPreference(
        "geography_basis",
        ("School location", "Pupil residency"),
        "figures by {value}: the file also gives them by school location, the headline",
    ),
)
