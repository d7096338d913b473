"""A network as web/network_data.report_data gives it, made by hand, and a survey round of it as
store.surveys.results_for_network gives it (tests/reports/test_network_report.py, test_summary.py)."""

from __future__ import annotations

import datetime as dt

LEVELS = {
    "heads": "Heads",
    "senior_leaders": "Senior leaders",
    "middle_leaders": "Middle leaders",
    "teachers": "Teachers",
    "governors": "Governors",
}
FOUND = {
    "network": {
        "id": 1,
        "name": "North cluster",
        "kind": "cluster",
        "kind_label": "Cluster",
        "lead": "",
        "la": 999,
        "la_name": "Demo City",
    },
    "members": [
        {"urn": 100001, "name": "Alder", "joined_on": None, "left_on": None, "current": True},
        {
            "urn": 100002,
            "name": "Birch",
            "joined_on": dt.date(2021, 9, 1),
            "left_on": dt.date(2025, 1, 15),
            "current": False,
        },
    ],
    "levels": {
        "levels": LEVELS,
        "beyond_heads_pct": 50.0,
        "periods": [
            {
                "period": "2024/25",
                "year": 2025,
                "activities": 2,
                "heads_pct": 100.0,
                "senior_leaders_pct": 50.0,
                "middle_leaders_pct": 0.0,
                "teachers_pct": 0.0,
                "governors_pct": 0.0,
            }
        ],
    },
    "activities": [{"date": dt.date(2024, 10, 10), "kind": "Meeting", "levels": "Heads", "notes": ""}],
    "outcomes": None,
}
SURVEY = {
    "round": {
        "id": 5,
        "title": "North cluster: capacity and trust",
        "questionnaire_title": "Our network: trust, capacity, clarity of purpose and challenge",
        "network_id": 1,
        "opens_on": dt.date(2025, 11, 3),
        "closes_on": dt.date(2025, 11, 28),
        "schools": 6,
        "answered": 5,
    },
    "previous_round": {"title": "North cluster: capacity and trust, 2024"},
    "min_answers": 5,
    "questions": [
        {
            "id": "trust",
            "text": "Leaders in our network trust one another.",
            "scale": "agree4",
            "answers": 6,
            "held_back": False,
            "note": "",
            # agree, strongly agree, agree, disagree, agree, strongly agree: 5 of 6 favourable,
            # mean (2x4 + 3x3 + 1x2) / 6 = 19 / 6
            "favourable_pct": 83.3,
            "mean": 3.17,
            "previous": {"answers": 5, "held_back": False, "favourable_pct": 60.0, "mean": 2.8},
            "change_pts": 23.3,
        },
        {
            "id": "improve_network",
            "text": "What would most improve your network?",
            "scale": "free_text",
            "answers": 5,
            "held_back": False,
            "note": "",
            "free_text": {"answers": 5, "groups": [{"term": "time", "answers": 3}], "not_grouped": 2},
        },
    ],
}
