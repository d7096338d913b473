"""The register: establishments, inspections, measures, LA statistics, neighbour sets and imports.

Schools are keyed by URN and inspections by (URN, inspection key) without foreign keys to
Establishment, because Ofsted's and the DfE's files describe schools the GIAS extract at hand may
not hold (closed predecessors, other LAs): every published row is kept, and joins happen on URN.
Every row that came from a file points at the Import that last wrote it, for provenance.
"""

from __future__ import annotations

from typing import Any

from django.db import models


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
