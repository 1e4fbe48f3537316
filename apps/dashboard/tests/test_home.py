"""The staff's home, office and case-list pages cost the same whatever the office's size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import Membership
from apps.cases import services
from tests_support.factories import add_villages

# Queries per page and role, measured with 16 villages (November 2026); the camat's home was
# held to at most 14 before. Each page must keep its count with 22 villages and more cases.
# The home's "waiting for you" costs one query for its counts, one per non-empty group to
# choose its first few and one to read them all; the live alerts card one more. These are the
# counts with the office's directory drawn afresh: while it is unchanged, 5 fewer.
PAGE_QUERIES = {
    "camat": {"dashboard:home": 16, "cases:list": 10},
    "sekcam": {"dashboard:home": 16, "cases:list": 10},
    "pmd": {"dashboard:home": 14, "cases:list": 16},  # the section's inbox
    "kabupaten": {"dashboard:home": 11, "dashboard:office_detail": 11, "cases:list": 11},
}
VILLAGE_LINK = 'href="/kantor/paringin-selatan/desa/'


def url(name, office):
    return reverse(name, args=[office.slug]) if name == "dashboard:office_detail" else reverse(name)


def submit_from(village, title):
    official = Membership.objects.select_related("user", "office", "village", "section").get(
        village=village, is_active=True
    )
    return services.case_submit(
        acting=official,
        category=village.office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title=title,
        description="Mohon pendampingan.",
    ).case


@pytest.mark.django_db
@pytest.mark.parametrize("username", PAGE_QUERIES)
def test_home_page_query_count_does_not_grow_with_villages(
    login, office, username, django_assert_num_queries
):
    for village in office.villages.select_related("office")[:3]:
        submit_from(village, f"Kasus {village.name}")
    client = login(username)
    pages = PAGE_QUERIES[username]
    for name, queries in pages.items():
        assert client.get(url(name, office)).status_code == 200  # warm up: session, caches
        cache.clear()  # the directory drawn afresh, as after any change to it
        with django_assert_num_queries(queries):
            client.get(url(name, office))

    added = add_villages(office, 6)  # six more villages, each with its official and a case
    for village in added:
        submit_from(village, f"Kasus {village.name}")
    assert office.villages.count() == 22

    for name, queries in pages.items():
        with django_assert_num_queries(queries):
            page = client.get(url(name, office))
        assert page.status_code == 200
        if name == "cases:list":
            assert f"Kasus {added[-1].name}" in page.text
        elif username in ("camat", "sekcam") or name == "dashboard:office_detail":
            assert page.text.count(VILLAGE_LINK) == 22
            assert f"Kepala {added[-1].name}" in page.text  # the new village's official


@pytest.mark.django_db
def test_the_directory_is_drawn_once_and_again_after_every_change(login, office, users):
    """Sections, villages and people on the camat's home come from a cache while nothing
    changed (five queries fewer), and any change shows on the next load."""
    from apps.offices.services import masterdata_save

    client = login("camat")
    home = reverse("dashboard:home")
    client.get(home)
    cache.clear()
    with CaptureQueriesContext(connection) as drawn:
        client.get(home)
    with CaptureQueriesContext(connection) as cached:
        page = client.get(home)
    warm = len(cached)  # counted now: each request empties the connection's query log
    assert warm == len(drawn) - 5
    assert "Seksi Pemberdayaan Masyarakat dan Desa" in page.text

    section = office.sections.get(short_name="PMD")
    masterdata_save(
        actor=users["camat"],
        office=office,
        instance=section,
        values={"name": "Seksi Pemberdayaan Desa dan Kelurahan"},
    )
    assert "Seksi Pemberdayaan Desa dan Kelurahan" in client.get(home).text

    official = Membership.objects.get(village__slug="inan", is_active=True)
    official.user.full_name = "Siti Rahmah Baru"
    official.user.save()
    assert "Siti Rahmah Baru" in client.get(home).text

    official.is_active = False
    official.save()
    assert "Siti Rahmah Baru" not in client.get(home).text

    with CaptureQueriesContext(connection) as again:
        client.get(home)
    assert len(again) == warm
