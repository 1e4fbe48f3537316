"""Home pages per role, village and office pages, and who may open them."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_village_official_home_shows_their_village_and_no_other(login, office):
    client = login("desa-inan")
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    assert "Desa Inan" in page.text
    assert "63.11.07.2003" in page.text
    assert "Rahmadi" in page.text
    assert "Bungin" not in page.text
    assert "Basri" not in page.text  # Bungin's official
    assert client.get(f"/kantor/{office.slug}/desa/inan/").status_code == 200
    assert client.get(f"/kantor/{office.slug}/desa/bungin/").status_code == 404
    assert client.get(f"/kantor/{office.slug}/").status_code == 404


@pytest.mark.django_db
def test_camat_home_lists_all_16_villages_with_their_officials(login, office):
    page = login("camat").get(reverse("dashboard:home"))
    assert page.status_code == 200
    assert page.text.count('href="/kantor/paringin-selatan/desa/') == 16
    for name in ("Inan", "Bungin", "Batu Piring", "Baruh Bahinu Luar", "Tarangan"):
        assert name in page.text
    assert "Seksi Pemberdayaan Masyarakat dan Desa" in page.text
    assert "Noor Aisyah" in page.text  # the PMD officer


@pytest.mark.django_db
def test_inspector_reads_the_offices_of_the_regency(login, office, other_office):
    client = login("kabupaten")
    home = client.get(reverse("dashboard:home"))
    assert "Kecamatan Paringin Selatan" in home.text
    assert "Kecamatan Paringin" in home.text
    assert client.get(f"/kantor/{office.slug}/").status_code == 200
    assert client.get(f"/kantor/{office.slug}/desa/bungin/").status_code == 200
    assert client.get(reverse("dashboard:manage_index")).status_code == 404


@pytest.mark.django_db
def test_staff_of_another_office_get_404_on_this_office(client, office, other_office):
    from apps.accounts.models import User

    client.force_login(User.objects.get(username="camat-paringin"))
    assert client.get(f"/kantor/{office.slug}/").status_code == 404
    assert client.get(f"/kantor/{office.slug}/desa/inan/").status_code == 404
    assert client.get(f"/kantor/{other_office.slug}/desa/lasung-batu/").status_code == 200


@pytest.mark.django_db
def test_a_person_without_a_role_is_told_so(client):
    from tests_support.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("dashboard:home"))
    assert page.status_code == 200
    assert "tidak memiliki peran" in page.text
    assert client.get("/api/v1/me").status_code == 403


@pytest.mark.django_db
def test_a_person_with_two_offices_switches_between_them(client, users, office, other_office):
    from apps.accounts.models import Membership, Role
    from apps.accounts.services import membership_add

    membership_add(acting=None, user=users["pmd"], office=other_office, role=Role.HEAD)
    client.force_login(users["pmd"])
    assert "Seksi Pemberdayaan" in client.get(reverse("dashboard:home")).text
    second = Membership.objects.get(user=users["pmd"], office=other_office)
    client.post(reverse("accounts:switch_membership"), {"membership": second.pk})
    page = client.get(reverse("dashboard:home"))
    assert "Lasung Batu" in page.text and "Inan" not in page.text
    # Someone else's membership cannot be chosen.
    foreign = Membership.objects.get(user__username="camat")
    assert (
        client.post(reverse("accounts:switch_membership"), {"membership": foreign.pk}).status_code
        == 404
    )
