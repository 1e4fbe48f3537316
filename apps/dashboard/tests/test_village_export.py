"""The handover export of one village: everything the office holds about it, nothing about
another village, for the camat and the secretary only, audited."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from apps.accounts.demo import demo_seed
from apps.cases import services as cases
from apps.cases.models import Case
from apps.offices.models import AuditLog
from tests_support.factories import membership_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(village):
    return f"/kantor/{village.office.slug}/desa/{village.slug}/ekspor/"


def _submit(username, title, attachments=()):
    official = membership_of(username)
    return cases.case_submit(
        acting=official,
        category=official.office.categories.get(name="Keuangan desa"),
        urgency="sedang",
        title=title,
        description="Uraian masalah desa.",
        attachments=list(attachments),
    ).case


def _zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _objects(archive, part):
    return json.loads(archive.read(f"{part}.json"))


@pytest.mark.django_db
def test_the_camat_downloads_a_village_with_its_cases_comments_history_and_files_only(login):
    case = _submit("desa-inan", "Jalan rusak", [SimpleUploadedFile("foto.pdf", PDF)])
    cases.comment_add(acting=membership_of("desa-inan"), case=case, body="Mohon dibantu.")
    other = _submit("desa-bungin", "Masalah desa lain")
    client = login("camat")

    response = client.get(_url(case.village))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    archive = _zip(response)
    names = set(archive.namelist())
    assert {"cases.json", "follow_ups.json", "village_reports.json", "meetings.json"} <= names
    assert {"alerts.json", "manifest.json"} <= names

    objects = _objects(archive, "cases")
    exported = [o for o in objects if o["model"] == "cases.case"]
    assert [o["pk"] for o in exported] == [case.pk]
    assert other.pk not in {o["pk"] for o in exported}
    assert [o["fields"]["body"] for o in objects if o["model"] == "cases.comment"] == [
        "Mohon dibantu."
    ]
    history = [o for o in objects if o["model"] == "offices.auditlog"]
    assert {"cases.case.submitted", "cases.comment.added"} & {
        o["fields"]["action"] for o in history
    }
    assert all(
        o["fields"]["target_id"] != str(other.pk)
        for o in history
        if "case" in o["fields"]["target_type"]
    )
    (attachment,) = case.attachments.all()
    assert archive.read(f"files/{attachment.file.name}") == PDF
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"] == {attachment.file.name: hashlib.sha256(PDF).hexdigest()}
    assert manifest["parts"]["cases"]["records"] == len(objects) - len(history)

    entry = AuditLog.objects.filter(action="offices.village.exported").latest("id")
    assert entry.actor.username == "camat" and entry.target_id == str(case.village.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [("sekcam", 200), ("pmd", 403), ("desa-inan", 403), ("desa-bungin", 404), ("kabupaten", 403)],
)
def test_only_the_camat_and_the_secretary_export_a_village(login, username, status):
    village = membership_of("desa-inan").village
    response = login(username).get(_url(village))
    assert response.status_code == status
    page = login(username).get(f"/kantor/{village.office.slug}/desa/{village.slug}/")
    if page.status_code == 200:
        assert (_url(village).encode() in page.content) == (status == 200)


@pytest.mark.django_db
def test_an_official_of_another_office_cannot_learn_the_village_exists(client, other_office):
    from apps.accounts.models import Membership

    village = membership_of("desa-inan").village
    head = Membership.objects.filter(office=other_office, role="camat").first()
    client.force_login(head.user)
    assert client.get(_url(village)).status_code == 404


@pytest.mark.slow
@pytest.mark.django_db
def test_the_command_exports_every_domain_of_a_demo_village(office, tmp_path):
    demo_seed(office=office)
    busiest = (
        Case.objects.filter(office=office).values_list("village", flat=True).order_by("village")
    )
    village_id = max(set(busiest), key=list(busiest).count)
    village = office.villages.get(pk=village_id)
    target = tmp_path / "ekspor.zip"
    call_command("export_village", village.region.code, "--output", str(target), verbosity=0)
    archive = zipfile.ZipFile(target)
    manifest = json.loads(archive.read("manifest.json"))
    records = {name: part["records"] for name, part in manifest["parts"].items()}
    assert records["cases"] > 0 and records["village_reports"] > 0, records
    for part in records:
        for obj in _objects(archive, part):
            village_field = obj["fields"].get("village")
            if village_field is not None and obj["model"] != "follow_ups.followup":
                assert village_field == village.pk, obj
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(f"files/{name}")).hexdigest() == digest
