"""The register: establishments, inspections, measures, LA statistics, neighbour sets and imports.

Schools are keyed by URN and inspections by (URN, inspection key) without foreign keys to
Establishment, because Ofsted's and the DfE's files describe schools the GIAS extract at hand may
not hold (closed predecessors, other LAs): every published row is kept, and joins happen on URN.
Every row that came from a file points at the Import that last wrote it, for provenance.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from peerlift.store.jobs import Job


class Import(models.Model):
    """One published file loaded (or refused), with what it held and who loaded it when."""

    class Status(models.TextChoices):
        LOADED = "loaded"
        UNCHANGED = "unchanged"  # the same bytes were loaded before: nothing to do
        FAILED = "failed"

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=40)
    year = models.IntegerField(null=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    rows_read = models.IntegerField(default=0)
    rows_loaded = models.IntegerField(default=0)
    rows_skipped = models.IntegerField(default=0)
    skipped = models.JSONField(default=list)  # [{"row": 12, "reason": "..."}], the first 1,000
    # every skipped row counted: [{"reason": "year '0'", "count": 170, "first_rows": [175611, ...]}]
    skipped_by_reason = models.JSONField(default=list)
    # the date the file describes (a GIAS extract's) and where it came from: "file name", "--date",
    # or "content" (its latest LastChangedDate, a floor)
    as_of = models.DateField(null=True)
    as_of_source = models.CharField(max_length=20, blank=True)
    unknown_columns = models.JSONField(default=list)
    notes = models.JSONField(default=list)
    counts = models.JSONField(default=dict)  # rows written per table
    record_columns = models.JSONField(default=list)  # names of the values in the rows' `record` arrays
    error = models.TextField(blank=True)
    loaded_by = models.CharField(max_length=150)
    loaded_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind}, {self.status})"


def provenance(*, indexed: bool = False) -> models.ForeignKey:
    """The Import that last wrote a row.

    Not a database constraint: on bulk loads SQLite's per-row foreign-key checks cost more than the
    rest of the write, and imports are never deleted. Django still keeps it as a relation.
    """
    return models.ForeignKey(
        Import,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=indexed,
    )


class LocalAuthority(models.Model):
    code = models.IntegerField(primary_key=True)  # old 3-digit code, e.g. 331
    gss = models.TextField(blank=True)
    name = models.TextField()
    region_code = models.TextField(blank=True)
    region = models.TextField(blank=True)
    la_type = models.TextField(blank=True)
    source = provenance()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Establishment(models.Model):
    urn = models.BigIntegerField(primary_key=True)
    laestab = models.BigIntegerField(null=True, db_index=True)
    la_code = models.IntegerField(null=True, db_index=True)
    la_gss = models.TextField(blank=True)
    la_name = models.TextField(blank=True)
    name = models.TextField(db_index=True)
    type = models.TextField(blank=True)
    type_group = models.TextField(blank=True)
    phase = models.CharField(max_length=30, blank=True, db_index=True)
    status = models.TextField(blank=True)
    open_date = models.DateField(null=True)
    close_date = models.DateField(null=True)
    low_age = models.IntegerField(null=True)
    high_age = models.IntegerField(null=True)
    gender = models.TextField(blank=True)
    religious_character = models.TextField(blank=True)
    trust = models.TextField(blank=True)
    trust_code = models.TextField(blank=True)
    federation = models.TextField(blank=True)
    pupils = models.IntegerField(null=True)
    fsm_pct = models.FloatField(null=True)
    capacity = models.IntegerField(null=True)
    postcode = models.TextField(blank=True)
    town = models.TextField(blank=True, default="", db_default="")
    easting = models.IntegerField(null=True)
    northing = models.IntegerField(null=True)
    urban_rural = models.TextField(blank=True)
    region = models.TextField(blank=True)
    record = models.JSONField(default=list)  # the whole row, values named by source.record_columns
    extract_date = models.DateField(null=True)  # of the extract that last described it
    search_key = models.TextField(
        blank=True, default="", db_default=""
    )  # name|town|postcode, as the search compares
    source = provenance()

    class Meta:
        ordering = ["name", "urn"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps ``search_key`` in step (the loader writes it for the rows it upserts)."""
        from peerlift.store import searchkey

        self.search_key = searchkey.key(self.name, self.town, self.postcode)
        super().save(*args, **kwargs)


