"""A run's result as the CSV and XLSX downloads: one row per need (its proposal or why it is unmet),
the same columns in both, and in the workbook a summary sheet and, with --explain, the candidates."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from peerlift.sources.formulas import neutralise

NEED_COLUMNS = [
    "need",
    "supported_urn",
    "area",
    "days",
    "offer",
    "supporter_urn",
    "supporter_name",
    "score",
    "pinned",
    "alternative_1",
    "alternative_1_score",
    "alternative_1_why_not",
    "alternative_2",
    "alternative_2_score",
    "alternative_2_why_not",
    "reasons",
    "unmet_reason",
]
CANDIDATE_COLUMNS = [
    "need",
    "offer",
    "supporter_urn",
    "supported_urn",
    "days",
    "capacity_days",
    "distance_km",
    "score",
    "chosen",
    "greedy",
]
SUMMARY_KEYS = ["objective", "greedy_objective", "needs", "met", "greedy_met"]


def need_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per need, proposals and unmet together, ordered by need."""
    rows: list[dict[str, Any]] = []
    for proposal in result["proposals"]:
        row = {k: proposal.get(k) for k in NEED_COLUMNS if k in proposal}
        for i, alternative in enumerate(proposal["alternatives"], start=1):
            row[f"alternative_{i}"] = alternative["offer"]
            row[f"alternative_{i}_score"] = alternative["score"]
            row[f"alternative_{i}_why_not"] = alternative["why_not"]
        row["reasons"] = "; ".join(proposal["reasons"])
        rows.append(row)
    rows += [{"need": u["need"], "unmet_reason": u["reason"]} for u in result["unmet"]]
    return sorted(rows, key=lambda r: str(r["need"]))


def candidate_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates with their score's parts as columns ``part_NAME``."""
    rows = []
    for candidate in result.get("candidates", []):
        row = {k: candidate[k] for k in CANDIDATE_COLUMNS}
        row.update({f"part_{k}": v for k, v in candidate["parts"].items()})
        rows.append(row)
    return rows


def xlsx(result: dict[str, Any]) -> bytes:
    """The workbook: summary, needs (proposals and unmet) and, with --explain, candidates."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    summary = [{"figure": k, "value": result[k]} for k in SUMMARY_KEYS]
    summary += [{"figure": f"solver_{k}", "value": v} for k, v in result["solver"].items()]
    _sheet(book, "summary", ["figure", "value"], summary)
    _sheet(book, "needs", NEED_COLUMNS, need_rows(result))
    candidates = candidate_rows(result)
    if candidates:
        _sheet(book, "candidates", list(candidates[0]), candidates)
    book.close()
    return buffer.getvalue()


def _sheet(book: xlsxwriter.Workbook, name: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    sheet = book.add_worksheet(name)
    bold = book.add_format({"bold": True})
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column, bold)
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            value = row.get(column)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, neutralise(str(value)))
