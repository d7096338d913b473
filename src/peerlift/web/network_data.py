"""Networks as the register and the web app hold them: the frames analysis/networks.py works on, the
loaders of the networks' templates, and what the pages, the CLI and the report list.

The networks' models are the web app's (web/models.py: Network, NetworkMember, NetworkActivity), so
their import loaders live here and are registered with the store when Django starts (web/apps.py);
the store's import does everything else (one transaction, provenance, rights). Trusts and federations
come from GIAS groups (store.models Group and GroupMember) as read-only arrangements of purpose
governance: a group's close date ends its schools' membership.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

import polars as pl

from peerlift.analysis import networks as analysis
from peerlift.analysis.latest_inspection import GOOD_OR_BETTER
from peerlift.domain.networks import vocabulary
from peerlift.store import picture
from peerlift.store.models import Establishment, Group, GroupMember, Import, SchoolMeasure
from peerlift.web.models import Network, NetworkActivity, NetworkMember

Row = dict[str, Any]

# GIAS group types read as arrangements (the rest, sponsors and umbrella trusts, are not a school's
# own arrangement): the words a type holds, and the kind it is.
GROUP_KINDS = (("federation", "federation"), ("academy trust", "trust"), ("trust", "trust"))


def _school_las(urns: Sequence[int]) -> dict[int, int]:
    found = Establishment.objects.filter(urn__in=list(urns), la_code__isnull=False)
    return {int(u): int(la) for u, la in found.values_list("urn", "la_code")}


# ---------------------------------------------------------------------------------------------
# Loaders (store/imports.py calls them inside the import's transaction)


def _network_in(la: int | None, name: str) -> Network | None:
    return Network.objects.filter(la_code=la, name__iexact=name).first()


def load_network_members(frame: pl.DataFrame, source: Import) -> int:
    """Each network's spells, from the file: a network the LA does not have is made (its kind and
    lead from the file, else an LA network); one it has takes the file's kind and lead when given,
    and the file's spells replace those stored (the file is the network's whole history). A network
    is filed under the LA most of its schools are in. Returns the spells written."""
    las = _school_las(frame["urn"].unique().to_list())
    written = 0
    for (name,), group in frame.group_by([pl.col("network").str.to_lowercase()], maintain_order=True):
        first = group.row(0, named=True)
        in_las = [las[u] for u in group["urn"].to_list() if u in las]
        la = Counter(in_las).most_common(1)[0][0] if in_las else None
        kinds = [k for k in group["kind"].to_list() if k]
        leads = [lead for lead in group["lead"].to_list() if lead]
        network = _network_in(la, str(name))
        if network is None:
            network = Network.objects.create(
                name=first["network"], la_code=la, kind=kinds[0] if kinds else Network.Kind.LA_NETWORK
            )
        if kinds:
            network.kind = kinds[0]
        if leads:
            network.lead = leads[0]
        network.save()
        network.members.all().delete()
        NetworkMember.objects.bulk_create(
            NetworkMember(network=network, urn=r["urn"], joined_on=r["joined_on"], left_on=r["left_on"])
            for r in group.iter_rows(named=True)
        )
        written += group.height
    return written


def load_network_activities(frame: pl.DataFrame, source: Import) -> int:
    """Activities on (network, date, kind): a later file's replaces one stored. The network is the
    row's LA's of that name (any case); a row whose LA has no such network is left out and named in
    the import's notes (import the network's members first). A row naming no LA (a national import
    from the command line) takes the one network of that name, when only one LA has it."""
    written = 0
    for row in frame.iter_rows(named=True):
        la = row["la_code"]
        if la is None:
            found = list(Network.objects.filter(name__iexact=row["network"])[:2])
            network = found[0] if len(found) == 1 else None
        else:
            network = _network_in(la, row["network"])
        if network is None:
            where = f"LA {la} has" if la is not None else "exactly one LA does not have"
            source.notes.append(
                f"row {row['row']}, column network: {where} no network called {row['network']!r}, so the "
                "row was left out; import the network's members first (or give its LA in the la column)"
            )
            continue
        NetworkActivity.objects.update_or_create(
            network=network,
            date=row["date"],
            kind=row["kind"],
            defaults={
                "levels": [part.strip() for part in row["levels"].split(";") if part.strip()],
                "notes": row["notes"] or "",
                "source_id": source.pk,
            },
        )
        written += 1
    return written


# ---------------------------------------------------------------------------------------------
# Frames for analysis/networks.py


def _group_kind(group_type: str) -> str | None:
    lowered = group_type.lower()
    for words, kind in GROUP_KINDS:
        if words in lowered:
            return kind
    return None


def memberships(la: int) -> pl.DataFrame:
    """Every spell of the LA's schools in an arrangement: the LA's networks (all their members) and
    the GIAS trusts and federations its schools are in."""
    rows: list[Row] = []
    spells = NetworkMember.objects.filter(network__la_code=la).select_related("network")
    for spell in spells:
        rows.append(
            {
                "arrangement": f"network:{spell.network_id}",
                "name": spell.network.name,
                "kind": spell.network.kind,
                "urn": spell.urn,
                "joined_on": spell.joined_on,
                "left_on": spell.left_on,
            }
        )
    urns = list(Establishment.objects.filter(la_code=la).values_list("urn", flat=True))
    in_groups = GroupMember.objects.filter(urn__in=urns)
    groups = {g.uid: g for g in Group.objects.filter(uid__in=in_groups.values("uid"))}
    for member in in_groups:
        group = groups.get(member.uid)
        kind = _group_kind(group.type) if group is not None else None
        if group is None or kind is None:
            continue
        rows.append(
            {
                "arrangement": f"group:{group.uid}",
                "name": group.name,
                "kind": kind,
                "urn": member.urn,
                "joined_on": member.joined_date,
                "left_on": group.close_date,
            }
        )
    return pl.DataFrame(rows, schema=analysis.MEMBERSHIP_SCHEMA)


def open_schools(la: int) -> pl.DataFrame:
    """The LA's open schools: urn, name."""
    schools = picture.establishments(la).filter(pl.col("status").str.to_lowercase().str.starts_with("open"))
    return schools.select("urn", "name").sort("name", "urn")