class EstablishmentChange(models.Model):
    """A field of an establishment that a later extract changed: the history GIAS does not keep."""

    urn = models.BigIntegerField(db_index=True)
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    old_extract_date = models.DateField(null=True)
    new_extract_date = models.DateField(null=True)
    source = provenance(indexed=True)

    class Meta:
        ordering = ["urn", "new_extract_date", "field"]


class EstablishmentLink(models.Model):
    urn = models.BigIntegerField(db_index=True)
    link_urn = models.BigIntegerField(db_index=True)
    link_name = models.TextField(blank=True)
    link_type = models.TextField()
    link_date = models.DateField(null=True)
    source = provenance()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["urn", "link_urn", "link_type"], name="unique_link"),
        ]


class Group(models.Model):
    """A GIAS group: a multi- or single-academy trust, a federation, a sponsor, an umbrella trust."""

    uid = models.BigIntegerField(unique=True)  # Group UID; establishments' "Trusts (code)"
    group_id = models.TextField(blank=True)  # TR02582
    name = models.TextField()
    type = models.TextField(blank=True)
    status = models.TextField(blank=True)
    companies_house_number = models.TextField(blank=True)
    ukprn = models.BigIntegerField(null=True)
    open_date = models.DateField(null=True)
    close_date = models.DateField(null=True)
    head = models.TextField(blank=True)
    town = models.TextField(blank=True)
    postcode = models.TextField(blank=True)
    source = provenance()

    class Meta:
        ordering = ["name", "uid"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uid})"


class GroupMember(models.Model):
    """An establishment in a group, since the date GIAS gives (keyed by URN, like inspections)."""

    uid = models.BigIntegerField()
    urn = models.BigIntegerField(db_index=True)
    joined_date = models.DateField(null=True)
    source = provenance()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["uid", "urn"], name="unique_group_member")]


class Inspection(models.Model):
    urn = models.BigIntegerField(db_index=True)
    inspection_key = models.TextField()
    inspection_number = models.TextField(blank=True)
    framework = models.CharField(max_length=20)
    inspection_type = models.CharField(max_length=20)
    type_detail = models.TextField(blank=True)
    start_date = models.DateField(null=True, db_index=True)
    end_date = models.DateField(null=True)
    publication_date = models.DateField(null=True)
    category_of_concern = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    laestab = models.BigIntegerField(null=True)
    la_name = models.TextField(blank=True)
    school_name = models.TextField(blank=True)
    ofsted_phase = models.TextField(blank=True)
    source = provenance(indexed=True)

    class Meta:
        ordering = ["urn", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["urn", "inspection_key"], name="unique_inspection"),
        ]


class Judgement(models.Model):
    # No index of its own: the unique (inspection, area) index already serves lookups by inspection.
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="judgements", db_index=False
    )
    area = models.CharField(max_length=40)
    grade = models.CharField(max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="unique_judgement"),
        ]


class Figure(models.Model):
    """A published figure for a year: a number, or no number and the reason (domain.missing)."""

    year = models.IntegerField()
    measure = models.TextField()
    value = models.FloatField(null=True)
    missing = models.CharField(max_length=10, blank=True)
    source_column = models.TextField(blank=True)
    # A figure published as a label, not a number (progress8_band: "Well above average"): value and
    # missing are then empty. "" for every numeric figure.
    text = models.TextField(blank=True, default="")
    # What the year label said besides the year ("revised", "provisional", "outturn"), shown beside the
    # figure; "" for a label with no annotation. `span` is the years a figure covers (3 for
    # "2021-2023", filed under 2023). `kept` holds the same file's other figures for this key under
    # other statuses (the unrevised one beside the revised headline), see sources/frames.py.
    status = models.CharField(max_length=40, blank=True, default="")
    span = models.SmallIntegerField(default=1)
    kept = models.JSONField(null=True)
    source = provenance()

    class Meta:
        abstract = True


class SchoolMeasure(Figure):
    """A school's published figure for a year."""

    urn = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["urn", "year", "measure"], name="unique_school_measure"),
        ]
        indexes = [models.Index(fields=["measure", "year"])]


