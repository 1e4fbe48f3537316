"""The move of the follow-ups out of the cases app, from the schema before it: every case
follow-up keeps its id, its owner (the case's village for "the village") and its evidence
(same token, same stored file); the case keeps only its own documents."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from apps.core import clock

BEFORE = [("cases", "0004_tracking_numbers_unique_installation"), ("follow_ups", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    state = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(state).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_case_follow_ups_and_their_evidence_move_with_their_ids(office):
    old = migrate(BEFORE)
    Case = old.get_model("cases", "Case")
    OldFollowUp = old.get_model("cases", "FollowUp")
    Attachment = old.get_model("cases", "Attachment")
    User = old.get_model("accounts", "User")
    inan = old.get_model("offices", "Village").objects.get(office_id=office.pk, slug="inan")
    pmd_section = old.get_model("offices", "Section").objects.get(
        office_id=office.pk, short_name="PMD"
    )
    officer = User.objects.get(username="pmd")
    now = clock.now()
    case = Case.objects.create(
        office_id=office.pk,
        tracking_number="PRS-2026-00901",
        village=inan,
        submitted_by=User.objects.get(username="desa-inan"),
        category_id=office.categories.first().pk,
        urgency="sedang",
        title="Sebelum pemindahan",
        description="Kasus lama",
        status="ditanggapi",
        submitted_at=now,
    )
    village_item = OldFollowUp.objects.create(
        pk=41,
        case=case,
        action="Kirim daftar hadir",
        owner_kind="desa",
        due_date=dt.date(2026, 12, 1),
    )
    section_item = OldFollowUp.objects.create(
        pk=42,
        case=case,
        action="Pendampingan",
        owner_kind="seksi",
        owner_section=pmd_section,
        due_date=dt.date(2026, 12, 2),
        status="selesai",
        completion_note="Sudah",
        completed_at=now,
        completed_by=officer,
    )
    common = {"content_type": "application/pdf", "size": 10, "uploaded_by": officer}
    Attachment.objects.create(
        case=case, token="a" * 32, file="cases/1/1/aaa", original_name="surat.pdf", **common
    )
    Attachment.objects.create(
        case=case,
        follow_up=section_item,
        purpose="evidence",
        token="b" * 32,
        file="cases/1/1/bbb",
        original_name="bukti.pdf",
        **common,
    )

    new = migrate(latest())
    FollowUp = new.get_model("follow_ups", "FollowUp")
    Evidence = new.get_model("follow_ups", "Evidence")
    moved = {item.pk: item for item in FollowUp.objects.all()}
    assert set(moved) == {village_item.pk, section_item.pk}
    first, second = moved[41], moved[42]
    assert (first.source_type, first.source_id) == ("case", str(case.pk))
    assert first.office_id == office.pk and first.village_id == inan.pk
    assert first.owner_kind == "desa" and first.owner_village_id == inan.pk
    assert second.owner_section_id == pmd_section.pk and second.owner_village_id is None
    assert second.status == "selesai" and second.completed_by_id == officer.pk
    evidence = Evidence.objects.get()
    assert evidence.follow_up_id == 42 and evidence.token == "b" * 32
    assert evidence.file.name == "cases/1/1/bbb"  # the stored file stays where it was
    documents = new.get_model("cases", "Attachment").objects.filter(case_id=case.pk)
    assert [a.original_name for a in documents] == ["surat.pdf"]
    # New follow-ups get ids after the moved ones (PostgreSQL's sequence was reset).
    added = FollowUp.objects.create(
        office_id=office.pk,
        source_type="case",
        source_id=str(case.pk),
        action="Baru",
        owner_kind="desa",
        owner_village_id=inan.pk,
        due_date=dt.date(2026, 12, 3),
    )
    assert added.pk > 42