def activities(la: int | None, networks: Sequence[int] | None = None) -> pl.DataFrame:
    """The activities of the LA's networks (or of those of them named)."""
    found = NetworkActivity.objects.filter(network__la_code=la).select_related("network")
    if networks is not None:
        found = found.filter(network_id__in=list(networks))
    rows = [
        {
            "arrangement": f"network:{a.network_id}",
            "name": a.network.name,
            "date": a.date,
            "kind": a.kind,
            "levels": list(a.levels),
        }
        for a in found
    ]
    return pl.DataFrame(rows, schema=analysis.ACTIVITY_SCHEMA)


def findings(la: int, on: dt.date | None = None) -> Row:
    """analysis.networks.findings for the LA on a day (today by default), with the LA."""
    day = on or dt.date.today()
    return {"la": la, **analysis.findings(memberships(la), open_schools(la), day)}


def levels_share(la: int | None, by: str = "year", networks: Sequence[int] | None = None) -> Row:
    """The share of activities with each level, per school year or term, for the LA's networks (or
    those named); with the levels' names and the share with anyone besides heads."""
    found = activities(la, networks)
    return {
        "la": la,
        "by": by,
        "levels": vocabulary().levels,
        "activities": found.height,
        "beyond_heads_pct": analysis.beyond_heads(found),
        "periods": analysis.levels_share(found, by),
    }


# ---------------------------------------------------------------------------------------------
# A network's members and activities