class AreaMeasure(Figure):
    """An LA's, a region's or England's published figure for a year."""

    area_type = models.CharField(max_length=10)
    area_code = models.TextField()
    area_name = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_type", "area_code", "year", "measure"], name="unique_area_measure"
            ),
        ]
        indexes = [models.Index(fields=["measure", "year"])]


class MeasureDefinition(models.Model):
    measure = models.TextField(primary_key=True)
    source_code = models.TextField(blank=True)
    label = models.TextField(blank=True)
    topic = models.TextField(blank=True)
    polarity = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    axis = models.TextField(blank=True)  # LAIT's y_axis_name: "% of pupils", "Spend", "Rate per 10,000"
    publisher = models.TextField(blank=True)  # LAIT's data owner: DfE, ONS, ...
    source = provenance()


class NeighbourSet(models.Model):
    """A named, versioned set of statistical neighbours ("2021", "2025", or a computed one)."""

    name = models.CharField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    computed = models.BooleanField(default=False)
    source = provenance()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Neighbour(models.Model):
    neighbour_set = models.ForeignKey(NeighbourSet, on_delete=models.CASCADE, related_name="members")
    la_code = models.IntegerField()
    position = models.IntegerField()
    neighbour_code = models.IntegerField()
    band = models.TextField(blank=True)

    class Meta:
        ordering = ["neighbour_set", "la_code", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbour_set", "la_code", "position"], name="unique_neighbour_position"
            ),
        ]


class FamilySet(models.Model):
    """Every school's family for one method, scope, size and data year, as built at a time.

    ``inputs`` records what the families were built from (the newest import that wrote the
    establishments and each input measure of the year): when an import changes any of them, the set
    is stale (store/families.py) and the page offers a rebuild.
    """

    method = models.CharField(max_length=40)
    scope = models.CharField(max_length=10)
    size = models.IntegerField()
    year = models.IntegerField()
    built_at = models.DateTimeField(auto_now_add=True)
    built_by = models.CharField(max_length=150, blank=True)
    # the variables and weights it was built with, each pool's spreads ("spreads") and the schools
    # that had a figure imputed ("imputed": {urn: [variables]})
    method_spec = models.JSONField(default=dict)
    inputs = models.JSONField(default=dict)
    schools = models.IntegerField(default=0)  # schools given a family

    class Meta:
        ordering = ["method", "scope", "size", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["method", "scope", "size", "year"], name="unique_family_set"),
        ]

    def __str__(self) -> str:
        return f"{self.method} families, {self.scope}, {self.size}, {self.year}"


class FamilyMember(models.Model):
    """One member of a school's family: its rank (1 = nearest), distance and drivers.

    ``drivers``: [{"measure", "share", "value", "school_value"}], each variable's share of the
    squared distance, the member's value and the school's.
    """

    # No index of its own: the unique (set, urn, rank) index serves lookups by set and by school.
    family_set = models.ForeignKey(FamilySet, on_delete=models.CASCADE, related_name="+", db_index=False)
    urn = models.BigIntegerField()
    rank = models.SmallIntegerField()
    member_urn = models.BigIntegerField()
    distance = models.FloatField()
    imputed = models.BooleanField(default=False)
    drivers = models.JSONField(default=list)

    class Meta:
        ordering = ["family_set", "urn", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["family_set", "urn", "rank"], name="unique_family_member"),
        ]


class ImprovementPartner(models.Model):
    """An LA's improvement partner: days available in a year and the phase groups they work in.

    ``phases`` holds phase groups as domain.phases.PhaseGroup values ("primary", "special"...), the
    groups a school's phase and type fall in (``family_group``). An inactive partner keeps their
    past allocations but is given no school.
    """

    la_code = models.IntegerField(db_index=True)
    name = models.TextField()
    days = models.IntegerField()
    phases = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    changed_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "name"]
        constraints = [models.UniqueConstraint(fields=["la_code", "name"], name="unique_partner_name")]

    def __str__(self) -> str:
        return f"{self.name} (LA {self.la_code})"


class PartnerDays(models.Model):
    """An LA's own days of partner time per school per year by category (else the package's)."""

    la_code = models.IntegerField(primary_key=True)
    days = models.JSONField()  # {"1": 1, "2": 2, "3": 5, "4": 10}
    changed_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(auto_now=True)


