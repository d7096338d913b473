"""The support pages on the demo LA's agreements (web/demo_support.py, every milestone, paused,
reopened, stopped and closed ones): every page and form answers an administrator, speaks in words
(no ISO date, no bare code: test_words' checker), and the read-only ones offer only "Reopen"."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from peerlift.demo import generate
from peerlift.store.imports import import_file
from peerlift.store.models import SupportAgreement
from peerlift.web import accounts, demo_support
from peerlift.web.models import Role

from .test_words import problems_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_of_the_demo_s_agreements_speaks_in_words(tmp_path: Path) -> None:
    for path in generate(tmp_path, seed=0):
        if path.name.startswith("edubasealldata"):
            import_file(path, user="tests")
    demo_support.seed(999)
    admin = accounts.create_user(
        "demo_admin", "correct horse battery staple", accounts.Scope(Role.ADMIN, la=999), actor="tests"
    )[0]
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    urls = ["/", "/las/999/support", "/las/999/support/new", "/las/999/brokerage", "/audit"]
    forms = ("advance", "objectives/add", "deliveries/add", "reviews/add", "pause", "stop", "reopen", "terms")
    found = list(SupportAgreement.objects.filter(la_code=999))
    for agreement in found:
        base = f"/las/999/support/{agreement.pk}"
        urls += [base, *(f"{base}/{form}" for form in forms)]
    wrong = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            wrong.append(f"{url}: {response.status_code}")
            continue
        wrong += [f"{url}: {p}" for p in problems_in(response.content.decode(), frozenset({"demo_admin"}))]
    assert not wrong, "\n".join(wrong)
    assert "Support agreements: what needs doing" in client.get("/").content.decode()
    for agreement in found:
        page = client.get(f"/las/999/support/{agreement.pk}").content.decode()
        if agreement.status in ("paused", "stopped"):
            assert "This agreement is read-only" in page and "Reopen</a>" in page
            assert "Record days delivered" not in page and ">Pause<" not in page
        elif agreement.milestone == "closed":
            assert "This agreement is read-only" in page and "Reopen</a>" not in page
        else:
            assert "This agreement is read-only" not in page and ">Pause</a>" in page
