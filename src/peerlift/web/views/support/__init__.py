"""Support agreements (issue 14): the LA's list, an agreement as a GOV.UK task list (milestones,
plan, delivery log, reviews, history) and the forms that change one, each with GOV.UK patterns
(date inputs, radios, the error summary) and a confirmation page before pausing, stopping or
closing.

The LA's administrators and officers see and change their LA's agreements; the head of a school in
an agreement (supported, lead supporter or contributor) sees it and adds to its delivery log and
reviews. Every change goes through web/support_changes.py (audited, checked by the state machine of
analysis/milestones.toml); a refusal is shown in the state machine's own words.

The pages, one module for each part: ``agreement_list`` (the LA's list), ``agreement_page`` (one
agreement), ``create`` (making one), ``moves`` (milestones, pause, stop, reopen), ``plan``
(objectives and terms), ``records`` (deliveries and reviews); ``form_pages``, ``lookups`` and
``words`` are what they share. Importing this package registers the pages; urls.py names the
form views from here."""

from peerlift.web.views.support.agreement_list import la_support
from peerlift.web.views.support.agreement_page import agreement
from peerlift.web.views.support.create import create
from peerlift.web.views.support.moves import advance, pause, reopen, stop
from peerlift.web.views.support.plan import add_objective, change_objective, change_terms, remove_objective
from peerlift.web.views.support.records import record_delivery, record_review

__all__ = [
    "add_objective",
    "advance",
    "agreement",
    "change_objective",
    "change_terms",
    "create",
    "la_support",
    "pause",
    "record_delivery",
    "record_review",
    "remove_objective",
    "reopen",
    "stop",
]