def member_history(network: Network) -> list[Row]:
    """Every spell of the network's schools, with the school's name, oldest first; ``current`` says
    whether it is in force today."""
    spells = list(network.members.all())
    names = dict(Establishment.objects.filter(urn__in=[s.urn for s in spells]).values_list("urn", "name"))
    today = dt.date.today()
    rows = [
        {
            "urn": s.urn,
            "name": names.get(s.urn, "Not in the register"),
            "joined_on": s.joined_on,
            "left_on": s.left_on,
            "current": (s.joined_on is None or s.joined_on <= today)
            and (s.left_on is None or s.left_on > today),
        }
        for s in spells
    ]
    return sorted(rows, key=lambda r: (r["joined_on"] or dt.date.min, r["name"], r["urn"]))


def activity_rows(network: Network) -> list[Row]:
    words = vocabulary()
    return [
        {
            "id": a.pk,
            "date": a.date,
            "kind": words.activity_kinds.get(a.kind, a.kind),
            "levels": ", ".join(words.levels.get(level, level) for level in a.levels),
            "notes": a.notes,
            "recorded_by": a.recorded_by,
        }
        for a in network.activities.all()
    ]


def add_activity(
    network: Network, day: dt.date, kind: str, levels: list[str], notes: str, by: str
) -> NetworkActivity:
    """One activity entered on the form (replacing one of the same day and kind). The caller audits it
    (web/network_changes.py)."""
    found, _ = NetworkActivity.objects.update_or_create(
        network=network,
        date=day,
        kind=kind,
        defaults={"levels": levels, "notes": notes, "recorded_by": by, "source_id": None},
    )
    return found


# ---------------------------------------------------------------------------------------------
# Outcomes


FAMILY_MEASURES = {"primary": "ks2_rwm_expected", "secondary": "attainment8"}


def _good_share(urns: list[int], la: int | None, on: dt.date | None = None) -> tuple[int, int, float | None]:
    """How many of these schools were inspected (by ``on``), how many stood good or better, the share."""
    if not urns:
        return 0, 0, None
    latest = picture.latest_among(urns, la, on)
    judged = latest.filter(pl.col("standing").is_not_null())
    good = judged.filter(pl.col("standing") == GOOD_OR_BETTER).height
    return judged.height, good, round(100 * good / judged.height, 1) if judged.height else None


def _figures(urns: Sequence[int], measure: str) -> dict[int, tuple[int, float]]:
    """Each school's latest figure of a measure: urn -> (year, value)."""
    found: dict[int, tuple[int, float]] = {}
    rows = SchoolMeasure.objects.filter(urn__in=list(urns), measure=measure, value__isnull=False)
    for urn, year, value in rows.order_by("year").values_list("urn", "year", "value"):
        found[int(urn)] = (int(year), float(value))
    return found


def against_families(urns: list[int]) -> list[Row]:
    """Each member's headline result (KS2 reading, writing and maths at the expected standard, or
    Attainment 8) against the mean of its family's in the same year (store.families, the default
    method): a school above its family does better than schools like it."""
    from peerlift.store import families

    if not urns:
        return []
    try:
        found = families.families_for(urns)
    except families.FamiliesError:
        return []
    rows = []
    for urn in urns:
        family = found.get(urn) or {}
        group = family.get("phase_group")
        measure = FAMILY_MEASURES.get(str(group))
        members = [m["urn"] for m in family.get("members", [])]
        if measure is None or not members:
            continue
        own = _figures([urn], measure).get(urn)
        if own is None:
            continue
        others = [v for y, v in _figures(members, measure).values() if y == own[0]]
        if not others:
            continue
        mean = sum(others) / len(others)
        rows.append(
            {
                "urn": urn,
                "name": family.get("name") or "",
                "measure": measure,
                "year": own[0],
                "school": round(own[1], 1),
                "family_mean": round(mean, 1),
                "difference": round(own[1] - mean, 1),
            }
        )
    return rows


