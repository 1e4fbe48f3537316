"""The early-warning pages: the banner on every page of a village until it acknowledges, the
board that refreshes itself until there is nothing to wait for, forms that work without
JavaScript, lists and the board in a constant number of queries, the public feed."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.alerts import services
from apps.alerts.models import Alert, EmergencyContact, Incident
from apps.alerts.values import Scope
from apps.core import clock

from .conftest import FIVE

HX_TAG = re.compile(r"<[a-z]+\b[^>]*\bhx-(?:get|post)=[^>]*>", re.S)


def detail(alert):
    return reverse("alerts:detail", args=[alert.pk])


def every_hx_element_works_without_javascript(html: str) -> None:
    for tag in HX_TAG.findall(html):
        assert " href=" in tag or " action=" in tag, tag


@pytest.mark.django_db
def test_the_banner_stays_on_every_page_of_the_village_until_it_acknowledges(issue, as_user):
    alert = issue()
    inan = as_user("desa-inan")
    for path in ("/beranda/", "/permasalahan/", "/notifikasi/", "/akun/", "/kejadian/"):
        page = inan.get(path)
        assert 'class="ew-banner"' in page.text, path
        assert alert.headline in page.text
    response = inan.post(
        reverse("alerts:acknowledge", args=[alert.pk]),
        {"state": "terdampak", "note": "Air masuk ke 12 rumah.", "next": "/permasalahan/"},
    )
    assert response.status_code == 302 and response["Location"] == "/permasalahan/"
    assert 'class="ew-banner"' not in inan.get("/beranda/").text
    # Another village still has it; a village not addressed never had it; staff never do.
    assert 'class="ew-banner"' in as_user("desa-bungin").get("/beranda/").text
    assert 'class="ew-banner"' not in as_user("desa-halubau").get("/beranda/").text
    assert 'class="ew-banner"' not in as_user("camat").get("/beranda/").text


@pytest.mark.django_db
def test_the_banner_does_not_send_a_village_elsewhere(issue, as_user):
    alert = issue()
    response = as_user("desa-inan").post(
        reverse("alerts:acknowledge", args=[alert.pk]),
        {"state": "aman", "next": "https://evil.example/"},
    )
    assert response["Location"] == detail(alert)


@pytest.mark.django_db
def test_the_board_polls_while_villages_are_pending_and_stops_when_none_are(
    issue, acknowledge, as_user, member
):
    alert = issue("inan", "bungin")
    client = as_user("trantib")
    page = client.get(detail(alert))
    assert page.status_code == 200
    every_hx_element_works_without_javascript(page.text)
    assert 'hx-trigger="every 20s"' in page.text
    partial = client.get(detail(alert), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board")
    assert partial.text.lstrip().startswith('<section class="card" id="board"')
    assert "0 dari 2 sudah konfirmasi" in partial.text
    acknowledge(alert)
    acknowledge(alert, username="desa-bungin", state="aman")
    settled = client.get(detail(alert), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board")
    assert "2 dari 2 sudah konfirmasi" in settled.text
    assert "hx-trigger" not in settled.text  # nothing left to wait for
    ended = issue("inan")
    services.alert_cancel(acting=member("trantib"), alert=ended, reason="Keliru.")
    assert "hx-trigger" not in client.get(detail(ended)).text
    # A village sees its own state, never the board of the others.
    village = as_user("desa-inan")
    assert 'id="board"' not in village.get(detail(alert)).text
    assert (
        village.get(detail(alert), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board").status_code
        == 404
    )


@pytest.mark.django_db
def test_trantib_drafts_issues_updates_and_cancels_from_the_pages(as_user, office):
    client = as_user("trantib")
    form = client.get(reverse("alerts:create"))
    assert form.status_code == 200
    every_hx_element_works_without_javascript(form.text)
    villages = [v.pk for v in office.villages.filter(slug__in=FIVE)]
    expires = (clock.now() + dt.timedelta(hours=6)).astimezone().strftime("%Y-%m-%dT%H:%M")
    data = {
        "hazard": "banjir",
        "severity": "Severe",
        "urgency": "Expected",
        "certainty": "Likely",
        "headline": "Sungai Balangan meluap",
        "description": "Air naik 80 cm.",
        "instruction": "Siapkan perahu.",
        "villages": villages,
        "expires": expires,
        "scope": "Public",
    }
    saved = client.post(reverse("alerts:create"), {**data, "then": "draft"})
    alert = Alert.objects.get()
    assert saved.status_code == 302 and alert.status == "konsep"
    client.post(reverse("alerts:action", args=[alert.pk, "issue"]))
    alert.refresh_from_db()
    assert alert.status == "terbit" and alert.deliveries.count() == 5
    missing = client.post(reverse("alerts:edit", args=[alert.pk]), data)
    assert missing.status_code == 400  # an update says what changed
    client.post(
        reverse("alerts:edit", args=[alert.pk]), {**data, "change_note": "Air naik lagi 20 cm."}
    )
    alert.refresh_from_db()
    assert alert.status == "diperbarui" and alert.message_count == 2
    page = as_user("desa-inan").get(detail(alert))
    assert "Air naik lagi 20 cm." in page.text  # what changed, for the villages
    refused = client.post(reverse("alerts:action", args=[alert.pk, "cancel"]), {"reason": ""})
    assert refused.status_code == 400
    client.post(reverse("alerts:action", args=[alert.pk, "cancel"]), {"reason": "Air surut."})
    alert.refresh_from_db()
    assert alert.status == "dibatalkan"


@pytest.mark.django_db
def test_villages_and_other_staff_cannot_issue(as_user, issue):
    draft = issue(issue=False)
    for username in ("desa-inan", "pmd"):
        client = as_user(username)
        assert client.get(reverse("alerts:create")).status_code == 404
        assert client.post(reverse("alerts:create"), {"headline": "x"}).status_code == 404
        assert client.get(reverse("alerts:import")).status_code == 404
    assert as_user("pmd").get(reverse("alerts:edit", args=[draft.pk])).status_code == 404
    as_user("pmd").post(reverse("alerts:action", args=[draft.pk, "issue"]))
    draft.refresh_from_db()
    assert draft.status == "konsep"
    assert as_user("desa-inan").get(detail(draft)).status_code == 404  # drafts stay in the office


@pytest.mark.django_db
def test_a_village_sees_only_the_alerts_addressed_to_it(issue, as_user):
    mine = issue("inan")
    theirs = issue("bungin", headline="Angin kencang di Bungin")
    inan = as_user("desa-inan")
    listing = inan.get(reverse("alerts:list"))
    assert mine.headline in listing.text and theirs.headline not in listing.text
    assert inan.get(detail(theirs)).status_code == 404
    assert (
        inan.post(reverse("alerts:acknowledge", args=[theirs.pk]), {"state": "aman"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_another_village_and_another_office_get_404(other_office, issue, as_user, member, office):
    alert = issue("inan")
    incident = services.incident_report(
        acting=member("desa-inan"),
        values=services.IncidentInput(
            village=office.villages.get(slug="inan"),
            hazard="banjir",
            occurred_at=clock.now(),
            place="RT 02",
            description="Air masuk rumah.",
        ),
    ).incident
    inan = office.villages.get(slug="inan")
    urls = [
        detail(alert),
        reverse("alerts:incident", args=[incident.pk]),
        reverse("alerts:readiness_village", args=[inan.pk]),
        reverse("alerts:readiness_record_create", args=[inan.pk, "kontak"]),
        reverse("api:alert", args=[alert.pk]),
        reverse("api:incident", args=[incident.pk]),
        reverse("api:readiness", args=[inan.pk]),
    ]
    for username in ("desa-bungin", "camat-paringin", "desa-lasung-batu"):
        client = as_user(username)
        for url in urls:
            assert client.get(url).status_code == 404, (username, url)
    assert as_user("kabupaten").get(detail(alert)).status_code == 200  # the regency reads
    assert as_user("kabupaten").get(reverse("alerts:create")).status_code == 404


@pytest.mark.django_db
def test_the_escalation_list_shows_whom_to_call(issue, as_user, member, office):
    issue("inan", "bungin")
    bungin = office.villages.get(slug="bungin")
    services.readiness_record_save(
        acting=member("trantib"), village=bungin, instance=EmergencyContact(),
        values={"name": "Basri", "position": "Kepala Desa", "phone": "0813 4810 2010",
                "is_primary": True},
    )  # fmt: skip
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        services.deliveries_escalate()
    page = as_user("camat").get(reverse("alerts:escalations"))
    assert page.status_code == 200
    assert "Bungin" in page.text and "Inan" in page.text
    assert 'href="tel:+6281348102010"' in page.text
    assert "https://wa.me/6281348102010?text=" in page.text
    assert as_user("desa-inan").get(reverse("alerts:escalations")).status_code == 404
    assert as_user("pmd").get(reverse("alerts:escalations")).status_code == 404


@pytest.mark.django_db
def test_pages_keep_a_constant_number_of_queries(
    issue, acknowledge, as_user, member, office, django_assert_max_num_queries
):
    def measure(client, url, **headers):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **headers).status_code == 200
        return len(queries)

    camat, inan = as_user("camat"), as_user("desa-inan")
    first = issue("inan", "bungin")
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        services.deliveries_escalate()
    services.incident_report(
        acting=member("trantib"),
        values=services.IncidentInput(
            village=office.villages.get(slug="inan"), hazard="banjir", occurred_at=clock.now(),
            place="RT 01", description="Genangan.",
        ),
    )  # fmt: skip
    small = {
        "list": measure(camat, reverse("alerts:list")),
        "village list": measure(inan, reverse("alerts:list")),
        "board": measure(camat, detail(first), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="board"),
        "page": measure(camat, detail(first)),
        "escalations": measure(camat, reverse("alerts:escalations")),
        "incidents": measure(camat, reverse("alerts:incidents")),
        "readiness": measure(camat, reverse("alerts:readiness")),
        "api list": measure(camat, "/api/v1/alerts"),
    }
    for _ in range(6):
        issue(all_villages=True)
    big = issue(all_villages=True)
    acknowledge(big)
    for slug in ("bungin", "halubau", "tarangan"):
        services.incident_report(
            acting=member("trantib"),
            values=services.IncidentInput(
                village=office.villages.get(slug=slug), hazard="banjir", occurred_at=clock.now(),
                place="RT 01", description="Genangan.",
            ),
        )  # fmt: skip
        services.readiness_record_save(
            acting=member("trantib"), village=office.villages.get(slug=slug),
            instance=EmergencyContact(),
            values={"name": "Kades", "position": "Kepala Desa", "phone": "0812 5170 2003"},
        )  # fmt: skip
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        services.deliveries_escalate()
    large = {
        "list": (camat, reverse("alerts:list"), {}),
        "village list": (inan, reverse("alerts:list"), {}),
        "board": (camat, detail(big), {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board"}),
        "page": (camat, detail(big), {}),
        "escalations": (camat, reverse("alerts:escalations"), {}),
        "incidents": (camat, reverse("alerts:incidents"), {}),
        "readiness": (camat, reverse("alerts:readiness"), {}),
        "api list": (camat, "/api/v1/alerts", {}),
    }
    for name, (client, url, headers) in large.items():
        with django_assert_max_num_queries(small[name], info=name):
            assert client.get(url, **headers).status_code == 200
    print(small)
    assert small["board"] <= 12, small


@pytest.mark.django_db
def test_the_public_feed_lists_current_public_alerts_with_their_cap_documents(
    client, issue, member
):
    public = issue("inan")
    restricted = issue("inan", scope=Scope.RESTRICTED, headline="Hanya untuk desa")
    draft = issue("inan", issue=False, headline="Masih konsep")
    cancelled = issue("bungin", headline="Dibatalkan tadi")
    services.alert_cancel(acting=member("trantib"), alert=cancelled, reason="Keliru.")
    feed = client.get("/alerts/feed.atom")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    text = feed.content.decode()
    assert public.headline in text and cancelled.headline in text
    assert restricted.headline not in text and draft.headline not in text
    assert f'/api/v1/alerts/{public.pk}.cap" rel="alternate" type="application/cap+xml"' in text
    assert "Banjir" in text  # in Indonesian whatever the reader's language
    with clock.frozen(clock.now() + dt.timedelta(days=2)):
        assert cancelled.headline not in client.get("/alerts/feed.atom").content.decode()


@pytest.mark.django_db
def test_incident_pages_report_verify_and_refer(as_user, office, issue):
    alert = issue("inan")
    village = as_user("desa-inan")
    form = village.get(reverse("alerts:incident_create") + f"?alert={alert.pk}")
    assert form.status_code == 200 and "data-geo" in form.text
    every_hx_element_works_without_javascript(form.text)
    key = form.context["form"].initial["idempotency_key"]
    data = {
        "village": office.villages.get(slug="inan").pk,
        "hazard": "banjir",
        "occurred_at": clock.now().astimezone().strftime("%Y-%m-%dT%H:%M"),
        "place": "RT 02",
        "description": "Air setinggi lutut masuk rumah.",
        "people_affected": 30,
        "people_displaced": 0,
        "houses_damaged": 12,
        "alert": alert.pk,
        "idempotency_key": key,
    }
    sent = village.post(reverse("alerts:incident_create"), data)
    again = village.post(reverse("alerts:incident_create"), data)
    incident = Incident.objects.get()
    assert sent.status_code == again.status_code == 302 and incident.alert == alert
    trantib = as_user("trantib")
    trantib.post(reverse("alerts:incident_action", args=[incident.pk, "verify"]))
    trantib.post(
        reverse("alerts:incident_action", args=[incident.pk, "refer"]),
        {"agency": office.agencies.get(short_name="BPBD").pk, "letter_number": "360/9"},
    )
    incident.refresh_from_db()
    assert incident.status == "dirujuk"
    page = village.get(reverse("alerts:incident", args=[incident.pk]))
    assert "Badan Penanggulangan Bencana Daerah" in page.text
    assert village.post(reverse("alerts:incident_action", args=[incident.pk, "close"]),
                        {"note": "x"}).status_code == 403  # fmt: skip


@pytest.mark.django_db
def test_readiness_pages(as_user, office):
    inan = office.villages.get(slug="inan")
    village = as_user("desa-inan")
    assert village.get(reverse("alerts:readiness"))["Location"] == reverse(
        "alerts:readiness_village", args=[inan.pk]
    )
    village.post(
        reverse("alerts:readiness_record_create", args=[inan.pk, "kontak"]),
        {
            "name": "Rahmadi",
            "position": "Kepala Desa",
            "phone": "0812 5170 2003",
            "is_primary": "on",
        },
    )
    village.post(
        reverse("alerts:readiness_checklist", args=[inan.pk]),
        {"kontak_peringatan__in_place": "on", "relawan__in_place": "on"},
    )
    page = village.get(reverse("alerts:readiness_village", args=[inan.pk]))
    assert "Rahmadi" in page.text and "0812 5170 2003" in page.text
    overview = as_user("camat").get(reverse("alerts:readiness"))
    assert overview.status_code == 200 and "Inan" in overview.text
    settings = as_user("sekcam").get("/kelola/peringatan-dini/")
    assert settings.status_code == 200


@pytest.mark.django_db
def test_staff_homes_lead_with_the_live_alerts_and_whom_to_call(issue, acknowledge, as_user):
    assert "ew-home" not in as_user("camat").get("/beranda/").text  # nothing live: no card
    alert = issue()
    acknowledge(alert)
    with clock.frozen(clock.now() + dt.timedelta(minutes=31)):
        services.deliveries_escalate()
    home = as_user("camat").get("/beranda/").text
    assert alert.headline in home and "1 dari 5 sudah konfirmasi" in home
    assert "4 desa belum konfirmasi tepat waktu" in home
    officer = as_user("pmd").get("/beranda/").text
    assert alert.headline in officer and "/peringatan/belum-konfirmasi/" not in officer
    assert alert.headline in as_user("kabupaten").get("/beranda/").text
