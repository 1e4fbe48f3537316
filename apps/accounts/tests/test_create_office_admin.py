"""The first camat or secretary of a new office is made with a command, not a shell."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import Role, User
from apps.offices.models import AuditLog


def create(*args, **options):
    out = io.StringIO()
    call_command("create_office_admin", *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_the_first_secretary_of_a_new_office_sets_the_password_through_the_printed_link(
    client, other_office, settings
):
    settings.RUKO_BASE_URL = "https://ruko.balangankab.go.id"
    output = create(
        "63.11.06",
        username="sekcam-paringin",
        full_name="Ahmad Fauzi, S.STP",
        email="sekcam@paringin.test",
        role="sekretaris",
        position="Sekretaris Camat",
    )
    user = User.objects.get(username="sekcam-paringin")
    assert not user.has_usable_password()
    membership = user.memberships.get()
    assert (membership.office, membership.role) == (other_office, Role.SECRETARY)
    assert membership.position == "Sekretaris Camat"
    assert AuditLog.objects.filter(
        action="accounts.user.created", target_id=str(user.pk), office=other_office
    ).exists()
    assert "sekcam-paringin is now sekretaris of Kecamatan Paringin." in output
    link = re.search(r"https://ruko\.balangankab\.go\.id(/atur-sandi/\S+)", output).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Paringin-Maju-2026", "new_password2": "Paringin-Maju-2026"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Paringin-Maju-2026")
    # The link works once.
    assert "tidak berlaku" in client.get(link, follow=True).text.lower()


@pytest.mark.django_db
def test_a_camat_is_created_too(other_office):
    create(
        "63.11.06",
        username="camat-baru",
        full_name="Drs. Rusdi",
        email="camat@paringin.test",
        role="camat",
    )
    assert User.objects.get(username="camat-baru").memberships.get().role == Role.HEAD


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("district", "options", "message"),
    [
        ("63.11.01", {}, "No office for 63.11.01"),
        ("63.11.06", {"username": "Camat Baru"}, "username"),
        ("63.11.06", {"username": "camat-paringin"}, "username"),  # taken
        ("63.11.06", {"email": "bukan-alamat"}, "email"),
    ],
)
def test_bad_input_is_refused_and_creates_nobody(other_office, district, options, message):
    before = User.objects.count()
    values = {
        "username": "camat-baru",
        "full_name": "Drs. Rusdi",
        "email": "camat@paringin.test",
        "role": "camat",
        **options,
    }
    with pytest.raises(CommandError, match=message):
        create(district, **values)
    assert User.objects.count() == before


@pytest.mark.django_db
def test_only_the_two_office_roles_are_offered(other_office):
    with pytest.raises(CommandError, match="invalid choice"):
        create(
            "63.11.06",
            username="petugas-baru",
            full_name="Budi",
            email="budi@paringin.test",
            role="petugas",
        )