class PartnerAllocation(models.Model):
    """An LA's allocation of partners to schools for a year: the last run, and whether accepted.

    One per LA and year: running it again replaces it (the audit log keeps the one before) and it
    is a draft until an officer accepts it. The year is the academic year's end, as everywhere.
    """

    la_code = models.IntegerField()
    year = models.IntegerField()
    as_at = models.DateField(null=True)  # the date the categories were taken at
    days_by_category = models.JSONField(default=dict)
    schools = models.IntegerField(default=0)
    short_days = models.IntegerField(default=0)
    kept_partner = models.IntegerField(default=0)
    could_keep = models.IntegerField(default=0)
    max_load_share = models.FloatField(default=0)
    shortfalls = models.JSONField(default=list)  # [{"urn", "needed", "given", "short", "reason"}]
    loads = models.JSONField(default=list)  # [{"partner", "schools", "days", "capacity"}]
    made_by = models.CharField(max_length=150)
    made_at = models.DateTimeField()
    accepted_by = models.CharField(max_length=150, blank=True)
    accepted_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["la_code", "-year"]
        constraints = [models.UniqueConstraint(fields=["la_code", "year"], name="unique_partner_allocation")]


class PartnerAssignment(models.Model):
    """One school's partner in an allocation, the days given and needed, kept from last year, pinned."""

    allocation = models.ForeignKey(PartnerAllocation, on_delete=models.CASCADE, related_name="assignments")
    urn = models.BigIntegerField()
    partner = models.ForeignKey(ImprovementPartner, on_delete=models.PROTECT, related_name="+")
    days = models.IntegerField()
    needed = models.IntegerField()
    kept = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["allocation", "urn"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "urn"], name="unique_partner_assignment")
        ]


class PartnerPin(models.Model):
    """An officer's decision that a school has a given partner in a year, whatever the solver prefers."""

    la_code = models.IntegerField()
    year = models.IntegerField()
    urn = models.BigIntegerField()
    partner = models.ForeignKey(ImprovementPartner, on_delete=models.CASCADE, related_name="pins")
    pinned_by = models.CharField(max_length=150)
    pinned_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "year", "urn"]
        constraints = [models.UniqueConstraint(fields=["year", "urn"], name="unique_partner_pin")]


