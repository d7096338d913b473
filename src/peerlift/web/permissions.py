"""Who may see and do what: the one place the web application decides it.

Every view carries a rule (``@rule(...)`` or a page's ``rule=``); a middleware refuses any view that
has none, so a page someone forgets to protect is closed rather than open. A rule is a function of
the viewer and the URL's arguments that answers yes or no. Published data is open to every signed-in
user; what officers record about a school is open only to those responsible for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from peerlift.store import access, partners
from peerlift.store.models import BrokerageRun
from peerlift.store.rights import NATIONAL, Rights
from peerlift.web.models import Network, NetworkMember, Profile, Role

RULE_ATTRIBUTE = "peerlift_rule"


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as the rules see them: role and scope, read once per request."""

    username: str = ""
    role: Role | None = None
    la: int | None = None
    urn: int | None = None
    network_urns: frozenset[int] = field(default_factory=frozenset)
    network_ids: frozenset[int] = field(default_factory=frozenset)
    superuser: bool = False
    signed_in: bool = False

    @property
    def role_name(self) -> str:
        if self.superuser and self.role is None:
            return "System administrator"
        return self.role.label if self.role else "No role"


def viewer_of(user: User | AnonymousUser) -> Viewer:
    """The viewer for a Django user (anonymous users are a viewer who is not signed in)."""
    if not user.is_authenticated or not user.is_active:
        return Viewer()
    profile = Profile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return Viewer(username=user.get_username(), superuser=user.is_superuser, signed_in=True)
    networks = frozenset(
        NetworkMember.objects.current()
        .filter(network__leads=profile)
        .values_list("urn", flat=True)
        .distinct()
    )
    return Viewer(
        username=user.get_username(),
        role=Role(profile.role),
        la=profile.la_code,
        urn=profile.urn,
        network_urns=networks,
        network_ids=frozenset(profile.networks.values_list("pk", flat=True)),
        superuser=user.is_superuser,
        signed_in=True,
    )


def viewer(request: HttpRequest) -> Viewer:
    """The request's viewer, worked out once."""
    found = getattr(request, "_peerlift_viewer", None)
    if found is None:
        found = viewer_of(request.user)
        request._peerlift_viewer = found
    return found


Rule = Callable[..., bool]


def anyone(viewer: Viewer, **_: Any) -> bool:
    """Pages for people not signed in too: sign in, accessibility statement."""
    return True


def signed_in(viewer: Viewer, **_: Any) -> bool:
    """Published data: open to every signed-in user."""
    return viewer.signed_in


def _in_own_la(viewer: Viewer, urn: int) -> bool:
    return viewer.la is not None and access.school_la(urn) == viewer.la


def school_record(viewer: Viewer, urn: int, **_: Any) -> bool:
    """What officers record about a school: its LA's administrators and officers, the school's own
    headteacher or governors, and the leads of networks it belongs to. Never members."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role in (Role.ADMIN, Role.OFFICER):
        return _in_own_la(viewer, urn)
    if viewer.role is Role.HEADTEACHER:
        return viewer.urn == urn
    if viewer.role is Role.NETWORK_LEAD:
        return urn in viewer.network_urns
    return False


def write_school_record(viewer: Viewer, urn: int, **_: Any) -> bool:
    """Recording about a school: its LA's administrators and officers."""
    if viewer.superuser and viewer.signed_in:
        return True
    return viewer.role in (Role.ADMIN, Role.OFFICER) and _in_own_la(viewer, urn)


def import_data(viewer: Viewer, **_: Any) -> bool:
    """Loading published files and reading the import history: administrators and officers."""
    return viewer.signed_in and (viewer.superuser or viewer.role in (Role.ADMIN, Role.OFFICER))


def manage_users(viewer: Viewer, **_: Any) -> bool:
    """User administration and the audit log: LA administrators (their LA's users) and superusers."""
    return viewer.signed_in and (viewer.superuser or viewer.role is Role.ADMIN)


