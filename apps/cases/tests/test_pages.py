"""The case pages: who sees what, forms that keep input, lists with constant queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.cases import services
from apps.cases.models import Case, Status
from apps.core import clock
from apps.follow_ups.models import Evidence, FollowUpOwner

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def detail(case):
    return reverse("cases:detail", args=[case.pk])


@pytest.mark.django_db
def test_a_village_submits_with_an_attachment_and_a_double_tap_makes_one_case(login, office):
    client = login("desa-inan")
    category = office.categories.get(name="Keuangan desa")
    form = client.get(reverse("cases:submit"))
    assert form.status_code == 200 and 'data-draft="case-submit-' in form.text
    assert "- Pilih salah satu -" in form.text  # Django 6.1's blank choice, in Indonesian
    key = form.context["form"].initial["idempotency_key"]
    data = {
        "category": category.pk,
        "urgency": "tinggi",
        "title": "Laporan APBDes",
        "description": "Mohon pendampingan laporan realisasi.",
        "idempotency_key": key,
    }
    first = client.post(
        reverse("cases:submit"), {**data, "attachments": SimpleUploadedFile("a.pdf", PDF)}
    )
    again = client.post(reverse("cases:submit"), data)
    case = Case.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"].startswith(detail(case))
    assert case.attachments.count() == 1
    page = client.get(first["Location"])
    assert 'name="ruko-draft-sent"' in page.text  # the device forgets the draft


@pytest.mark.django_db
def test_a_lost_answer_never_locks_the_village_out_of_the_form(login, office):
    """The first submission arrived but its answer was lost; the official changes the text and
    sends the same form again: the page names the earlier case, keeps the new text and hands
    out a fresh key, so the next press makes the second case instead of a refusal loop. Files
    that a plain repeat brings and the first did not are added, never dropped."""
    client = login("desa-inan")
    category = office.categories.get(name="Keuangan desa")
    data = {
        "category": category.pk,
        "urgency": "sedang",
        "title": "Jalan desa rusak",
        "description": "Jalan poros desa rusak berat.",
        "idempotency_key": "lost-answer",
    }
    client.post(reverse("cases:submit"), data)
    first = Case.objects.get()

    repeat = client.post(
        reverse("cases:submit"), {**data, "attachments": SimpleUploadedFile("foto.pdf", PDF)}
    )
    assert repeat.status_code == 302 and Case.objects.count() == 1
    assert [a.original_name for a in first.attachments.all()] == ["foto.pdf"]
    page = client.get(repeat["Location"])
    assert "1 berkas yang belum sampai ditambahkan" in page.text
    assert "menambahkan berkas" in client.get(detail(first)).text  # in the history

    changed = {**data, "description": "Jalan poros desa rusak berat, dua jembatan putus."}
    refused = client.post(reverse("cases:submit"), changed)
    assert refused.status_code == 200 and Case.objects.count() == 1
    assert first.tracking_number in refused.text
    assert "dua jembatan putus" in refused.text  # nothing typed is lost
    fresh = refused.context["form"].data["idempotency_key"]
    assert fresh != "lost-answer"
    assert "data-draft-fresh" in refused.text  # the device draft keeps the fresh key
    sent = client.post(reverse("cases:submit"), {**changed, "idempotency_key": fresh})
    assert sent.status_code == 302 and Case.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_attachment_is_explained_in_indonesian_and_nothing_typed_is_lost(login, office):
    client = login("desa-inan")
    category = office.categories.get(name="Keuangan desa")
    response = client.post(
        reverse("cases:submit"),
        {
            "category": category.pk,
            "urgency": "sedang",
            "title": "Judul yang saya ketik",
            "description": "Uraian panjang yang tidak boleh hilang.",
            "idempotency_key": "k1",
            "attachments": SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\0" * 64),
        },
    )
    assert response.status_code == 200
    assert "bukan berkas yang diterima" in response.text
    assert 'value="Judul yang saya ketik"' in response.text
    assert "Uraian panjang yang tidak boleh hilang." in response.text
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_another_village_gets_404_on_the_case_its_attachments_and_comments(login, submit, client):
    case = submit(attachments=[SimpleUploadedFile("a.pdf", PDF)])
    token = case.attachments.get().token
    bungin = login("desa-bungin")
    urls = [detail(case), reverse("cases:attachment", args=[case.tracking_number, token])]
    for url in urls:
        assert bungin.get(url).status_code == 404, url
    assert (
        bungin.post(
            reverse("cases:comment", args=[case.tracking_number]), {"body": "intip"}
        ).status_code
        == 404
    )
    assert (
        bungin.post(
            reverse("cases:action", args=[case.tracking_number, "confirm"]), {"rating": 5}
        ).status_code
        == 404
    )
    assert case.tracking_number not in bungin.get(reverse("cases:list")).text
    inan = login("desa-inan")
    download = inan.get(urls[1])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_steps_through_the_pages_and_refusals_keep_the_input(login, submit, office):
    case = submit()
    sekcam = login("sekcam")
    page = sekcam.get(detail(case))
    assert f'action="/permasalahan/{case.pk}/aksi/verify/"' in page.text
    refused = sekcam.post(
        reverse("cases:action", args=[case.tracking_number, "return"]), {"reason": ""}
    )
    assert refused.status_code == 400
    assert (
        sekcam.post(reverse("cases:action", args=[case.tracking_number, "verify"])).status_code
        == 302
    )
    camat = login("camat")
    too_late = camat.post(
        reverse("cases:action", args=[case.tracking_number, "reject"]),
        {"reason": "Alasan yang saya tulis"},
    )
    assert too_late.status_code == 409
    assert "Alasan yang saya tulis" in too_late.text
    pmd = office.sections.get(short_name="PMD")
    camat.post(
        reverse("cases:action", args=[case.tracking_number, "dispose"]),
        {"section": pmd.pk, "instruction": "Tindak lanjuti"},
    )
    case.refresh_from_db()
    assert case.status == Status.DISPOSED and case.disposition == "Tindak lanjuti"
    village = login("desa-inan")
    assert "Tindak lanjuti" not in village.get(detail(case)).text  # the instruction is internal
    assert (
        village.post(reverse("cases:action", args=[case.tracking_number, "verify"])).status_code
        == 302
    )  # refused: a message, no change
    case.refresh_from_db()
    assert case.status == Status.DISPOSED


@pytest.mark.django_db
def test_comments_with_htmx_and_internal_notes_hidden_from_the_village(login, submit):
    case = submit()
    pmd = login("pmd")
    partial = pmd.post(
        reverse("cases:comment", args=[case.tracking_number]),
        {"body": "Rahasia dapur kecamatan", "internal": "on"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="comments",
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    assert "Rahasia dapur kecamatan" in partial.text
    pmd.post(reverse("cases:comment", args=[case.tracking_number]), {"body": "Terbuka untuk desa"})
    village = login("desa-inan").get(detail(case))
    assert "Terbuka untuk desa" in village.text
    assert "Rahasia dapur kecamatan" not in village.text


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["camat", "pmd", "desa-inan", "kabupaten"])
def test_case_lists_run_a_constant_number_of_queries(
    login, submit, username, django_assert_max_num_queries
):
    for _ in range(3):
        submit()
    client = login(username)
    client.get(reverse("dashboard:home"))  # the first page after the login renews the session
    with django_assert_max_num_queries(18) as few:
        client.get(reverse("cases:list"))
    for _ in range(25):
        submit()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("cases:list"))
    assert page.status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(
            reverse("cases:list"),
            {"page": 2, "status": "diajukan"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="case-results",
        )


@pytest.mark.django_db
def test_filters_and_text_search(login, submit, office):
    submit(title="Jembatan desa rusak", category="Sarana dan prasarana pemerintahan desa")
    submit("desa-bungin", title="Laporan APBDes terlambat")
    client = login("camat")
    found = client.get(reverse("cases:list"), {"q": "jembatan"})
    assert "Jembatan desa rusak" in found.text and "APBDes terlambat" not in found.text
    bungin = office.villages.get(slug="bungin")
    by_village = client.get(reverse("cases:list"), {"village": bungin.pk})
    assert "APBDes terlambat" in by_village.text and "Jembatan" not in by_village.text


@pytest.mark.django_db
def test_whatsapp_link_to_forward_a_case(login, submit, users, walk):
    from apps.accounts.services import profile_update

    profile_update(
        user=users["desa-inan"],
        full_name="Rahmadi",
        email="desa-inan@paringin-selatan.test",
        phone="0812 3456 7890",
    )
    case = walk(submit(), "assign")
    page = login("pmd").get(detail(case))
    assert "https://wa.me/6281234567890?text=" in page.text


@pytest.mark.django_db
def test_the_officer_inbox_puts_overdue_first(login, submit, walk):
    from .conftest import at

    old = walk(submit(when=at(2026, 11, 2), title="Kasus lama"), "assign", when=at(2026, 11, 2, 10))
    services.cases_mark_overdue()
    page = login("pmd").get(reverse("cases:list"))
    assert page.context["inbox"]["overdue"]["cases"][0] == old
    assert page.context["inbox"]["overdue"]["count"] == 1


@pytest.mark.django_db
def test_the_same_tracking_number_in_two_offices_never_mixes_them_up(
    client, submit, other_office, users
):
    from apps.accounts.models import Membership
    from apps.cases import services as case_services

    here = submit()
    official = Membership.objects.select_related("user", "office", "village").get(
        user__username="desa-lasung-batu"
    )
    there = case_services.case_submit(
        acting=official,
        category=other_office.categories.first(),
        urgency="sedang",
        title="Kasus Paringin",
        description="Di kantor lain",
    ).case
    # Each office numbers its cases with its own prefix: unique in the installation.
    assert here.tracking_number[:4] == "PRS-" and there.tracking_number[:4] == "PRN-"
    assert here.tracking_number[4:] == there.tracking_number[4:]
    client.force_login(users["kabupaten"])
    listing = client.get(reverse("cases:list")).text
    assert f'href="{detail(here)}"' in listing and f'href="{detail(there)}"' in listing
    assert "Kasus Paringin" in client.get(detail(there)).text
    # By tracking number each office finds only its own case.
    client.force_login(users["camat"])
    by_number = client.get(reverse("cases:detail", args=[here.tracking_number]))
    assert by_number.status_code == 200 and "Kasus Paringin" not in by_number.text
    assert client.get(reverse("cases:detail", args=[there.tracking_number])).status_code == 404


@pytest.mark.django_db
def test_picking_a_response_template_fills_the_answer_with_htmx(login, submit, walk, office):
    from apps.cases.models import ResponseTemplate

    case = walk(submit(), "assign")
    template = ResponseTemplate.objects.create(
        office=office,
        category=case.category,
        title="Pendampingan APBDes",
        response="Kami jadwalkan pendampingan Siskeudes.",
        solution="Datang hari Kamis.",
    )
    client = login("pmd")
    partial = client.get(
        detail(case),
        {"template": template.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="answer-fields",
    )
    assert partial.status_code == 200
    assert "<html" not in partial.text
    assert "Kami jadwalkan pendampingan Siskeudes." in partial.text
    without_js = client.get(detail(case), {"template": template.pk})
    assert "Kami jadwalkan pendampingan Siskeudes." in without_js.text


@pytest.mark.django_db
def test_every_case_page_says_what_it_waits_for(login, submit, walk):
    case = submit()
    assert "verifikasi oleh camat atau sekretaris" in login("desa-inan").get(detail(case)).text
    case = walk(case, "dispose")
    assert "petugas seksi mengambil permasalahan" in login("camat").get(detail(case)).text


@pytest.mark.django_db
def test_stage_filters_behind_the_home_counters(login, submit, walk):
    open_case = submit(title="Masih berjalan")
    answered = walk(submit(title="Sudah dijawab"), "answer")
    client = login("camat")
    waiting = client.get(reverse("cases:list"), {"stage": "village"}).text
    assert answered.title in waiting and open_case.title not in waiting
    assert open_case.title in client.get(reverse("cases:list"), {"stage": "open"}).text


@pytest.mark.django_db
def test_at_most_five_files_and_downloads_never_keep_a_lying_extension(login, submit, office):
    client = login("desa-inan")
    category = office.categories.get(name="Keuangan desa")
    many = client.post(
        reverse("cases:submit"),
        {
            "category": category.pk,
            "urgency": "sedang",
            "title": "Banyak berkas",
            "description": "x",
            "idempotency_key": "many",
            "attachments": [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(6)],
        },
    )
    assert many.status_code == 200 and "paling banyak 5 berkas" in many.text
    case = submit(attachments=[SimpleUploadedFile("laporan<b>.html", PDF)])
    attachment = case.attachments.get()
    download = client.get(reverse("cases:attachment", args=[case.pk, attachment.token]))
    assert download["Content-Type"] == "application/pdf"
    assert ".html" not in download["Content-Disposition"]
    assert (
        "laporan<b>.pdf" in download["Content-Disposition"]
        or ".pdf" in download["Content-Disposition"]
    )


@pytest.mark.django_db
def test_an_officers_home_counts_the_cases_of_their_section(login, submit, walk):
    walk(submit(title="Untuk PMD"), "dispose")  # Keuangan desa → PMD
    submit(title="Untuk Kesos", category="Stunting dan kesehatan")
    home = login("pmd").get(reverse("dashboard:home"))
    assert "Permasalahan PMD" in home.text
    assert "Untuk PMD" in home.text and "Untuk Kesos" not in home.text
    assert home.context["summary"]["counts"]["open"] == 1


@pytest.mark.django_db
def test_a_returned_case_shows_since_when_it_waits_for_the_village(login, submit, member):
    case = submit()
    sekcam = member("sekcam")
    services.case_return(acting=sekcam, case=case, reason="Lampirkan daftar hadir.")
    page = login("desa-inan").get(detail(case))
    assert "Di desa sejak" in page.text and "Lampirkan daftar hadir." in page.text


def add_to_the_case(case, member, office, *, rounds):
    """On an answered case, per round `n` in `rounds`: four comments (public and internal,
    from the village, the section, the camat and another section), four follow-ups (owned by
    the section, an agency, the village; one completed) and two evidence attachments."""
    pmd, kesos, camat, inan = (member(u) for u in ("pmd", "kesos", "camat", "desa-inan"))
    owners = [
        {"owner_kind": FollowUpOwner.SECTION, "owner_section": pmd.section},
        {"owner_kind": FollowUpOwner.AGENCY, "owner_agency": office.agencies.first()},
        {"owner_kind": FollowUpOwner.VILLAGE},
    ]
    due = clock.today() + dt.timedelta(days=14)
    for n in rounds:
        services.comment_add(acting=inan, case=case, body=f"Pertanyaan desa {n}")
        services.comment_add(acting=pmd, case=case, body=f"Jawaban seksi {n}")
        services.comment_add(acting=camat, case=case, body=f"Catatan camat {n}", internal=True)
        services.comment_add(acting=kesos, case=case, body=f"Catatan Kesos {n}", internal=True)
        for owner in owners:
            services.follow_up_add(
                acting=pmd,
                case=case,
                item=services.FollowUpInput(action=f"Langkah {n}", due_date=due, **owner),
            )
        done = services.follow_up_add(
            acting=pmd,
            case=case,
            item=services.FollowUpInput(action=f"Selesai {n}", due_date=due, **owners[0]),
        )
        services.follow_up_complete(
            acting=pmd,
            follow_up=done,
            note=f"Sudah dilaksanakan {n}",
            evidence=[SimpleUploadedFile(f"bukti-{n}-{k}.pdf", PDF) for k in range(2)],
        )


# Queries for one case page, per role, measured with the case below (November 2026). They
# differ by role because each sees other forms (the leaders' and the section's step forms).
# Two are the follow-ups' evidence and the names of the sections in the history. The step
# forms' sections, agencies and officers come from the office's directory, listed once per
# version (three queries more on the first load after a change to it).
CASE_PAGE_QUERIES = {
    "camat": 14,
    "sekcam": 14,
    "pmd": 14,  # an officer of the case's section
    "kesos": 14,  # an officer of another section
    "desa-inan": 14,  # the village that raised it (one more: its alert banner)
    "kabupaten": 15,  # the regency inspector (one more: the ids of the regency's offices)
}


@pytest.mark.django_db
@pytest.mark.parametrize("username", CASE_PAGE_QUERIES)
def test_the_case_page_runs_the_same_queries_however_much_the_case_holds(
    login, submit, walk, member, office, username, django_assert_num_queries
):
    case = walk(submit(attachments=[SimpleUploadedFile("a.pdf", PDF)]), "answer")
    add_to_the_case(case, member, office, rounds=range(1))
    client = login(username)
    assert client.get(detail(case)).status_code == 200  # warm up: session, caches
    with django_assert_num_queries(CASE_PAGE_QUERIES[username]):
        client.get(detail(case))
    add_to_the_case(case, member, office, rounds=range(1, 6))
    assert case.comments.count() == 24 and case.follow_ups.count() == 24
    # One document of the case; twelve of its follow-ups' evidence (the follow-ups app's).
    assert case.attachments.count() == 1
    assert Evidence.objects.filter(follow_up__in=case.follow_ups).count() == 12
    with django_assert_num_queries(CASE_PAGE_QUERIES[username]):
        page = client.get(detail(case))
    assert page.status_code == 200
    assert "Pertanyaan desa 5" in page.text and "Langkah 5" in page.text
    assert "bukti-5-1.pdf" in page.text
    assert ("Catatan Kesos 5" in page.text) == (username != "desa-inan")


@pytest.mark.django_db
def test_a_wrong_filter_is_explained_next_to_its_field(login):
    """A date the filter cannot read is said, next to the field it belongs to, and the field
    points screen readers at that message (the list still shows every case)."""
    import re

    page = login("camat").get(reverse("cases:list"), {"submitted_from": "2026-13-45"})
    assert page.status_code == 200
    described = re.search(r'name="submitted_from"[^>]*aria-describedby="([^"]+)"', page.text)
    assert described, "the field names its error"
    for target in described.group(1).split():
        assert f'id="{target}"' in page.text
    assert "Masukkan tanggal yang valid" in page.text


@pytest.mark.django_db
def test_the_filters_choices_kept_for_one_person_are_never_anothers(login, office, other_office):
    """A village's filter has no village or section to choose; the camat's lists every
    village of the office; the camat of another office lists only that office's — whoever
    loaded the page first."""
    village = login("desa-inan").get(reverse("cases:list")).text
    camat = login("camat").get(reverse("cases:list")).text
    client = login("camat")
    client.force_login(User.objects.get(username="camat-paringin"))
    other = client.get(reverse("cases:list")).text
    village_again = login("desa-inan").get(reverse("cases:list")).text
    for page in (village, village_again):
        assert 'name="village"' not in page and 'name="section"' not in page
    assert camat.count('<option value="', camat.index('name="village"')) >= 16
    assert ">Desa Galumbang</option>" in camat and ">Desa Lasung Batu</option>" not in camat
    assert ">Desa Lasung Batu</option>" in other and ">Desa Galumbang</option>" not in other
