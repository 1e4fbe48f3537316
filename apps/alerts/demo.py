"""Demo early warning for Paringin Selatan (RUKO_DEMO=1 only), built through the same services
as real use at back-dated times: village readiness across the 16 villages (some ready, some
partly, some with an old review), a flood alert of last month with its incidents, a live
forest-fire alert with villages still to acknowledge (escalated), and a draft imported from
a BMKG-style CAP weather warning."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Membership
from apps.core import clock
from apps.offices.models import Office

from . import services
from .models import Alert, EmergencyContact, ReadinessItem
from .values import Certainty, Hazard, Severity, Urgency, VillageState

SAMPLE = Path(__file__).resolve().parent / "samples" / "bmkg-peringatan-dini-cuaca.xml"

# Villages along the Balangan river: boats and pumps, evacuation to higher ground.
RIVERSIDE = ("inan", "tarangan", "bungin", "lingsir", "murung-abuin", "batu-piring")
# How far each village is with its checklist: items in place, months since the review.
CHECKLIST = {
    "inan": (5, 2),
    "tarangan": (5, 4),
    "batu-piring": (5, 1),
    "bungin": (4, 3),
    "lingsir": (3, 14),
    "murung-abuin": (5, 15),
    "halubau": (2, 6),
    "panggung": (1, 20),
    "binjai": (4, 8),
    "maradap": (0, 0),
}
HEADS = {
    "inan": ("Rahmadi", "0812 5170 2003"),
    "tarangan": ("Nurul Hidayah", "0812 5170 2016"),
    "bungin": ("Basri", "0813 4810 2010"),
    "lingsir": ("Jamaludin", "0812 5170 2015"),
    "murung-abuin": ("Hj. Mahmudah", "0821 5120 2009"),
    "batu-piring": ("H. Syahrani, S.Sos.", "0812 5170 1001"),
    "halubau": ("Fitri Yanti", "0852 4810 2007"),
    "binjai": ("Saipul Anwar", "0813 4810 2008"),
    "galumbang": ("Ahmad Jaini", "0812 5170 2006"),
}


def _as(username: str, office: Office) -> Membership:
    return Membership.objects.select_related("user", "office", "village", "section").get(
        user__username=username, office=office, is_active=True
    )


def _village_user(village) -> str:
    return ("kel-" if village.kind == "kelurahan" else "desa-") + village.slug


def _readiness(office: Office, trantib: Membership, now) -> None:
    villages = {v.slug: v for v in office.villages.all()}
    for slug, (name, phone) in HEADS.items():
        village = villages.get(slug)
        if village is None:
            continue
        with clock.frozen(now - timedelta(days=40)):
            services.readiness_record_save(
                acting=trantib,
                village=village,
                instance=EmergencyContact(),
                values={
                    "name": name,
                    "position": "Lurah" if village.kind == "kelurahan" else "Kepala Desa",
                    "phone": phone,
                    "is_primary": True,
                },
            )
            services.readiness_record_save(
                acting=trantib,
                village=village,
                instance=EmergencyContact(),
                values={
                    "name": f"Ketua Relawan {village.name}",
                    "position": "Ketua Relawan Desa Tangguh Bencana",
                    "phone": phone[:-2] + "55",
                },
            )
    for slug in RIVERSIDE:
        village = villages.get(slug)
        if village is None:
            continue
        with clock.frozen(now - timedelta(days=35)):
            services.readiness_record_save(
                acting=trantib,
                village=village,
                instance=services_model("titik"),
                values={
                    "name": f"Balai Desa {village.name}",
                    "address": "Jalan desa, di tanah yang lebih tinggi dari bantaran sungai",
                    "capacity": 150,
                },
            )
            services.readiness_record_save(
                acting=trantib,
                village=village,
                instance=services_model("aset"),
                values={"kind": "perahu", "description": "Perahu karet", "quantity": 1,
                        "condition": "baik", "keeper": "Kantor desa"},
            )  # fmt: skip
            services.readiness_record_save(
                acting=trantib,
                village=village,
                instance=services_model("aset"),
                values={"kind": "pompa", "description": "Pompa air portabel", "quantity": 2,
                        "condition": "rusak_ringan" if slug == "bungin" else "baik",
                        "keeper": "Ketua RT 01"},
            )  # fmt: skip
    items = ReadinessItem.values
    for slug, (in_place, months_ago) in CHECKLIST.items():
        village = villages.get(slug)
        if village is None or not (in_place or months_ago):
            continue
        official = _as(_village_user(village), office)
        with clock.frozen(now - timedelta(days=30 * months_ago + 3)):
            services.readiness_checklist_review(
                acting=official,
                village=village,
                items={item: (i < in_place, "") for i, item in enumerate(items)},
            )


def services_model(kind: str):
    from .models import EvacuationPoint, ReadinessAsset

    return EvacuationPoint() if kind == "titik" else ReadinessAsset()


def _flood_last_month(office: Office, trantib, camat, now) -> None:
    villages = {v.slug: v for v in office.villages.all()}
    chosen = [villages[s] for s in ("inan", "tarangan", "bungin", "lingsir", "murung-abuin",
                                   "batu-piring") if s in villages]  # fmt: skip
    start = now - timedelta(days=20, hours=5)
    with clock.frozen(start):
        alert = services.alert_create(
            acting=trantib,
            values=services.AlertInput(
                hazard=Hazard.FLOOD,
                severity=Severity.SEVERE,
                urgency=Urgency.EXPECTED,
                certainty=Certainty.LIKELY,
                headline="Sungai Balangan berpotensi meluap malam ini",
                description="Hujan lebat di hulu sejak dua hari; tinggi muka air Sungai Balangan "
                "di Paringin naik 80 cm dalam 12 jam dan terus naik.",
                instruction="Amankan dokumen dan ternak, siapkan perahu, warga di bantaran "
                "sungai bersiap mengungsi ke balai desa.",
                area_description="Bantaran Sungai Balangan",
                villages=chosen,
                expires=start + timedelta(days=2),
            ),
            issue=True,
        )
    for i, village in enumerate(chosen):
        delivery = alert.deliveries.get(village=village)
        state = (
            VillageState.AFFECTED if village.slug in ("tarangan", "inan") else VillageState.ALERT
        )
        with clock.frozen(start + timedelta(minutes=6 + 7 * i)):
            services.delivery_acknowledge(
                acting=_as(_village_user(village), office),
                delivery=delivery,
                state=state,
                note="Air mulai masuk ke rumah warga di RT 02." if state == "terdampak" else "",
            )
    with clock.frozen(start + timedelta(hours=6)):
        services.alert_update(
            acting=trantib,
            alert=alert,
            values=services.AlertInput(
                **{
                    **_values_of(alert),
                    "severity": Severity.EXTREME,
                    "urgency": Urgency.IMMEDIATE,
                    "certainty": Certainty.OBSERVED,
                    "villages": chosen,
                },
            ),  # fmt: skip
            change_note="Air sudah meluap di Tarangan dan Inan; warga bantaran segera mengungsi.",
        )
    for i, village in enumerate(chosen):
        delivery = alert.deliveries.get(village=village)
        with clock.frozen(start + timedelta(hours=6, minutes=5 + 4 * i)):
            services.delivery_acknowledge(
                acting=_as(_village_user(village), office),
                delivery=delivery,
                state=VillageState.AFFECTED if village.slug in ("tarangan", "inan", "bungin")
                else VillageState.ALERT,
            )  # fmt: skip
    tarangan = villages.get("tarangan")
    if tarangan is not None:
        with clock.frozen(start + timedelta(hours=9)):
            report = services.incident_report(
                acting=_as(_village_user(tarangan), office),
                values=services.IncidentInput(
                    village=tarangan,
                    hazard=Hazard.FLOOD,
                    occurred_at=start + timedelta(hours=8),
                    place="RT 02 dan RT 03, bantaran Sungai Balangan",
                    description="Air setinggi 60 cm masuk ke permukiman; 38 jiwa mengungsi ke "
                    "balai desa.",
                    people_affected=146,
                    people_displaced=38,
                    houses_damaged=12,
                    facilities_damaged="Jembatan titian RT 03 hanyut.",
                    needs="Makanan siap saji, air bersih, terpal, obat-obatan.",
                    alert=alert,
                ),
            ).incident
        with clock.frozen(start + timedelta(hours=10)):
            services.incident_verify(acting=trantib, incident=report)
            services.incident_refer(
                acting=trantib,
                incident=report,
                letter_number="360/112/Trantib/2026",
                note="Mohon bantuan logistik pengungsi dan perahu.",
            )
        with clock.frozen(start + timedelta(days=2)):
            services.incident_record_outcome(
                acting=trantib,
                incident=report,
                outcome="BPBD mengirim 1 perahu, 40 paket sembako dan tenda pengungsi.",
            )
            services.incident_close(
                acting=camat,
                incident=report,
                note="Air surut; warga kembali ke rumah, kerja bakti dilakukan.",
            )
    with clock.frozen(start + timedelta(days=2, minutes=1)):
        services.alerts_expire_due()


def _values_of(alert: Alert) -> dict:
    return {
        "hazard": alert.hazard,
        "severity": alert.severity,
        "urgency": alert.urgency,
        "certainty": alert.certainty,
        "headline": alert.headline,
        "description": alert.description,
        "instruction": alert.instruction,
        "area_description": alert.area_description,
        "expires": alert.expires,
        "scope": alert.scope,
    }


def _fire_now(office: Office, trantib, now) -> None:
    villages = {v.slug: v for v in office.villages.all()}
    chosen = [villages[s] for s in ("halubau", "halubau-utara", "panggung", "galumbang", "binjai",
                                   "maradap", "inan", "telaga-purun") if s in villages]  # fmt: skip
    start = now - timedelta(minutes=50)
    with clock.frozen(start):
        alert = services.alert_create(
            acting=trantib,
            values=services.AlertInput(
                hazard=Hazard.FIRE,
                severity=Severity.SEVERE,
                urgency=Urgency.IMMEDIATE,
                certainty=Certainty.OBSERVED,
                headline="Titik panas dan asap di lahan gambut Halubau",
                description="Pantauan satelit dan laporan warga: tiga titik panas di lahan "
                "gambut antara Halubau dan Panggung; angin dari timur membawa asap ke permukiman.",
                instruction="Jangan membakar lahan atau sampah. Siapkan air dan alat pemadam; "
                "laporkan api baru ke kecamatan. Kurangi kegiatan di luar rumah, pakai masker.",
                villages=chosen,
                expires=now + timedelta(hours=10),
            ),
            issue=True,
        )
    for i, village in enumerate(chosen[:5]):
        with clock.frozen(start + timedelta(minutes=4 + 5 * i)):
            services.delivery_acknowledge(
                acting=_as(_village_user(village), office),
                delivery=alert.deliveries.get(village=village),
                state=VillageState.AFFECTED if village.slug == "halubau" else VillageState.ALERT,
                note="Asap tebal di RT 04, dua hektare lahan terbakar." if village.slug == "halubau"
                else "",
            )  # fmt: skip
    services.deliveries_escalate()  # the others are past their 30 minutes


def _imported_draft(office: Office, trantib, now) -> None:
    """A BMKG-style weather warning of this afternoon, drafted for review."""
    text = SAMPLE.read_text()
    local = timezone.localtime(now)

    def at(minutes):
        return (local + timedelta(minutes=minutes)).replace(microsecond=0).isoformat()

    stamps = iter([at(-10), at(-10), at(-5), at(170), at(-10), at(170)])
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", lambda _m: next(stamps), text)
    text = text.replace("CBP1745209000000001", f"CBP{local:%Y%m%d%H%M}0001")
    services.alert_import(acting=trantib, data=text)


@transaction.atomic
def demo_alerts_seed(*, office: Office) -> int:
    """Create the demo early warning when the office has no alert yet; returns how many
    alerts were made."""
    if Alert.objects.filter(office=office).exists():
        return 0
    trantib, camat = _as("trantib", office), _as("camat", office)
    now = clock.now()
    _readiness(office, trantib, now)
    _flood_last_month(office, trantib, camat, now)
    _fire_now(office, trantib, now)
    _imported_draft(office, trantib, now)
    # The demo's back-dated history stays in the app; its e-mail is never sent.
    from apps.accounts.demo import DEMO_DOMAIN
    from apps.notifications.services import outbox_discard

    outbox_discard(recipient_domain=DEMO_DOMAIN)
    return Alert.objects.filter(office=office).count()
