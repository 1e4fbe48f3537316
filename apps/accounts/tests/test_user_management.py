"""The users page of an office: only its camat and secretary, only its own people."""

import re

import pytest
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import Membership, Role, User
from apps.core.errors import DomainError
from apps.offices.models import AuditLog
from tests_support.factories import PASSWORD, membership_of


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
    login, office, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.RUKO_BASE_URL = "https://ruko.balangankab.go.id/"
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
    assert "\nhttps://ruko.balangankab.go.id/atur-sandi/" in smtp_server.bodies()[0]
    assert "testserver" not in smtp_server.bodies()[0]


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
            "role": Role.VILLAGE,
            "village": Membership.objects.get(user__username="desa-inan").village_id,
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
            "email": "kesos@paringin-selatan.test",
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
    assert "tidak memiliki peran" in client.get(reverse("dashboard:home")).text


@pytest.mark.django_db
def test_nobody_can_change_or_deactivate_their_own_role(login, users):
    client = login("sekcam")
    own = Membership.objects.get(user__username="sekcam")
    response = client.post(
        reverse("accounts:user_edit", args=[own.pk]),
        {"full_name": "Hj. Siti Rahmah, S.Sos.", "role": Role.SECRETARY},
    )
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.is_active
    # The service refuses it too, whoever calls it.
    from apps.accounts.services import membership_update
    from apps.core.errors import DomainError

    with pytest.raises(DomainError):
        membership_update(acting=own, membership=own, role=Role.SECRETARY, is_active=False)


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


@pytest.mark.django_db
def test_the_secretary_can_neither_touch_the_camat_nor_make_a_camat(login):
    client = login("sekcam")
    camat = Membership.objects.get(user__username="camat")
    assert client.get(reverse("accounts:user_edit", args=[camat.pk])).status_code == 404
    own = Membership.objects.get(user__username="sekcam")
    assert client.get(reverse("accounts:user_edit", args=[own.pk])).status_code == 404
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "camat-baru",
            "full_name": "Camat Baru",
            "role": Role.HEAD,
            "password": "Kuat-Sekali-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="camat-baru").exists()
    pem = Membership.objects.get(user__username="pem")
    promote = client.post(
        reverse("accounts:user_edit", args=[pem.pk]),
        {"full_name": "Ahmad Fauzi, S.IP.", "role": Role.HEAD, "is_active": "on"},
    )
    assert promote.status_code == 200
    pem.refresh_from_db()
    assert pem.role == Role.OFFICER
    # The camat may.
    camat_client = login("camat")
    assert (
        camat_client.post(
            reverse("accounts:user_edit", args=[own.pk]),
            {
                "full_name": "Hj. Siti Rahmah, S.Sos.",
                "role": Role.SECRETARY,
                "is_active": "on",
                "position": "Sekretaris Camat",
            },
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_a_person_who_also_works_elsewhere_keeps_control_of_their_profile(
    login, users, other_office
):
    from apps.accounts.services import membership_add

    membership_add(acting=None, user=users["pmd"], office=other_office, role=Role.HEAD)
    client = login("sekcam")
    pmd = Membership.objects.get(user__username="pmd", office__region__code="63.11.07")
    client.post(
        reverse("accounts:user_edit", args=[pmd.pk]),
        {
            "full_name": "Penyusup",
            "email": "penyusup@contoh.test",
            "role": Role.OFFICER,
            "section": pmd.section_id,
            "is_active": "on",
        },
    )
    users["pmd"].refresh_from_db()
    assert users["pmd"].email == "pmd@paringin-selatan.test"
    assert users["pmd"].full_name == "Noor Aisyah, S.E."
    link = client.post(reverse("accounts:user_send_password_link", args=[pmd.pk]))
    assert link.status_code == 404


@pytest.mark.django_db
def test_role_fields_the_role_does_not_use_are_ignored_and_a_bad_phone_is_explained(login, office):
    client = login("camat")
    pmd = office.sections.get(short_name="PMD")
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "sekcam2",
            "full_name": "Sekretaris Dua",
            "role": Role.SECRETARY,
            "section": pmd.pk,
            "village": office.villages.first().pk,
            "password": "Kuat-Sekali-2026",
        },
    )
    assert response.status_code == 302
    created = Membership.objects.get(user__username="sekcam2")
    assert created.section is None and created.village is None
    bad_phone = client.post(
        reverse("accounts:user_create"),
        {
            "username": "telepon",
            "full_name": "Nomor Salah",
            "role": Role.SECRETARY,
            "phone": "call me maybe",
            "password": "Kuat-Sekali-2026",
        },
    )
    assert bad_phone.status_code == 200
    assert "nomor telepon" in bad_phone.text
    assert 'value="Nomor Salah"' in bad_phone.text