class CategoryDecision(models.Model):
    """One change of a school's category: computed by the rules, or an officer's override.

    Rows are only ever added, never changed or deleted (the history is the table): the category in
    force on a date is the newest override effective by then, else the newest computed decision
    (store/categories.py). ``from_category`` is what the same kind of decision said before (the
    previous computed category for a computed one; the category in force before for an override);
    null for a school's first.
    """

    class Kind(models.TextChoices):
        COMPUTED = "computed"
        OVERRIDE = "override"

    urn = models.BigIntegerField(db_index=True)
    la_code = models.IntegerField(db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_category = models.SmallIntegerField(null=True)
    category = models.SmallIntegerField()
    # the computed category when the decision was made (for an override, what it overrode)
    computed_category = models.SmallIntegerField(null=True)
    reasons = models.JSONField(default=list)  # [{"rule", "text", "figures"}]
    rules = models.TextField(blank=True)  # the rules file's name and sha256 (computed decisions)
    rationale = models.TextField(blank=True)  # why (required for an override)
    discussed_on = models.DateField(null=True)  # the discussion with the school an override records
    effective_on = models.DateField()  # the as-at date: in force from this day
    decided_by = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["urn", "effective_on", "id"]
        indexes = [models.Index(fields=["la_code", "kind", "effective_on"])]


class Concern(models.Model):
    """A concern an officer records about a school (governance, finance, ...), open until closed."""

    class Kind(models.TextChoices):
        LEADERSHIP_CHANGE = "leadership_change", "Change of leadership"
        GOVERNANCE = "governance", "Governance"
        FINANCE = "finance", "Finance (deficit)"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        COMPLAINTS = "complaints", "Complaints"
        FALLING_ROLLS = "falling_rolls", "Falling rolls"
        STAFFING = "staffing", "Staffing"

    urn = models.BigIntegerField(db_index=True)
    la_code = models.IntegerField(db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    raised_on = models.DateField()
    note = models.TextField(blank=True)
    raised_by = models.CharField(max_length=150)
    is_open = models.BooleanField(default=True)
    closed_on = models.DateField(null=True)
    closed_by = models.CharField(max_length=150, blank=True)
    closing_note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["urn", "-raised_on", "-id"]


class CategoryRules(models.Model):
    """An LA's own rules file, set by an LA administrator; the newest is in force (else the default)."""

    la_code = models.IntegerField(db_index=True)
    name = models.CharField(max_length=255)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    set_by = models.CharField(max_length=150)
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["la_code", "-set_at", "-id"]


class ComparatorSet(models.Model):
    """An officer's own list of LAs to compare their LA with, beside the official neighbour sets.

    Kept by its owner's username and LA: only the owner sees it, unless ``shared``, when every user
    of that LA does (web/permissions.py decides). Casework-like, so every change is audited.
    """

    name = models.CharField(max_length=80)
    la_code = models.IntegerField()  # the owner's LA: the LA a shared set is shared with
    owner = models.CharField(max_length=150)  # the username that made it
    shared = models.BooleanField(default=False)
    members = models.JSONField(default=list)  # LA codes, in the order chosen
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "name"]
        indexes = [models.Index(fields=["la_code", "owner"], name="comparator_set_la_owner")]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# Careers and governance: what an LA records itself, from its templates (sources/careers.py) or forms


class GatsbyResult(models.Model):
    """A school's Gatsby benchmarks in a year: the percentage achieved of each, 100 fully achieved."""

    urn = models.BigIntegerField(db_index=True)
    year = models.IntegerField()  # the calendar year the academic year ends (2024 = 2023/24)
    gb1 = models.FloatField(null=True)
    gb2 = models.FloatField(null=True)
    gb3 = models.FloatField(null=True)
    gb4 = models.FloatField(null=True)
    gb5 = models.FloatField(null=True)
    gb6 = models.FloatField(null=True)
    gb7 = models.FloatField(null=True)
    gb8 = models.FloatField(null=True)
    careers_hub = models.BooleanField(null=True)
    source = provenance()

    class Meta:
        ordering = ["year", "urn"]
        constraints = [models.UniqueConstraint(fields=["urn", "year"], name="unique_gatsby_result")]


class TrainingCourse(models.Model):
    """A governor training course on a day, by a provider, on a topic ("use of performance data")."""

    title = models.TextField()
    date = models.DateField()
    provider = models.TextField(blank=True)
    topic = models.TextField(blank=True)
    la_code = models.IntegerField(null=True, db_index=True)  # the LA whose governors it was recorded for
    recorded_by = models.CharField(max_length=150, blank=True)
    source = provenance()  # the import that brought it; null when entered on the form

    class Meta:
        ordering = ["-date", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "date", "provider"], name="unique_training_course")
        ]


class TrainingAttendance(models.Model):
    """A governor of a school (by name or role) at a course: an individual governor record."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="attendance")
    urn = models.BigIntegerField(db_index=True)
    governor = models.TextField()  # a name ("Ann Patel") or a role ("Chair of governors")
    source = provenance()

    class Meta:
        ordering = ["course", "urn", "governor"]
        constraints = [
            models.UniqueConstraint(fields=["course", "urn", "governor"], name="unique_training_attendance")
        ]


class AspirationEvent(models.Model):
    """An aspirations event (a Primary Aspirations Week): who hosted it, who came, how many children."""

    name = models.TextField()
    start_date = models.DateField()
    end_date = models.DateField(null=True)
    hosts = models.TextField(blank=True)  # the host organisations, "; "-separated
    volunteers = models.IntegerField(null=True)
    children_reached = models.IntegerField()
    feedback = models.TextField(blank=True)
    la_code = models.IntegerField(null=True, db_index=True)  # the LA of most of its schools
    source = provenance()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "start_date"], name="unique_aspiration_event")]


class AspirationEventSchool(models.Model):
    """A school taking part in an aspirations event."""

    event = models.ForeignKey(AspirationEvent, on_delete=models.CASCADE, related_name="schools")
    urn = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "urn"], name="unique_event_school")]


class BrokerageNeed(models.Model):
    """A school's need for support in one area (issue 13): proposed from data, entered or uploaded.

    Sensitive casework: every change goes through web/brokerage_changes.py (audited)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed from data"
        OPEN = "open", "Open"
        MATCHED = "matched", "Matched"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DISMISSED = "dismissed", "Dismissed"

    la_code = models.IntegerField(db_index=True)
    need_id = models.CharField(max_length=80)  # the LA's reference, unique in the LA
    urn = models.BigIntegerField(db_index=True)
    area = models.CharField(max_length=30)  # brokerage.model.Area
    urgency = models.PositiveSmallIntegerField()
    days = models.FloatField()
    raised_on = models.DateField(null=True)
    raised_by = models.CharField(max_length=150, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    evidence = models.JSONField(default=list)  # for a proposal from data: what it rests on
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "need_id"]
        constraints = [models.UniqueConstraint(fields=["la_code", "need_id"], name="brokerage_need_id")]


