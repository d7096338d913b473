"""Adding a school to a network by name or URN: a name lists the schools it finds (each with its own
Add button: the search that works without JavaScript); a URN, or a suggestion's "Name (URN n)", adds it."""

from __future__ import annotations

import pytest

from peerlift.web.models import Network

from .conftest import NETWORK, OTHER, TWIN

pytestmark = pytest.mark.django_db


def _north() -> Network:
    return Network.objects.get(name=NETWORK)


def test_a_name_lists_the_matching_schools_of_the_network_s_la(register, as_role) -> None:
    north = _north()
    names = {OTHER: None, TWIN: None}
    from peerlift.store.models import Establishment

    for urn in names:
        names[urn] = Establishment.objects.get(urn=urn).name
    twin_name = names[TWIN]
    assert twin_name is not None
    response = as_role("admin").post(f"/networks/{north.pk}/schools/add", {"urn": twin_name.upper()})
    html = response.content.decode()
    assert response.status_code == 400 and "Choose the school from the list below, or enter its URN" in html
    assert f'<input type="hidden" name="urn" value="{TWIN}">' in html
    assert f'<input type="hidden" name="urn" value="{OTHER}">' not in html  # already in the network
    assert not north.members.filter(urn=TWIN).exists()


def test_a_suggestion_or_a_urn_adds_the_school(register, as_role) -> None:
    north = _north()
    response = as_role("admin").post(
        f"/networks/{north.pk}/schools/add", {"urn": f"Any name at all (URN {TWIN})"}
    )
    assert response.status_code == 302 and north.members.filter(urn=TWIN).exists()


def test_a_name_that_finds_nothing_says_what_to_do(register, as_role) -> None:
    response = as_role("admin").post(f"/networks/{_north().pk}/schools/add", {"urn": "Hogwarts"})
    html = response.content.decode()
    assert "No open school of the network&#x27;s LA has a name, town or postcode like" in html
    assert "check the spelling, or enter its URN" in html
