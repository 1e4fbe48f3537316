"""The users page of an office: only its camat and secretary, only its own people."""

import pytest
from django.urls import reverse

from apps.accounts.models import Membership, Role, User
from apps.core.models import AuditLog


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["pmd", "desa-inan", "kabupaten"])
def test_only_camat_and_secretary_open_the_user_pages(login, username):
    client = login(username)
    inan = Membership.objects.get(user__username="desa-inan")
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(reverse("accounts:user_create")).status_code == 404
    assert client.get(reverse("accounts:user_edit", args=[inan.pk])).status_code == 404


@pytest.mark.django_db
def test_user_list_filters_with_htmx_and_keeps_a_constant_query_count(
    login, django_assert_max_num_queries
):
    client = login("sekcam")
    page = client.get(reverse("accounts:user_list"))
    assert page.status_code == 200
    assert "desa-inan" in page.text and "<html" in page.text
    with django_assert_max_num_queries(8):
        partial = client.get(
            reverse("accounts:user_list"),
            {"role": "petugas"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="user-results",
        )
    assert "<html" not in partial.text
    assert "Noor Aisyah" in partial.text and "desa-inan" not in partial.text


@pytest.mark.django_db
def test_secretary_adds_a_village_operator_who_gets_a_link_by_mail(
    login, office, smtp_server, django_capture_on_commit_callbacks
):
    client = login("sekcam")
    bungin = office.villages.get(slug="bungin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:user_create"),
            {
                "username": "operator-bungin",
                "full_name": "Rina Wati",
                "email": "rina@bungin.test",
                "phone": "0812 5555 1234",
                "role": Role.VILLAGE,
                "village": bungin.pk,
                "position": "Operator Desa",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="operator-bungin")
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert (membership.office, membership.village, membership.role) == (office, bungin, "desa")
    assert AuditLog.objects.filter(action="accounts.user.created", target_id=str(user.pk)).exists()
    assert len(smtp_server.messages) == 1
    assert "operator-bungin" in smtp_server.bodies()[0]
    assert "/atur-sandi/" in smtp_server.bodies()[0]


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed_and_explains_in_indonesian(login):
    client = login("sekcam")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "Petugas Baru!",
            "full_name": "Budi Santoso",
            "role": Role.OFFICER,
            "position": "Staf Seksi",
        },
    )
    assert response.status_code == 200
    assert 'value="Budi Santoso"' in response.text
    assert 'value="Staf Seksi"' in response.text
    assert "huruf kecil" in response.text  # username rule
    assert "Pilih seksi" in response.text  # officer without section
    taken = client.post(
        reverse("accounts:user_create"),
        {
            "username": "camat",
            "full_name": "Orang Lain",
            "role": Role.HEAD,
            "password": "Kuat-Sekali-2026",
        },
    )
    assert "sudah dipakai" in taken.text
    assert User.objects.filter(full_name="Orang Lain").count() == 0


@pytest.mark.django_db
def test_camat_changes_a_role_and_deactivates_access_with_an_audit_trail(login, users):
    client = login("camat")
    kesos = Membership.objects.get(user__username="kesos")
    pmd_section = Membership.objects.get(user__username="pmd").section
    response = client.post(
        reverse("accounts:user_edit", args=[kesos.pk]),
        {
            "full_name": "Dewi Lestari, S.K.M.",
            "email": "kesos@demo.rukoparsel.test",
            "phone": "",
            "role": Role.OFFICER,
            "section": pmd_section.pk,
            "position": "Staf PMD",
        },
    )
    assert response.status_code == 302
    kesos.refresh_from_db()
    assert kesos.section == pmd_section and kesos.is_active is False
    entry = AuditLog.objects.filter(action="accounts.membership.updated").latest("id")
    assert entry.actor == users["camat"]
    assert entry.new["is_active"] is False and entry.old["is_active"] is True
    # Without an active membership the person no longer works in the office.
    client.force_login(users["kesos"])
    assert "tidak memiliki peran" in client.get(reverse("accounts:home")).text


@pytest.mark.django_db
def test_nobody_can_deactivate_themselves(login):
    client = login("sekcam")
    own = Membership.objects.get(user__username="sekcam")
    response = client.post(
        reverse("accounts:user_edit", args=[own.pk]),
        {"full_name": "Hj. Siti Rahmah, S.Sos.", "role": Role.SECRETARY},
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.is_active


@pytest.mark.django_db
def test_an_office_cannot_touch_the_people_of_another_office(client, office, other_office):
    client.force_login(User.objects.get(username="camat-paringin"))
    inan = Membership.objects.get(user__username="desa-inan")
    assert client.get(reverse("accounts:user_edit", args=[inan.pk])).status_code == 404
    assert (
        client.post(
            reverse("accounts:user_edit", args=[inan.pk]), {"full_name": "x", "role": "camat"}
        ).status_code
        == 404
    )
    # Nor pick a village of another office for its own people.
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "penyusup",
            "full_name": "Penyusup",
            "role": Role.VILLAGE,
            "village": office.villages.get(slug="inan").pk,
            "password": "Kuat-Sekali-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="penyusup").exists()