class BrokerageOffer(models.Model):
    """A supporter's offer: a school (by URN) or a person or organisation (by name), with capacity.

    A head's offer of their own school waits for an officer's confirmation (``confirmed``)."""

    la_code = models.IntegerField(db_index=True)
    offer_id = models.CharField(max_length=80)
    supporter_urn = models.BigIntegerField(null=True)
    supporter_name = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=30)  # brokerage.model.OfferKind
    areas = models.JSONField(default=list)
    phases = models.JSONField(default=list)
    capacity_days = models.FloatField()
    max_distance_km = models.FloatField(null=True)
    network = models.CharField(max_length=255, blank=True)
    conflicts = models.JSONField(default=list)  # URNs
    confirmed = models.BooleanField(default=True)
    offered_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "offer_id"]
        constraints = [models.UniqueConstraint(fields=["la_code", "offer_id"], name="brokerage_offer_id")]


class BrokerageRule(models.Model):
    """An officer's pin (this pair must happen) or exclusion (this pair must not)."""

    la_code = models.IntegerField(db_index=True)
    need = models.ForeignKey(BrokerageNeed, on_delete=models.CASCADE, related_name="rules")
    offer = models.ForeignKey(BrokerageOffer, on_delete=models.CASCADE, related_name="rules")
    rule = models.CharField(max_length=8)  # brokerage.model.RuleKind
    made_by = models.CharField(max_length=150)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "offer"], name="brokerage_rule_pair")]


class BrokerageRun(Job):
    """One brokerage run of an LA: its weights and its whole result (the JSON of peerlift broker).

    From the web app a run is a background job on the worker: queued, running, then done or failed
    (status, message, heartbeat and the silent rule: store/jobs.py); `peerlift broker` records one done."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    la_code = models.IntegerField(db_index=True)
    weights = models.JSONField(default=dict)
    # A what-if run's changes for this run only (never stored on the offers or the rules):
    # {"capacity": {offer_id: {"days", "instead_of"}}, "weights": {name: {"value", "instead_of"}}}
    overrides = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    run_by = models.CharField(max_length=150)
    run_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)

    WORK = "running this brokerage"

    class Meta:
        ordering = ["la_code", "-run_at", "-id"]


class AcceptedMatch(models.Model):
    """An officer's decision to take a proposal: who, when, from which run (the support-agreement
    issue builds its agreements on these)."""

    la_code = models.IntegerField(db_index=True)
    run = models.ForeignKey(BrokerageRun, null=True, on_delete=models.SET_NULL, related_name="accepted")
    need = models.OneToOneField(BrokerageNeed, on_delete=models.CASCADE, related_name="accepted_match")
    offer = models.ForeignKey(BrokerageOffer, on_delete=models.PROTECT, related_name="accepted_matches")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    accepted_by = models.CharField(max_length=150)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["la_code", "-accepted_at", "-id"]


# --- Support agreements (issue 14, support-core) ---------------------------------------------------


class SupportAgreement(models.Model):
    """A support agreement: who supports which school, for which needs, how many days, at which
    milestone (analysis/milestones.toml says which moves are allowed).

    Sensitive casework: every change goes through web/support_changes.py (audited)."""

    la_code = models.IntegerField(db_index=True)
    supported_urn = models.BigIntegerField(db_index=True)
    lead_offer = models.ForeignKey(
        BrokerageOffer, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    supporter_urn = models.BigIntegerField(null=True, blank=True)  # the lead supporter's school, if a school
    supporter_name = models.CharField(max_length=255, blank=True)  # its name (a school's name copied too)
    supporter_kind = models.CharField(max_length=30)  # brokerage.model.OfferKind value
    contributors = models.JSONField(default=list)  # [{"name": str, "urn": int | None}]
    needs = models.ManyToManyField(BrokerageNeed, blank=True, related_name="agreements")
    accepted_match = models.OneToOneField(
        AcceptedMatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreement"
    )
    focus_areas = models.JSONField(default=list)  # brokerage area codes
    days_planned = models.FloatField()
    cost = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)  # pounds
    funding_source = models.CharField(max_length=120, blank=True)
    start_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    officer = models.CharField(max_length=150, blank=True)  # username of the officer responsible
    milestone = models.CharField(max_length=20, default="proposed")  # analysis/milestones.toml
    status = models.CharField(max_length=10, default="active")  # active paused stopped
    outcome = models.CharField(max_length=10, blank=True)  # met partly not_met (set when closed)
    closing_note = models.TextField(blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["la_code", "id"]


class AgreementEvent(models.Model):
    """The history of an agreement: one row per create, advance, pause, stop or reopen."""

    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=10)  # create advance pause stop reopen
    milestone = models.CharField(max_length=20)  # the milestone after the event
    status = models.CharField(max_length=10)  # the status after the event
    happened_on = models.DateField()  # the day it happened (given, default today): timeliness uses it
    note = models.TextField(blank=True)  # the note, or the reason (required for pause/stop/reopen)
    by = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "id"]


class AgreementObjective(models.Model):
    """One objective of an agreement's plan: an area, what is to change, how success is measured."""

    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="objectives")
    area = models.CharField(max_length=30)  # brokerage.model.Area
    text = models.TextField()
    success_measure = models.TextField()
    target_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "id"]