def may_manage_user(viewer: Viewer, user: User) -> bool:
    """Whether the viewer may change this user (role, scope, sign-in, password).

    A superuser manages everyone. An LA administrator manages the users whose whole scope is their
    own LA, but never a superuser (whatever LA a superuser's profile names), never their own account
    (they would be choosing their own role; their password they change at /account/password) and so
    never an administrator of another LA. Nobody else manages anyone."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role is not Role.ADMIN or viewer.la is None:
        return False
    if user.is_superuser or user.get_username() == viewer.username:
        return False
    profile = Profile.objects.filter(user_id=user.pk).first()
    if profile is None:
        return False
    school_la = access.school_la(profile.urn) if profile.urn is not None else None
    scope = {la for la in (profile.la_code, school_la) if la is not None}
    return scope == {viewer.la}


def la_networks(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's networks and who leads them: its administrators and officers."""
    if viewer.superuser and viewer.signed_in:
        return True
    return viewer.role in (Role.ADMIN, Role.OFFICER) and viewer.la == la


def manage_la_networks(viewer: Viewer, la: int, **_: Any) -> bool:
    """Making an LA's networks: its administrators."""
    if viewer.superuser and viewer.signed_in:
        return True
    return viewer.role is Role.ADMIN and viewer.la == la


def _network_la(pk: int) -> int | None:
    return Network.objects.filter(pk=pk).values_list("la_code", flat=True).first()


def network(viewer: Viewer, pk: int, **_: Any) -> bool:
    """A network's schools and headline figures: its LA's administrators and officers, and its own
    leads (never a network they do not lead, nor another LA's)."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role is Role.NETWORK_LEAD:
        return pk in viewer.network_ids
    la = _network_la(pk)
    return viewer.role in (Role.ADMIN, Role.OFFICER) and la is not None and la == viewer.la


def manage_network(viewer: Viewer, pk: int, **_: Any) -> bool:
    """Renaming a network and choosing its schools: its LA's administrators."""
    if viewer.superuser and viewer.signed_in:
        return True
    la = _network_la(pk)
    return viewer.role is Role.ADMIN and la is not None and la == viewer.la


def rule(check: Rule) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view with the rule that guards it (the middleware enforces it)."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        setattr(view, RULE_ATTRIBUTE, check)
        return view

    return mark


def rule_of(view: Callable[..., Any]) -> Rule | None:
    return getattr(view, RULE_ATTRIBUTE, None)


def la_aggregates(viewer: Viewer, la: int, **_: Any) -> bool:
    """What an LA records in aggregate (its schools' Gatsby results, its training programme, its
    aspiration events): everyone whose scope is that LA (its administrators, officers, members and
    network leads, and the heads of its schools); no governor is named."""
    if viewer.superuser and viewer.signed_in:
        return True
    if viewer.role is Role.HEADTEACHER:
        return viewer.urn is not None and access.school_la(viewer.urn) == la
    return viewer.signed_in and viewer.role is not None and viewer.la == la


def la_governance(viewer: Viewer, la: int, **_: Any) -> bool:
    """Individual governor records across an LA, and the schools flagged for training (which name
    categories): the LA's administrators and officers."""
    return _la_staff(viewer, la)


def school_governors(viewer: Viewer, urn: int, **_: Any) -> bool:
    """A school's governors' training records: its LA's administrators and officers, and its own head.
    Never members or network leads (they see aggregates only)."""
    return _school_staff_or_head(viewer, urn)


def allows(request: HttpRequest, check: Rule, **kwargs: Any) -> bool:
    """Whether the request's viewer passes a rule (for showing a link only to those who may follow it)."""
    return check(viewer(request), **kwargs)


def la_datapacks(viewer: Viewer, la: int, **_: Any) -> bool:
    """Asking for an LA's packs as a background job and downloading them: its administrators and
    officers (the packs are published data, but a job takes a worker's time and the LA's name)."""
    return _la_staff(viewer, la)


def import_rights(viewer: Viewer) -> Rights | None:
    """Whose schools the viewer's imports may write (decision 0006): a superuser's, every LA's; an
    LA administrator's or officer's, their own LA's only; anyone else may not import."""
    if not viewer.signed_in:
        return None
    if viewer.superuser:
        return NATIONAL
    if viewer.role in (Role.ADMIN, Role.OFFICER) and viewer.la is not None:
        return Rights(viewer.la)
    return None


