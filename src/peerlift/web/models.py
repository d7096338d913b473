"""Who may see what (profiles, roles, networks), what officers record, and the audit log of changes.

Roles live in a Profile beside Django's User rather than in Django groups: a role is always scoped
(an LA, a school, a set of networks), and one row says both what the user is and where.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.db import models

from peerlift.store.jobs import Job, JobStatus


class Role(StrEnum):
    """The kinds of user, each seeing a different part of the register and of what officers record."""

    ADMIN = "admin"
    OFFICER = "officer"
    HEADTEACHER = "headteacher"
    NETWORK_LEAD = "network_lead"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "LA administrator",
    Role.OFFICER: "LA officer",
    Role.HEADTEACHER: "Headteacher or governor",
    Role.NETWORK_LEAD: "Network lead",
    Role.MEMBER: "Elected member",
}
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


class Network(models.Model):
    """An arrangement of schools over time: an LA network or cluster that a network lead looks after,
    a teaching school hub's alliance, a careers hub, an ad hoc partnership an officer records. Its kind
    says its purpose (analysis/networks.toml); trusts and federations come from GIAS groups instead."""

    class Kind(models.TextChoices):
        LA_NETWORK = "la_network", "LA network"
        CLUSTER = "cluster", "Cluster"
        TEACHING_SCHOOL_HUB = "teaching_school_hub", "Teaching school hub alliance"
        CAREERS_HUB = "careers_hub", "Careers hub"
        AD_HOC = "ad_hoc", "Ad hoc partnership"

    name = models.CharField(max_length=120)
    la_code = models.IntegerField(null=True, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.LA_NETWORK)
    lead = models.CharField(max_length=200, blank=True)  # who leads it, in words (a head, a school)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["la_code", "name"], name="unique_network_in_la")]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet["NetworkMember"]):
    def current(self, on: dt.date | None = None) -> MemberQuerySet:
        """The memberships in force on a day (today by default): joined on or before it (or when not
        known), and not yet left (a school that left on a day is no member that day)."""
        day = on or dt.date.today()
        return self.filter(
            models.Q(joined_on__isnull=True) | models.Q(joined_on__lte=day),
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=day),
        )


class NetworkMember(models.Model):
    """One spell of a school in a network: from joined_on (None: not known, since before records) to
    left_on (None: still a member). A school that leaves and rejoins has two spells; at most one is
    open at a time."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    urn = models.BigIntegerField()
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["network", "urn", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "urn"],
                condition=models.Q(left_on__isnull=True),
                name="one_open_network_membership",
            ),
            models.UniqueConstraint(fields=["network", "urn", "joined_on"], name="unique_network_spell"),
        ]


class NetworkActivity(models.Model):
    """Something a network did on a day (a meeting, CPD, joint practice development...), and who took
    part by level (heads, senior leaders, middle leaders, teachers, governors)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField()
    kind = models.CharField(max_length=30)  # analysis/networks.toml [activity_kinds]
    levels = models.JSONField(default=list)  # ["heads", "senior_leaders", ...]
    notes = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=150, blank=True)
    source_id = models.IntegerField(null=True, blank=True)  # the store Import that wrote it, if any

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["network", "date", "kind"], name="unique_network_activity")
        ]


class Profile(models.Model):
    """A user's role and its scope: the LA for administrators, officers and members; the school for a
    headteacher or governor; the networks for a network lead."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    la_code = models.IntegerField(null=True, blank=True)
    urn = models.BigIntegerField(null=True, blank=True)
    networks = models.ManyToManyField(Network, blank=True, related_name="leads")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class SchoolNote(models.Model):
    """A note an officer records about a school: not published data, so not open to every user."""

    urn = models.BigIntegerField(db_index=True)
    text = models.TextField()
    author = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class AuditEntry(models.Model):
    """One change to recorded data or to users: who, when, what, and the values before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    la_code = models.IntegerField(null=True, db_index=True)  # the LA it concerns, for scoping

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"


class DatapackJob(Job):
    """An LA's data packs asked for from the web, made in the background by a task worker.

    The task framework's own row says whether the task ran; this one says what a reader of the job's
    page needs: how far it has got, why it failed in plain words, and where its ZIP is. At most one job
    per LA and version of the figures (register version and data year) is queued or running at a time,
    so two requests for the same packs never run twice. Status, message, heartbeat and the silent rule:
    store/jobs.py.
    """

    Status = JobStatus

    la_code = models.IntegerField(db_index=True)
    version = models.CharField(max_length=120)
    done = models.IntegerField(default=0)
    total = models.IntegerField(default=0)
    current = models.TextField(blank=True)  # the school whose pack is being made
    file_name = models.TextField(blank=True)  # the ZIP, relative to settings.PEERLIFT_FILES
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)

    WORK = "making these packs"
    CLEARED = {"current": ""}

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code", "version"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_live_datapack_job",
            )
        ]


class CategoryRun(Job):
    """A recomputation of an LA's categories, made in the background by a task worker (after an
    import, after new rules, or when an officer asks), and the changes it found for officers to
    review ("7 schools would change category") before they are recorded in the history. Status,
    message, heartbeat and the silent rule: store/jobs.py."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"  # changes found, waiting for an officer's review
        APPLIED = "applied"  # an officer recorded them
        FAILED = "failed"

    la_code = models.IntegerField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    reason = models.TextField(blank=True)  # why it was asked for: "after an import of ..."
    as_at = models.DateField()
    rules = models.TextField(blank=True)  # the rules file and digest it used
    schools = models.IntegerField(default=0)  # schools categorised
    changes = models.JSONField(default=list)  # [{"urn", "name", "phase", "from", "to", "reasons"}]
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.CharField(max_length=150, blank=True)
    applied_at = models.DateTimeField(null=True)

    WORK = "working out these categories"

    class Meta:
        ordering = ["-requested_at", "-id"]


class FamiliesJob(Job):
    """Every school's families built (again) for one method, scope and size, by a task worker: a
    national build takes seconds to minutes, longer than a request should. At most one job per
    method, scope and size is queued or running at a time. Status, message, heartbeat and the silent
    rule: store/jobs.py."""

    Status = JobStatus

    method = models.CharField(max_length=40)
    scope = models.CharField(max_length=20)
    size = models.IntegerField()
    la_code = models.IntegerField(null=True)  # the requester's LA, whose administrators read the log
    family_set = models.IntegerField(null=True)  # the FamilySet it built
    schools = models.IntegerField(default=0)
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)

    WORK = "building these families"

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "scope", "size"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_live_families_job",
            )
        ]
