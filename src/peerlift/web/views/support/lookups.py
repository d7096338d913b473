"""Finding an agreement or an objective under its LA's address (404 otherwise), and asking the state
machine (analysis/milestones.toml) whether a write is allowed now."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from peerlift.analysis import milestones
from peerlift.analysis.milestones import State
from peerlift.store.models import (
    AgreementObjective,
    SupportAgreement,
)
from peerlift.web.views.support.words import (
    refusal_words,
)


def agreement_url(la: int, pk: int) -> str:
    return reverse("support-agreement", kwargs={"la": la, "pk": pk})


def agreement_or_404(la: int, pk: int) -> SupportAgreement:
    found = SupportAgreement.objects.filter(la_code=la, pk=pk).first()
    if found is None:
        raise Http404("There is no such support agreement in this LA.")
    return found


def state_of(agreement: SupportAgreement) -> State:
    return State(agreement.milestone, agreement.status)


def may_write(agreement: SupportAgreement, write: str) -> bool:
    return not write_refusal(agreement, write)


def write_refusal(found: SupportAgreement, write: str) -> str:
    try:
        milestones.check_write(found.pk, state_of(found), write)
    except milestones.Refused as error:
        return refusal_words(error)
    return ""


def objective_or_404(agreement: SupportAgreement, objective: int) -> tuple[AgreementObjective, int]:
    """One objective of the agreement's plan and its number in the plan (1, 2, ...)."""
    for number, found in enumerate(agreement.objectives.all(), start=1):
        if found.pk == objective:
            return found, number
    raise Http404("There is no such objective in this agreement's plan.")