class DeliveryEntry(models.Model):
    """Days of support delivered: when, by whom, on what."""

    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="deliveries")
    days = models.FloatField()
    delivered_on = models.DateField()
    delivered_by = models.CharField(max_length=255, blank=True)
    activity = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]


class SupportReview(models.Model):
    """A termly review: overall progress (red, amber, green), the supported head's rating of the
    support's quality (1 poor .. 4 excellent), notes and the next review's date."""

    agreement = models.ForeignKey(SupportAgreement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.CharField(max_length=255)
    progress = models.CharField(max_length=5)  # red amber green
    quality = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 poor .. 4 excellent
    notes = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]


class ObjectiveProgress(models.Model):
    """One objective's progress at a review (red, amber, green)."""

    review = models.ForeignKey(SupportReview, on_delete=models.CASCADE, related_name="objective_progress")
    objective = models.ForeignKey(AgreementObjective, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=5)  # red amber green

    class Meta:
        ordering = ["review", "objective"]
        constraints = [
            models.UniqueConstraint(fields=["review", "objective"], name="unique_objective_progress")
        ]


# ---------------------------------------------------------------------------------------------
# Surveys (issue 15): rounds of a questionnaire (analysis/questionnaires/*.toml) and their answers.
# Individual answers are sensitive: every change goes through web/survey_changes.py (audited).


class SurveyRound(models.Model):
    """One asking of a questionnaire (its id and the version asked) of an LA's schools between two dates.

    ``network_id`` is set for a network's own survey (a web.Network's pk, kept as a number: the store
    does not depend on the web app)."""

    questionnaire_id = models.CharField(max_length=60)
    questionnaire_version = models.PositiveIntegerField()
    la_code = models.IntegerField(db_index=True)
    title = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    network_id = models.IntegerField(null=True, blank=True, db_index=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["la_code", "-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class SurveyRoundSchool(models.Model):
    """A school asked in a round."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="schools")
    urn = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "urn"], name="unique_survey_round_school")]


class SurveyAnswer(models.Model):
    """A school's answer (by its head, a governor or a network lead) to one question of a round; a
    later answer to the same question by the same role replaces it."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="answers")
    urn = models.BigIntegerField(db_index=True)
    respondent_role = models.CharField(max_length=20)  # analysis.questionnaire.RESPONDENTS
    question_id = models.CharField(max_length=60)
    answer = models.TextField()
    answered_by = models.CharField(max_length=150)
    answered_at = models.DateTimeField()
    source = provenance()  # the import that brought it; null when answered on the form

    class Meta:
        ordering = ["round", "urn", "respondent_role", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "urn", "respondent_role", "question_id"], name="unique_survey_answer"
            )
        ]