def la_comparator_sets(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's page of custom comparator sets: the LA's own users (each sees their own sets and those
    shared with the LA) and superusers."""
    return viewer.signed_in and (viewer.superuser or (viewer.la is not None and viewer.la == la))


def make_comparator_set(viewer: Viewer, la: int, **_: Any) -> bool:
    """Making a custom comparator set for an LA: its administrators and officers, and superusers."""
    return _la_staff(viewer, la)


def may_use_comparator_set(viewer: Viewer, owner: str, la: int, shared: bool) -> bool:
    """Whether a custom set shows in the viewer's choices: its owner; every user of its LA when it is
    shared; superusers. One rule for the compare page, its downloads and the sets page."""
    if not viewer.signed_in:
        return False
    return viewer.superuser or owner == viewer.username or (shared and viewer.la == la)


def change_comparator_set(viewer: Viewer, pk: int, **_: Any) -> bool:
    """Deleting a custom set: its owner, the administrators of its LA when it is shared, superusers."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True  # the view answers 404 for a set that is not there
    found = access.comparator_set_scope(pk)
    if found is None:
        return False
    owner, la, shared = found
    if owner == viewer.username:
        return True
    return shared and viewer.role is Role.ADMIN and viewer.la == la


# ---------------------------------------------------------------------------------------------
# Categories, concerns and inspections due (issue 12)


def _school_staff_or_head(viewer: Viewer, urn: int) -> bool:
    """A school's LA's administrators and officers, its own headteacher or governors, superusers."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role in (Role.ADMIN, Role.OFFICER):
        return _in_own_la(viewer, urn)
    return viewer.role is Role.HEADTEACHER and viewer.urn == urn


def _la_staff(viewer: Viewer, la: int) -> bool:
    """An LA's administrators and officers, and superusers."""
    if viewer.superuser and viewer.signed_in:
        return True
    return viewer.role in (Role.ADMIN, Role.OFFICER) and viewer.la == la


def la_partners(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's improvement partners, days by category and allocations (which follow the schools'
    categories, so are casework): its administrators and officers, who also run, pin and accept an
    allocation. Never headteachers, network leads or members."""
    return _la_staff(viewer, la)


def la_brokerage(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's brokerage (needs, offers, runs, accepting a proposal): its administrators and officers."""
    return _la_staff(viewer, la)


def la_brokerage_needs(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's brokerage needs: its administrators and officers; a headteacher of one of its schools
    reads their own school's needs (the page shows them only those)."""
    return _la_staff(viewer, la) or offer_own_school(viewer, la)


def la_brokerage_offers(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's brokerage offers: its administrators and officers; a headteacher of one of its schools
    reads their own school's offers (the page shows them only those)."""
    return _la_staff(viewer, la) or offer_own_school(viewer, la)


def offer_own_school(viewer: Viewer, la: int, **_: Any) -> bool:
    """Offering a school's capacity for brokerage: the headteacher of a school of the LA (an officer
    confirms it before a run uses it)."""
    return viewer.role is Role.HEADTEACHER and viewer.urn is not None and access.school_la(viewer.urn) == la


def la_brokerage_run(viewer: Viewer, la: int, run: int, **_: Any) -> bool:
    """Accepting a run's proposal: the LA's staff, for a run of that LA (never another LA's run
    reached under one's own LA's address)."""
    if viewer.superuser and viewer.signed_in:
        return True  # the view then says there is no such run in the LA (404)
    return BrokerageRun.objects.filter(la_code=la, pk=run).exists() and _la_staff(viewer, la)


def la_categories(viewer: Viewer, la: int, **_: Any) -> bool:
    """Every school's category, reasons and history in an LA: its administrators and officers."""
    return _la_staff(viewer, la)


def la_category_counts(viewer: Viewer, la: int, **_: Any) -> bool:
    """Counts of an LA's schools by category and phase (no school named): its administrators,
    officers and elected members, and the leads of its networks (who see their networks' counts)."""
    if _la_staff(viewer, la):
        return True
    if viewer.role is Role.MEMBER:
        return viewer.la == la
    if viewer.role is Role.NETWORK_LEAD:
        return Network.objects.filter(pk__in=viewer.network_ids, la_code=la).exists()
    return False


def school_category(viewer: Viewer, urn: int, **_: Any) -> bool:
    """A school's category, reasons, history and concerns: its LA's administrators and officers, and
    the school's own headteacher or governors. Not network leads, not members."""
    return _school_staff_or_head(viewer, urn)


def la_category_rules(viewer: Viewer, la: int, **_: Any) -> bool:
    """The category rules in force for an LA: its administrators and officers."""
    return _la_staff(viewer, la)


def _la_admin(viewer: Viewer, la: int) -> bool:
    """An LA's administrators, and superusers."""
    if viewer.superuser and viewer.signed_in:
        return True
    return viewer.role is Role.ADMIN and viewer.la == la


def manage_la_category_rules(viewer: Viewer, la: int, **_: Any) -> bool:
    """Setting an LA's own category rules: its administrators."""
    return _la_admin(viewer, la)


def manage_la_partners(viewer: Viewer, la: int, **_: Any) -> bool:
    """Adding and changing an LA's partners and its days by category: its administrators."""
    return _la_admin(viewer, la)


def la_inspections_due(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's schools' estimated inspection windows, for planning support: its administrators and
    officers."""
    return _la_staff(viewer, la)


def manage_partner(viewer: Viewer, la: int, pk: int, **_: Any) -> bool:
    """Changing one partner: the administrators of the LA the partner belongs to (never a partner of
    another LA reached under one's own LA's address)."""
    if viewer.superuser and viewer.signed_in:
        return True  # the page then says there is no such partner in the LA (404)
    return partners.partner(la, pk) is not None and manage_la_partners(viewer, la=la)


# --- Support figures (issue 14, support-figures) ---------------------------------------------------


def la_support_figures(viewer: Viewer, la: int, **_: Any) -> bool:
    """The timeliness and quality of an LA's support in aggregate: its administrators and officers
    (who also see the tables naming schools and providers) and its elected members (the LA-level
    figures only). Never headteachers or network leads: the agreements are casework."""
    if _la_staff(viewer, la):
        return True
    return viewer.role is Role.MEMBER and viewer.la == la


def la_support_audit(viewer: Viewer, la: int, **_: Any) -> bool:
    """The audit of an LA's support providers, the support reports and the tables naming schools:
    its administrators and officers."""
    return _la_staff(viewer, la)


# ---------------------------------------------------------------------------------------------
# Surveys (web/views/surveys.py). A round's aggregates (results by group, with the small-group rule)
# are for everyone whose scope is its LA; individual answers (who answered, each answer, the free-text
# answers themselves) are for the LA's administrators and officers, and a school's own for its head.


def _round_la(pk: int) -> int | None:
    from peerlift.store.models import SurveyRound

    return SurveyRound.objects.filter(pk=pk).values_list("la_code", flat=True).first()


def survey_rounds(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's survey rounds: everyone whose scope is the LA (as la_aggregates)."""
    return la_aggregates(viewer, la)


def make_survey_round(viewer: Viewer, la: int, **_: Any) -> bool:
    """Making a round: the LA's administrators and officers."""
    return _la_staff(viewer, la)


def survey_round(viewer: Viewer, pk: int, **_: Any) -> bool:
    """A round's page and its results (aggregates only): everyone whose scope is the round's LA."""
    if viewer.superuser and viewer.signed_in:
        return True  # a guessed round is then not found
    la = _round_la(pk)
    if la is not None and viewer.role is Role.NETWORK_LEAD and viewer.network_ids:
        from peerlift.store.models import SurveyRound

        network = SurveyRound.objects.filter(pk=pk).values_list("network_id", flat=True).first()
        if network in viewer.network_ids:
            return True  # their own network's survey, whatever their LA scope
    return la is not None and la_aggregates(viewer, la)


def survey_responses(viewer: Viewer, pk: int, **_: Any) -> bool:
    """Who has answered a round and every individual answer: the round's LA's administrators and
    officers. Never members or network leads; a head sees only their own school's answers."""
    if viewer.superuser and viewer.signed_in:
        return True
    la = _round_la(pk)
    return la is not None and _la_staff(viewer, la)


def survey_school(viewer: Viewer, pk: int, urn: int, **_: Any) -> bool:
    """A school's answers to a round, and answering them: the round's LA's administrators and
    officers, and the school's own head (the school must be in the round's LA)."""
    if viewer.superuser and viewer.signed_in:
        return True  # a school the round did not ask is then not found
    la = _round_la(pk)
    if la is None or access.school_la(urn) != la:
        return False
    return _school_staff_or_head(viewer, urn)


# ---------------------------------------------------------------------------------------------
# Support agreements (issue 14, support-web): the LA's staff see and change their LA's agreements;
# a head sees and contributes to (delivery log, reviews) the agreements their school is in, as
# supported school, lead supporter or contributor. Members and network leads see none.


def _agreement_scope(la: int, pk: int) -> tuple[bool, set[int]]:
    """Whether agreement ``pk`` is of LA ``la``, and the URNs of the schools in it."""
    from peerlift.store.models import SupportAgreement

    found = SupportAgreement.objects.filter(pk=pk, la_code=la).first()
    if found is None:
        return False, set()
    urns = {found.supported_urn}
    if found.supporter_urn is not None:
        urns.add(found.supporter_urn)
    urns |= {int(c["urn"]) for c in found.contributors if c.get("urn") is not None}
    return True, urns


def la_support(viewer: Viewer, la: int, **_: Any) -> bool:
    """An LA's list of support agreements: its administrators and officers; the head of one of its
    schools (the list shows them their own school's agreements only)."""
    return _la_staff(viewer, la) or offer_own_school(viewer, la)


def manage_la_support(viewer: Viewer, la: int, **_: Any) -> bool:
    """Making an LA's support agreements: its administrators and officers."""
    return _la_staff(viewer, la)


def support_agreement(viewer: Viewer, la: int, pk: int, **_: Any) -> bool:
    """One agreement, and adding to its delivery log and reviews: its LA's administrators and
    officers, and the heads of the schools in it (never an agreement of another LA reached under
    one's own LA's address)."""
    if viewer.superuser and viewer.signed_in:
        return True  # the view then says there is no such agreement in the LA (404)
    found, urns = _agreement_scope(la, pk)
    if not found:
        return False
    if _la_staff(viewer, la):
        return True
    return viewer.role is Role.HEADTEACHER and viewer.urn is not None and viewer.urn in urns


def change_agreement(viewer: Viewer, la: int, pk: int, **_: Any) -> bool:
    """Moving an agreement through its milestones, its plan, pausing, stopping and reopening it:
    its LA's administrators and officers."""
    if viewer.superuser and viewer.signed_in:
        return True
    return _agreement_scope(la, pk)[0] and _la_staff(viewer, la)


# Networks over time (issue 15): activities, overlap and outcomes.
def write_network_activities(viewer: Viewer, pk: int, **_: Any) -> bool:
    """Recording a network's activities: its LA's administrators and officers, and its own leads."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role is Role.NETWORK_LEAD:
        return pk in viewer.network_ids
    la = _network_la(pk)
    return viewer.role in (Role.ADMIN, Role.OFFICER) and la is not None and la == viewer.la


def la_network_outcomes(viewer: Viewer, la: int, **_: Any) -> bool:
    """The LA's networks side by side in aggregate (no school named): its administrators, officers
    and elected members, and the leads of its networks (who see their own networks)."""
    if viewer.superuser and viewer.signed_in:
        return True
    if viewer.role in (Role.ADMIN, Role.OFFICER, Role.MEMBER):
        return viewer.la == la
    if viewer.role is Role.NETWORK_LEAD:
        return Network.objects.filter(pk__in=viewer.network_ids, la_code=la).exists()
    return False


# A network's capacity-and-trust survey answered on the web by its leads (network-surveys).
def survey_network(viewer: Viewer, pk: int, **_: Any) -> bool:
    """A network round's form for its network's leads, who answer as `network_lead` (and see only
    their own answers, never a school's). Not the LA's staff (they answer as a network lead on a
    school's form), members or heads; a round of no network is then not found for a superuser."""
    if not viewer.signed_in:
        return False
    if viewer.superuser:
        return True
    if viewer.role is not Role.NETWORK_LEAD or not viewer.network_ids:
        return False
    from peerlift.store.models import SurveyRound

    network = SurveyRound.objects.filter(pk=pk).values_list("network_id", flat=True).first()
    return network is not None and network in viewer.network_ids
