"""Phases of education and the phase groups that the DfE and Ofsted report by."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """GIAS 'PhaseOfEducation', normalised."""

    NURSERY = "nursery"
    PRIMARY = "primary"
    MIDDLE_PRIMARY = "middle_deemed_primary"
    SECONDARY = "secondary"
    MIDDLE_SECONDARY = "middle_deemed_secondary"
    SIXTEEN_PLUS = "16_plus"
    ALL_THROUGH = "all_through"
    NOT_APPLICABLE = "not_applicable"


class PhaseGroup(StrEnum):
    """The groups Ofsted's official statistics report 'good or outstanding' by."""

    NURSERY = "nursery"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SPECIAL = "special"
    PRU_AP = "pru_ap"
    ALL_THROUGH = "all_through"
    SIXTEEN_PLUS = "16_plus"
    OTHER = "other"


_PHASE_NAMES: dict[str, Phase] = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    "middle deemed primary": Phase.MIDDLE_PRIMARY,
    "secondary": Phase.SECONDARY,
    "middle deemed secondary": Phase.MIDDLE_SECONDARY,
    "16 plus": Phase.SIXTEEN_PLUS,
    "all-through": Phase.ALL_THROUGH,
    "all through": Phase.ALL_THROUGH,
    "not applicable": Phase.NOT_APPLICABLE,
}


def parse_phase(name: str | None) -> Phase | None:
    """Map a published phase name ('Middle deemed primary', 'All-through'...) onto Phase."""
    if name is None:
        return None
    return _PHASE_NAMES.get(name.strip().lower())


_SPECIAL_GROUPS = {"special schools", "special school"}
_AP_TYPES = {
    "pupil referral unit",
    "academy alternative provision converter",
    "academy alternative provision sponsor led",
    "free schools alternative provision",
    "alternative provision",
}


def phase_group(phase: Phase | None, type_group: str | None, type_name: str | None) -> PhaseGroup:
    """The reporting group of a school: special and PRU/AP by type, others by phase.

    Ofsted counts special schools and pupil referral units/alternative provision separately from
    their nominal phase, so the type decides before the phase does.
    """
    group = (type_group or "").strip().lower()
    kind = (type_name or "").strip().lower()
    if group in _SPECIAL_GROUPS or "special" in kind:
        return PhaseGroup.SPECIAL
    if kind in _AP_TYPES or "alternative provision" in kind or "pupil referral" in kind:
        return PhaseGroup.PRU_AP
    return (
        {
            Phase.NURSERY: PhaseGroup.NURSERY,
            Phase.PRIMARY: PhaseGroup.PRIMARY,
            Phase.MIDDLE_PRIMARY: PhaseGroup.PRIMARY,
            Phase.SECONDARY: PhaseGroup.SECONDARY,
            Phase.MIDDLE_SECONDARY: PhaseGroup.SECONDARY,
            Phase.ALL_THROUGH: PhaseGroup.ALL_THROUGH,
            Phase.SIXTEEN_PLUS: PhaseGroup.SIXTEEN_PLUS,
        }.get(phase, PhaseGroup.OTHER)
        if phase
        else PhaseGroup.OTHER
    )


def stored_phase(text: str | None) -> Phase | None:
    """A phase as the register stores it ('middle_deemed_primary'), or as GIAS publishes it."""
    if not text:
        return None
    try:
        return Phase(text)
    except ValueError:
        return parse_phase(text)


def family_group(phase: str | None, type_group: str | None, type_name: str | None) -> str:
    """The phase group a school's family is drawn from (analysis/families.py).

    The reporting groups above: nursery; primary, with middle deemed primary; secondary, with middle
    deemed secondary; all-through; special; PRU and alternative provision; 16 plus. A school of no
    group ('other': phase not applicable, type unknown) has no family.
    """
    return phase_group(stored_phase(phase), type_group, type_name).value