def outcomes(la: int, on: dt.date | None = None) -> list[Row]:
    """Each of the LA's networks beside the others and the LA: its current members, the share good or
    better now and a year before (the trend), and how many members do better than their family."""
    day = on or dt.date.today()
    year_before = analysis._years_before(day, 12)
    la_urns = open_schools(la)["urn"].to_list()
    _, _, la_share = _good_share(la_urns, la, day)
    rows = []
    for network in Network.objects.filter(la_code=la):
        now = list(network.members.current(day).values_list("urn", flat=True))
        then = list(network.members.current(year_before).values_list("urn", flat=True))
        inspected, good, share = _good_share(sorted(set(now)), la, day)
        _, _, share_then = _good_share(sorted(set(then)), la, year_before)
        families = against_families(sorted(set(now)))
        above = sum(1 for f in families if f["difference"] > 0)
        rows.append(
            {
                "id": network.pk,
                "network": network.name,
                "kind": network.kind,
                "members": len(set(now)),
                "inspected": inspected,
                "good_or_better": good,
                "good_or_better_pct": share,
                "good_or_better_pct_year_before": share_then,
                "trend": round(share - share_then, 1)
                if share is not None and share_then is not None
                else None,
                "la_good_or_better_pct": la_share,
                "against_la": round(share - la_share, 1)
                if share is not None and la_share is not None
                else None,
                "with_family_result": len(families),
                "above_family": above,
                "mean_difference_from_family": round(
                    sum(f["difference"] for f in families) / len(families), 1
                )
                if families
                else None,
            }
        )
    return rows


def template_text(kind: str) -> str:
    """A template's header and one example row, as the readers accept it (linked from the pages)."""
    from peerlift.demo import networks as demo

    header, example = demo.TEMPLATES[kind]
    return demo.csv_text(header, [example])


def report_data(network: Network, on: dt.date | None = None) -> Row:
    """What reports/network_report.py prints of a network: itself, its members over time, its
    activities and who took part by school year, and its outcomes row (see ``outcomes``)."""
    from peerlift.store import access

    la = network.la_code
    authority = access.local_authority(la) if la is not None else None
    found_outcomes = [r for r in outcomes(la, on) if r["id"] == network.pk] if la is not None else []
    return {
        "network": {
            "id": network.pk,
            "name": network.name,
            "kind": network.kind,
            "kind_label": vocabulary().label_of(network.kind),
            "lead": network.lead,
            "la": la,
            "la_name": authority["name"] if authority else "",
        },
        "members": member_history(network),
        "levels": levels_share(la, "year", [network.pk]),
        "activities": activity_rows(network),
        "outcomes": found_outcomes[0] if found_outcomes else None,
    }


def membership_by_year(network: Network, today: dt.date | None = None) -> list[Row]:
    """The network's membership on each 1 September since its first known join (at most ten years,
    and today's), with the joins and leaves of the year to it and whether that was turbulence
    (analysis.networks.turbulence_of on this network alone), newest first."""
    day = today or dt.date.today()
    spells = [
        {
            "arrangement": f"network:{network.pk}",
            "name": network.name,
            "kind": network.kind,
            "urn": s.urn,
            "joined_on": s.joined_on,
            "left_on": s.left_on,
        }
        for s in network.members.all()
    ]
    if not spells:
        return []
    frame = pl.DataFrame(spells, schema=analysis.MEMBERSHIP_SCHEMA)
    known = [s["joined_on"] for s in spells if s["joined_on"] is not None]
    first = max(min(known).year if known else day.year - 1, day.year - 10)
    days = [dt.date(year, 9, 1) for year in range(first + 1, day.year + 1) if dt.date(year, 9, 1) < day]
    rows = []
    for on in [*days, day]:
        (found,) = analysis.turbulence_of(frame, on)
        rows.append(
            {"on": on, **{k: found[k] for k in ("members_at_end", "joined", "left", "share", "turbulent")}}
        )
    return rows[::-1]
