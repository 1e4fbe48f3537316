"""CAP 1.2 out (every document valid against the OASIS schema) and in (a realistic BMKG-style
warning, geocodes, and hostile or broken XML refused with a message a person can act on)."""

import datetime as dt
import time
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import etree

from apps.alerts import selectors, services
from apps.alerts.cap import NS, XSD_PATH
from apps.alerts.cap.parse import parse
from apps.alerts.models import Alert
from apps.alerts.values import Hazard, Scope
from apps.alerts.workflow import Status
from apps.core import clock
from apps.core.errors import DomainError

from .conftest import alert_values, at

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BMKG = (SAMPLES / "bmkg-peringatan-dini-cuaca.xml").read_bytes()
BMKG_SENT = at(2026, 1, 12, 14, 41)
XSD = etree.XMLSchema(etree.parse(str(XSD_PATH)))
Q = f"{{{NS}}}"


def valid(document: bytes) -> etree._Element:
    tree = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    assert XSD.validate(tree), XSD.error_log
    return tree


def documents_of_every_status(member, villages, hazard) -> dict[str, bytes]:
    """One alert of `hazard` taken through every status, with the CAP document of each."""
    trantib = member("trantib")
    start = clock.now()
    alert = services.alert_create(
        acting=trantib,
        values=alert_values(villages("inan", "bungin"), hazard=hazard, area_description="RT 01-03"),
    )
    found = {Status.DRAFT: selectors.cap_draft_document(alert)}
    services.alert_issue(acting=trantib, alert=alert)
    found[Status.ISSUED] = selectors.latest_message(alert).xml.encode()
    services.alert_update(
        acting=trantib,
        alert=alert,
        values=alert_values(villages("inan"), hazard=hazard, scope=Scope.RESTRICTED),
        change_note="Bungin aman; peringatan hanya untuk Inan.",
    )
    found[Status.UPDATED] = selectors.latest_message(alert).xml.encode()
    expiring = services.alert_create(
        acting=trantib,
        values=alert_values(villages("lingsir"), hazard=hazard, is_exercise=True,
                            expires=start + dt.timedelta(hours=1)),
        issue=True,
    )  # fmt: skip
    with clock.frozen(start + dt.timedelta(hours=2)):
        services.alerts_expire_due()
    expiring.refresh_from_db()
    assert expiring.status == Status.EXPIRED
    found[Status.EXPIRED] = selectors.latest_message(expiring).xml.encode()
    services.alert_cancel(acting=trantib, alert=alert, reason="Air sudah surut.")
    found[Status.CANCELLED] = selectors.latest_message(alert).xml.encode()
    return found


@pytest.mark.django_db
def test_every_document_of_every_hazard_and_status_is_valid_cap_1_2(member, villages):
    validated = 0
    for hazard in Hazard.values:
        documents = documents_of_every_status(member, villages, hazard)
        assert set(documents) == set(Status.values)
        for status, document in documents.items():
            tree = valid(document)
            validated += 1
            assert tree.findtext(f"{Q}info/{Q}eventCode/{Q}value") == hazard
            sent = tree.findtext(f"{Q}sent")
            assert sent.endswith("+08:00") and "." not in sent  # WITA, whole seconds
            expected = {
                Status.DRAFT: ("Draft", "Alert"),
                Status.ISSUED: ("Actual", "Alert"),
                Status.UPDATED: ("Actual", "Update"),
                Status.CANCELLED: ("Actual", "Cancel"),
                Status.EXPIRED: ("Exercise", "Alert"),
            }[status]
            assert (tree.findtext(f"{Q}status"), tree.findtext(f"{Q}msgType")) == expected
        updated = etree.fromstring(documents[Status.UPDATED])
        assert updated.findtext(f"{Q}scope") == "Restricted" and updated.findtext(f"{Q}restriction")
        assert updated.findtext(f"{Q}references").count(",") == 2  # sender,identifier,sent
        cancel = etree.fromstring(documents[Status.CANCELLED])
        assert len(cancel.findtext(f"{Q}references").split()) == 2  # the issue and the update
        issued = etree.fromstring(documents[Status.ISSUED])
        codes = [g.findtext(f"{Q}value") for g in issued.iter(f"{Q}geocode")]
        assert codes == ["63.11.07.2010", "63.11.07.2003"]  # Bungin, Inan
        assert issued.findtext(f"{Q}info/{Q}language") == "id-ID"
    assert validated == len(Hazard.values) * len(Status.values) == 35


