"""The pages as each role sees them: what they show, their JSON and their downloads."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_school_page_shows_inspections_in_each_framework_s_own_words(register, as_role) -> None:
    page = as_role("member").get(f"/schools/{register.own}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hillside Primary Academy" in html
    assert "No overall grade under this framework" in html  # graded_2024 and report card: none invented
    assert "Inclusion: Strong standard" in html
    assert "Achievement: Needs attention" in html
    assert "Safeguarding standards: Met" in html
    assert "Quality of education: Good" in html
    assert "Satisfactory" in html  # the predecessor's 2011 grade 3, in 2011's words
    assert "SUPP: suppressed to protect individual pupils" in html