@pytest.mark.django_db
def test_profile_changes_are_audited(login, users):
    client = login("desa-inan")
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Rahmadi", "email": "rahmadi@inan.test", "phone": "0812 1111 2222"},
    )
    assert response.status_code == 200  # a new e-mail address takes the password
    assert "kata sandi Anda saat ini" in response.text
    assert 'value="rahmadi@inan.test"' in response.text
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Rahmadi",
            "email": "rahmadi@inan.test",
            "phone": "0812 1111 2222",
            "current_password": PASSWORD,
        },
    )
    assert response.status_code == 302
    entry = AuditLog.objects.filter(action="accounts.user.updated").latest("id")
    assert entry.new == {"email": "rahmadi@inan.test", "phone": "0812 1111 2222"}
    assert entry.old == {"email": "desa-inan@paringin-selatan.test", "phone": ""}


@pytest.mark.django_db
def test_an_office_cannot_attach_an_account_that_serves_another_office(client, users, other_office):
    """The attack: Paringin's camat takes Paringin Selatan's PMD officer by username, and
    learns which usernames exist. Refused, with the answer an unknown username gets."""
    client.force_login(User.objects.get(username="camat-paringin"))
    section = other_office.sections.get(short_name="PMD").pk
    url = reverse("accounts:user_add_existing")
    taken = client.post(url, {"username": "pmd", "role": Role.OFFICER, "section": section})
    unknown = client.post(url, {"username": "tidak-ada", "role": Role.OFFICER, "section": section})
    assert taken.status_code == unknown.status_code == 200
    assert "yang dapat ditambahkan ke kantor ini" in taken.text
    # Byte for byte the same page but for the username typed back into the field (and the
    # form's CSRF token).
    strip = re.compile(r'"(pmd|tidak-ada|[A-Za-z0-9]{64})"')
    assert strip.sub("", taken.text) == strip.sub("", unknown.text)
    assert not users["pmd"].memberships.filter(office=other_office).exists()
    # The service refuses it too, whatever form is used.
    with pytest.raises(DomainError):
        services.membership_add(
            acting=membership_of("camat-paringin"),
            user=users["kabupaten"],
            office=other_office,
            role=Role.SECRETARY,
        )


@pytest.mark.django_db
def test_an_account_whose_role_ended_joins_a_second_office(client, users, other_office):
    pmd = membership_of("pmd")
    services.membership_update(
        acting=membership_of("sekcam"),
        membership=pmd,
        role=pmd.role,
        section=pmd.section,
        position=pmd.position,
        is_active=False,
    )
    client.force_login(User.objects.get(username="camat-paringin"))
    response = client.post(
        reverse("accounts:user_add_existing"),
        {
            "username": "pmd",
            "role": Role.OFFICER,
            "section": other_office.sections.get(short_name="PMD").pk,
            "position": "Staf PMD",
        },
    )
    assert response.status_code == 302
    assert users["pmd"].memberships.filter(office=other_office, role=Role.OFFICER).exists()
    assert AuditLog.objects.filter(
        action="accounts.membership.created", office=other_office
    ).exists()
    again = client.post(
        reverse("accounts:user_add_existing"), {"username": "pmd", "role": Role.SECRETARY}
    )
    assert "sudah memiliki peran" in again.text


@pytest.mark.django_db
def test_a_new_person_gets_no_role_unless_one_is_chosen(login):
    client = login("sekcam")
    form = client.get(reverse("accounts:user_create"))
    assert "- Pilih peran -" in form.text
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "operator-inan",
            "full_name": "Operator Inan",
            "position": "Operator Desa",
            "password": "Kuat-Sekali-2026",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="operator-inan").exists()


@pytest.mark.django_db
def test_every_name_on_the_user_list_links_to_a_page_that_opens(login, users):
    """One's own row goes to the profile, the camat's row is plain text for a secretary:
    no link on the list leads to a 404."""
    client = login("sekcam")
    page = client.get(reverse("accounts:user_list"), {"q": "a"})
    links = set(re.findall(r'href="(/kelola/pengguna/\d+/|/akun/)"', page.text))
    assert reverse("accounts:profile") in links or "sekcam" not in page.text
    camat = users["camat"].memberships.get()
    assert reverse("accounts:user_edit", args=[camat.pk]) not in page.text
    own = users["sekcam"].memberships.get()
    assert reverse("accounts:user_edit", args=[own.pk]) not in page.text
    for link in links:
        assert client.get(link).status_code == 200, link
    # The camat manages the secretary.
    camat_page = login("camat").get(reverse("accounts:user_list"))
    assert reverse("accounts:user_edit", args=[own.pk]) in camat_page.text