@pytest.mark.django_db
def test_the_cap_document_is_public_for_public_alerts_only(client, issue, member, villages):
    public = issue("inan")
    restricted = issue("inan", scope=Scope.RESTRICTED)
    draft = issue("inan", issue=False)
    response = client.get(reverse("api:alert_cap", args=[public.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    valid(response.content)
    for hidden in (restricted, draft):
        assert client.get(reverse("api:alert_cap", args=[hidden.pk])).status_code == 404
    client.force_login(member("trantib").user)
    valid(client.get(reverse("api:alert_cap", args=[draft.pk])).content)
    client.force_login(member("desa-bungin").user)
    assert client.get(reverse("api:alert_cap", args=[restricted.pk])).status_code == 404


@pytest.mark.django_db
def test_a_bmkg_weather_warning_becomes_a_draft_for_the_whole_sub_district(member, office):
    with clock.frozen(BMKG_SENT):
        result = services.alert_import(acting=member("trantib"), data=BMKG)
    alert = result.alert
    assert alert.status == Status.DRAFT and alert.is_imported
    assert alert.hazard == Hazard.STORM  # "… Kilat/Petir dan Angin Kencang"
    assert (alert.category, alert.severity, alert.urgency, alert.certainty) == (
        "Met", "Moderate", "Immediate", "Likely",
    )  # fmt: skip
    assert alert.headline.startswith("Hujan Lebat")  # the Indonesian block, not the English
    assert "pohon tumbang" in alert.instruction
    assert result.whole_district and alert.all_villages
    assert result.unmatched_areas == ["Amuntai Tengah", "Kelua"]
    assert alert.source_name == "Badan Meteorologi, Klimatologi, dan Geofisika"
    assert alert.source_identifier == "CBP1745209000000001"
    assert alert.expires == at(2026, 1, 12, 17, 40)
    # Reviewed and issued, it reaches all 16 villages as our own CAP message.
    with clock.frozen(BMKG_SENT + dt.timedelta(minutes=5)):
        services.alert_issue(acting=member("trantib"), alert=alert)
    assert alert.deliveries.count() == 16
    document = valid(selectors.latest_message(alert).xml.encode())
    assert document.findtext(f"{Q}source") == alert.source_name
    with clock.frozen(BMKG_SENT), pytest.raises(DomainError, match="CBP|PD-"):
        services.alert_import(acting=member("trantib"), data=BMKG)  # imported already


GEOCODED = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>BPBD-BLG-2026-0042</identifier>
  <sender>pusdalops@bpbd.balangankab.go.id</sender>
  <sent>2026-01-12T14:41:00+08:00</sent>
  <status>Exercise</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>id-ID</language>
    <category>Geo</category>
    <event>Potensi tanah longsor</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Possible</certainty>
    <expires>2026-01-13T08:00:00+08:00</expires>
    <senderName>BPBD Kabupaten Balangan</senderName>
    <headline>Simulasi: potensi longsor di lereng perbukitan</headline>
    <description>Curah hujan tinggi tiga hari berturut-turut.</description>
    <area><areaDesc>Desa Halubau Utara</areaDesc></area>
    <area>
      <areaDesc>Lereng Desa Maradap</areaDesc>
      <geocode><valueName>KEMENDAGRI</valueName><value>6311072011</value></geocode>
    </area>
    <area><areaDesc>Kecamatan Paringin, Desa Lasung Batu</areaDesc></area>
  </info>
</alert>"""


@pytest.mark.django_db
def test_areas_match_villages_by_geocode_and_by_the_longest_name(member):
    with clock.frozen(BMKG_SENT):
        result = services.alert_import(acting=member("sekcam"), data=GEOCODED)
    assert sorted(v.slug for v in result.villages) == ["halubau-utara", "maradap"]  # not Halubau
    assert result.unmatched_areas == ["Kecamatan Paringin, Desa Lasung Batu"]
    alert = result.alert
    assert alert.hazard == Hazard.LANDSLIDE and alert.is_exercise and alert.category == "Geo"
    assert sorted(alert.villages.values_list("slug", flat=True)) == ["halubau-utara", "maradap"]


@pytest.mark.django_db
def test_our_own_document_reads_back(issue):
    alert = issue("inan", hazard=Hazard.OUTBREAK)
    document = selectors.latest_message(alert).xml
    message = parse(document)
    assert message.identifier == f"{alert.code}-1"
    info = message.info()
    assert info.event_codes == [("ruko-parsel:hazard", "wabah")]
    assert info.areas[0].geocodes == [("kemendagri", "63.11.07.2003")]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>"""

EXTERNAL_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&secret;</identifier></alert>"""

EXTERNAL_URL = b"""<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE alert SYSTEM "http://127.0.0.1:9/cap.dtd">
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier></alert>"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostile", [BILLION_LAUGHS, EXTERNAL_FILE, EXTERNAL_URL, EXTERNAL_DTD],
    ids=["billion-laughs", "external-file", "external-parameter-entity", "external-dtd"],
)  # fmt: skip
def test_hostile_xml_is_refused_before_anything_expands(hostile, member):
    started = time.monotonic()
    with pytest.raises(DomainError) as refused:
        services.alert_import(acting=member("trantib"), data=hostile)
    assert time.monotonic() - started < 1
    assert refused.value.code == "hostile"
    assert "DTD" in str(refused.value.message)
    assert "root:" not in str(refused.value.message)
    assert not Alert.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.2'><identifier>", "XML"),
        (b"<alert xmlns='urn:oasis:names:tc:emergency:cap:1.1'/>", "CAP 1.2"),
        (BMKG.replace(b"<sender>bmkg@bmkg.go.id</sender>", b""), "CAP 1.2"),
        (BMKG.replace(b"<status>Actual</status>", b"<status>Test</status>"), "Test"),
        (BMKG.replace(b"<msgType>Alert</msgType>", b"<msgType>Cancel</msgType>"), "Cancel"),
        (b"", ""),
        (b"<x/>" + b" " * (300 * 1024), "KB"),
    ],
    ids=["malformed", "cap-1.1", "invalid", "test-status", "cancel", "empty", "too-large"],
)
def test_broken_or_unsuitable_messages_are_refused_with_a_reason(data, says, member):
    with clock.frozen(BMKG_SENT), pytest.raises(DomainError) as refused:
        services.alert_import(acting=member("trantib"), data=data)
    assert says in str(refused.value.message)
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_an_expired_message_is_not_imported(member):
    with clock.frozen(at(2026, 1, 13, 9)), pytest.raises(DomainError):
        services.alert_import(acting=member("trantib"), data=BMKG)


@pytest.mark.django_db
def test_the_import_page_explains_a_refusal_in_indonesian(as_user):
    client = as_user("trantib")
    response = client.post(reverse("alerts:import"), {"text": EXTERNAL_FILE.decode()})
    assert response.status_code == 400
    assert "DTD" in response.text and "ditolak" in response.text
    assert "root:" not in response.text
    refused = as_user("desa-inan").get(reverse("alerts:import"))
    assert refused.status_code == 404


@pytest.mark.django_db
def test_the_import_page_drafts_and_opens_the_draft(as_user):
    client = as_user("trantib")
    with clock.frozen(BMKG_SENT):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(
            reverse("alerts:import"), {"file": SimpleUploadedFile("bmkg.xml", BMKG)}
        )
    alert = Alert.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "alerts:edit", args=[alert.pk]
    )
