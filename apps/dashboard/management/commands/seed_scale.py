"""A synthetic dataset at national scale, for `make bench` and for trying the pages with a
regency's, a province's or the whole country's worth of cases.

    manage.py seed_scale --province 63 --cases 1000000 --seed 1

On the real national region list (imported when missing): an office for every kecamatan in
the scope, set up in bulk by `offices_setup_many` (exactly the rows the real `office_setup`
makes, so sections, categories, SLA rules, villages and the domains' defaults are what an
admin would get; `--one-by-one` takes the slow path itself), people for every office (camat,
secretary, one officer per section, one official per village, one inspector per regency),
and N cases over the last two years with their comments, audit history, follow-ups, plus
meetings, alerts with their deliveries and monthly village reports in proportion.

Rows are written in bulk with explicit ids (PostgreSQL: COPY; elsewhere: executemany), so the
same `--seed` gives the same data. Not a service path: the rows are made as the services
would have left them, nothing is notified and nothing is sent.

Usernames (password `--password`, default `rukoscale`): `<office slug>.camat`,
`<office slug>.sekcam`, `<office slug>.<section short name, lower case>`, `desa.<village
code>`, `pemantau.<regency code>`.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from apps.accounts.models import Membership, Role, User
from apps.alerts.models import Alert, Delivery
from apps.cases.models import Case, CaseCounter, Comment, Status
from apps.follow_ups.models import FollowUp
from apps.meetings.models import Meeting
from apps.offices.models import AuditLog, Office
from apps.offices.services import office_setup, offices_setup_many
from apps.regions.models import Region, RegionLevel
from apps.regions.services import regions_import
from apps.village_reports.models import ObligationType, Submission

DAY = timedelta(days=1)
WORDS = [
    "jalan",
    "rusak",
    "jembatan",
    "banjir",
    "tanggul",
    "irigasi",
    "sawah",
    "posyandu",
    "stunting",
    "gizi",
    "balita",
    "sekolah",
    "guru",
    "air",
    "bersih",
    "sumur",
    "listrik",
    "lampu",
    "jalan",
    "APBDes",
    "dana",
    "desa",
    "BLT",
    "bantuan",
    "sosial",
    "KTP",
    "KK",
    "akta",
    "kelahiran",
    "surat",
    "pindah",
    "batas",
    "desa",
    "sengketa",
    "lahan",
    "sampah",
    "pasar",
    "karhutla",
    "asap",
    "longsor",
    "puskesmas",
    "bidan",
    "BPD",
    "musyawarah",
    "PKK",
    "karang",
    "taruna",
    "pelatihan",
    "operator",
    "komputer",
    "SIPD",
    "laporan",
]
URGENCY_WEIGHTS = {"rendah": 30, "sedang": 45, "tinggi": 20, "darurat": 5}
ANSWER_DAYS = {"darurat": 1, "tinggi": 3, "sedang": 7, "rendah": 14}
# Cases younger than six weeks are spread over the workflow; older ones are mostly closed.
RECENT_STATES = {
    Status.SUBMITTED: 14,
    Status.RETURNED: 4,
    Status.VERIFIED: 8,
    Status.DISPOSED: 12,
    Status.IN_PROGRESS: 22,
    Status.ANSWERED: 14,
    Status.REFERRED: 4,
    Status.RESOLVED: 18,
    Status.REJECTED: 2,
    Status.REOPENED: 2,
}
OLD_STATES = {
    Status.RESOLVED: 88,
    Status.REJECTED: 5,
    Status.IN_PROGRESS: 3,
    Status.REFERRED: 2,
    Status.ANSWERED: 2,
}


def weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


class Writer:
    """Rows into one table with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, fields: list[str]):
        self.model = model
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        # Every other column takes its default once (a NOT NULL column without one fails).
        rest = [f for f in meta.concrete_fields if f not in given]
        self.defaults = tuple(f.get_default() for f in rest)
        self.fields = given + rest
        self.columns = [f.column for f in self.fields]
        self.table = meta.db_table
        self.rows: list[tuple] = []
        self.count = 0
        self.next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def take_id(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, *values):
        # Flushed by the caller, in an order that keeps foreign keys satisfied.
        self.rows.append(values + self.defaults)

    def flush(self):
        if not self.rows:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg.types.json import Jsonb

                json_at = [
                    i for i, f in enumerate(self.fields) if f.get_internal_type() == "JSONField"
                ]
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        if json_at:
                            row = list(row)
                            for i in json_at:
                                row[i] = Jsonb(row[i])
                        copy.write_row(row)
            else:
                prepared = [
                    tuple(
                        f.get_db_prep_save(v, connection) if v is not None else None
                        for f, v in zip(self.fields, row, strict=True)
                    )
                    for row in self.rows
                ]
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(self.table)} ({columns}) VALUES ({marks})", prepared
                )
        self.count += len(self.rows)
        self.rows = []


class Command(BaseCommand):
    help = "Build a synthetic dataset on the national region list (offices, people, cases…)."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--province", help="a province code, e.g. 63 (default: the country)")
        where.add_argument("--regency", help="a regency code, e.g. 63.11")
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--focus",
            default="63.11.07",
            help="a kecamatan that gets --focus-share of the cases (a busy office to measure)",
        )
        parser.add_argument("--focus-share", type=float, default=0.10)
        parser.add_argument("--password", default="rukoscale")
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument(
            "--one-by-one",
            action="store_true",
            help="set the offices up one at a time with office_setup (1.8 s each) instead of "
            "in bulk; the same rows either way",
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            # Debug mode keeps every query in memory: a million rows would fill it.
            raise CommandError(
                "Run with DEBUG off (e.g. DJANGO_SETTINGS_MODULE=config.settings.test)."
            )
        self.seed = options["seed"]
        self.rng = random.Random(self.seed)
        self.started = time.perf_counter()
        self.now = _now()
        self.years = options["years"]
        if not Region.objects.exists():
            self.say("importing the national region list")
            regions_import(path=Path(settings.BASE_DIR) / "data" / "wilayah_indonesia.csv.gz")
        districts = Region.objects.filter(level=RegionLevel.DISTRICT).order_by("code")
        prefix = options["province"] or options["regency"]
        if prefix:
            districts = districts.filter(code__startswith=prefix + ".")
        districts = list(districts)
        if not districts:
            raise CommandError("No kecamatan in that scope: import the regions first?")
        offices = self.offices(districts, options["one_by_one"])
        self.people(offices, options["password"])
        self.cases(offices, options["cases"], options["focus"], options["focus_share"])
        self.agenda_and_alerts(offices, options["cases"])
        self.reports(offices, options["cases"])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(),
                [
                    User,
                    Membership,
                    Case,
                    Comment,
                    AuditLog,
                    FollowUp,
                    Meeting,
                    Alert,
                    Delivery,
                    Submission,
                ],
            ):
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                self.say("ANALYZE")
                cursor.execute("ANALYZE")
        self.say("done")

    def say(self, text):
        self.stdout.write(f"[{time.perf_counter() - self.started:7.1f} s] {text}")
        self.stdout.flush()

    # Offices: the real set-up, so every default is what an admin would get.
    def offices(self, districts, one_by_one=False) -> list[Office]:
        have = set(Office.objects.values_list("region_id", flat=True))
        missing = [d for d in districts if d.pk not in have]
        self.say(f"{len(districts)} kecamatan in scope, {len(missing)} offices to set up")
        if one_by_one:
            for n, district in enumerate(missing, 1):
                office_setup(region=district)
                if n % 50 == 0 or n == len(missing):
                    self.say(f"  offices {n}/{len(missing)}")
        elif missing:
            began = time.perf_counter()

            def progress(done, total):
                rate = done / max(time.perf_counter() - began, 1e-9)
                self.say(f"  offices {done:,}/{total:,} ({rate:,.0f}/s)")

            offices_setup_many(regions=missing, progress=progress)
        return list(
            Office.objects.filter(region__in=districts)
            .select_related("region")
            .prefetch_related("sections", "categories", "villages__region")
            .order_by("region__code")
        )

    def people(self, offices, password):
        hashed = make_password(password)
        users = Writer(
            User,
            [
                "id",
                "password",
                "username",
                "full_name",
                "email",
                "is_active",
                "is_staff",
                "is_superuser",
                "date_joined",
                "first_name",
                "last_name",
            ],
        )
        memberships = Writer(
            Membership,
            [
                "id",
                "user",
                "role",
                "office",
                "regency",
                "section",
                "village",
                "position",
                "is_active",
                "created_at",
            ],
        )
        taken = set(User.objects.values_list("username", flat=True))
        self.members: dict[int, dict] = {}
        start = self.now - timedelta(days=365 * self.years + 30)

        def person(username, full_name, role, position, **scope):
            if username in taken:
                return None
            taken.add(username)
            uid = users.take_id()
            users.add(
                uid,
                hashed,
                username,
                full_name,
                f"{username}@scale.test",
                True,
                False,
                False,
                start,
                "",
                "",
            )
            memberships.add(
                memberships.take_id(),
                uid,
                role,
                scope.get("office"),
                scope.get("regency"),
                scope.get("section"),
                scope.get("village"),
                position,
                True,
                start,
            )
            return uid

        regencies = {}
        for office in offices:
            slug = office.slug
            staff = {
                "camat": person(
                    f"{slug}.camat",
                    f"Camat {office.region.name}",
                    Role.HEAD,
                    "Camat",
                    office=office.pk,
                ),
                "sekcam": person(
                    f"{slug}.sekcam",
                    f"Sekcam {office.region.name}",
                    Role.SECRETARY,
                    "Sekretaris Camat",
                    office=office.pk,
                ),
            }
            sections = {}
            for section in office.sections.all():
                sections[section.pk] = person(
                    f"{slug}.{section.short_name.lower()}",
                    f"Kasi {section.short_name}",
                    Role.OFFICER,
                    f"Kepala Seksi {section.short_name}",
                    office=office.pk,
                    section=section.pk,
                )
            villages = {}
            for village in office.villages.all():
                villages[village.pk] = person(
                    f"desa.{village.region.code}",
                    f"Kades {village.name}",
                    Role.VILLAGE,
                    "Kepala Desa",
                    office=office.pk,
                    village=village.pk,
                )
            self.members[office.pk] = {"staff": staff, "sections": sections, "villages": villages}
            regencies.setdefault(office.region.parent_id, office.region.code.rsplit(".", 1)[0])
        for regency_id, code in regencies.items():
            person(
                f"pemantau.{code}",
                f"Inspektur {code}",
                Role.INSPECTOR,
                "Inspektur Pembantu",
                regency=regency_id,
            )
        with transaction.atomic():
            users.flush()
            memberships.flush()
        # Someone who existed before (a second run) is found again by name.
        found = dict(
            Membership.objects.filter(office__in=[o.pk for o in offices]).values_list(
                "user__username", "user_id"
            )
        )
        for office in offices:
            m = self.members[office.pk]
            m["staff"] = {k: found.get(f"{office.slug}.{k}") for k in ("camat", "sekcam")}
            m["sections"] = {
                s.pk: found.get(f"{office.slug}.{s.short_name.lower()}")
                for s in office.sections.all()
            }
            m["villages"] = {
                v.pk: found.get(f"desa.{v.region.code}") for v in office.villages.all()
            }
        self.say(f"{users.count} people with {memberships.count} memberships")

    def cases(self, offices, total, focus_code, focus_share):  # noqa: C901 - one generator
        rng = self.rng
        # Only offices with a village official can receive cases (a kecamatan whose villages
        # are missing from the region list has none): the others' share goes to them.
        offices = [
            o
            for o in offices
            if any(self.members[o.pk]["villages"].values()) and o.categories.all()
        ]
        # Busy and quiet offices: Zipf-like weights in a shuffled order, one focus office.
        weights = [1 / math.sqrt(i + 1) for i in range(len(offices))]
        rng.shuffle(weights)
        focus = next((o for o in offices if o.region.code == focus_code), None)
        counts = _split(total, weights, rng)
        if focus is not None and len(offices) > 1:
            at = offices.index(focus)
            want = round(total * focus_share)
            others = _split(total - want, [w for i, w in enumerate(weights) if i != at], rng)
            counts = others[:at] + [want] + others[at:]
        cases = Writer(
            Case,
            [
                "id",
                "office",
                "tracking_number",
                "village",
                "submitted_by",
                "category",
                "urgency",
                "title",
                "description",
                "status",
                "section",
                "assigned_to",
                "disposition",
                "response",
                "solution",
                "reason",
                "verify_due",
                "response_due",
                "submitted_at",
                "verified_at",
                "answered_at",
                "resolved_at",
                "auto_closed",
                "overdue_since",
                "rating",
                "rating_comment",
                "idempotency_key",
                "updated_at",
            ],
        )
        comments = Writer(Comment, ["id", "case", "author", "body", "internal", "created_at"])
        audit = Writer(
            AuditLog,
            [
                "id",
                "created_at",
                "actor",
                "office",
                "action",
                "target_type",
                "target_id",
                "target_repr",
                "old",
                "new",
            ],
        )
        follow_ups = Writer(
            FollowUp,
            [
                "id",
                "office",
                "source_type",
                "source_id",
                "village",
                "action",
                "owner_kind",
                "owner_section",
                "due_date",
                "status",
                "completion_note",
                "completed_at",
                "created_at",
            ],
        )
        self.say(f"{total:,} cases over {len(offices)} offices")
        span = 365 * self.years * 86400
        made = 0
        tick = max(min(total // 20, 20_000), 1)
        counters = []

        def save(counters):
            """Everything so far in one transaction, the counters with the cases they
            numbered: an interrupted run leaves a consistent database."""
            with transaction.atomic():
                for writer in (cases, comments, audit, follow_ups):
                    writer.flush()
                for office_id, year, last_n in {(o, y): (o, y, n) for o, y, n in counters}.values():
                    CaseCounter.objects.update_or_create(
                        office_id=office_id, year=year, defaults={"last": last_n}
                    )
            counters.clear()

        issued = defaultdict(dict)
        for office_id, year, last_n in CaseCounter.objects.values_list("office", "year", "last"):
            issued[office_id][year] = last_n
        for office, n in zip(offices, counts, strict=True):
            if not n:
                continue
            members = self.members[office.pk]
            categories = list(office.categories.all())
            cat_weights = [1 / (i + 1) for i in range(len(categories))]
            villages = [v for v in office.villages.all() if members["villages"].get(v.pk)]
            if not villages or not categories:
                continue
            leader = members["staff"]["sekcam"] or members["staff"]["camat"]
            camat = members["staff"]["camat"] or leader
            # Newer cases a little more often than older ones (use grows).
            ages = sorted((span * rng.random() ** 1.3 for _ in range(n)), reverse=True)
            per_year = Counter(issued.get(office.pk, {}))  # numbers handed out before
            for age in ages:
                submitted = self.now - timedelta(seconds=age)
                year = submitted.year
                per_year[year] += 1
                pk = cases.take_id()
                village = rng.choice(villages)
                official = members["villages"][village.pk]
                category = rng.choices(categories, weights=cat_weights)[0]
                urgency = weighted(rng, URGENCY_WEIGHTS)
                status = weighted(rng, RECENT_STATES if age < 42 * 86400 else OLD_STATES)
                words = rng.sample(WORDS, 9)
                title = " ".join(words[:4]).capitalize()
                description = f"Di {village.name} {' '.join(words)}. " + " ".join(
                    rng.choices(WORDS, k=rng.randint(10, 60))
                )
                verify_due = submitted + 3 * DAY
                verified = submitted + timedelta(hours=rng.uniform(2, 70))
                past_verify = status not in (Status.SUBMITTED, Status.RETURNED)
                if status == Status.REJECTED:
                    past_verify = False
                answer_days = ANSWER_DAYS[urgency]
                response_due = verified + answer_days * DAY if past_verify else None
                disposed = status not in (
                    Status.SUBMITTED,
                    Status.RETURNED,
                    Status.REJECTED,
                    Status.VERIFIED,
                )
                section_id = category.default_section_id if disposed else None
                officer = members["sections"].get(section_id) if disposed else None
                assigned = officer if status not in (Status.DISPOSED,) and disposed else None
                answered = None
                if status in (Status.ANSWERED, Status.RESOLVED, Status.REOPENED):
                    answered = verified + timedelta(days=rng.uniform(0.2, answer_days * 1.4))
                resolved = None
                if status == Status.RESOLVED:
                    resolved = answered + timedelta(days=rng.uniform(0.5, 7))
                if status == Status.REJECTED:
                    resolved = submitted + timedelta(hours=rng.uniform(2, 60))
                # Never in the future: a young case is where its clock says it is now.
                for value in (verified, answered, resolved):
                    if value is not None and value > self.now:
                        break
                else:
                    value = None
                if value is not None:
                    answered = answered and min(answered, self.now)
                    resolved = resolved and min(resolved, self.now)
                    verified = min(verified, self.now)
                overdue = None
                if status == Status.SUBMITTED and verify_due < self.now:
                    overdue = verify_due
                elif (
                    status
                    in (
                        Status.VERIFIED,
                        Status.DISPOSED,
                        Status.IN_PROGRESS,
                        Status.REOPENED,
                    )
                    and response_due
                    and response_due < self.now
                ):
                    overdue = response_due
                last = max(
                    filter(None, [submitted, verified if past_verify else None, answered, resolved])
                )
                rating = (
                    rng.choice([3, 4, 4, 5, 5, 5])
                    if status == Status.RESOLVED and rng.random() < 0.6
                    else None
                )
                number = f"{office.case_prefix}-{year}-{per_year[year]:05d}"
                cases.add(
                    pk,
                    office.pk,
                    number,
                    village.pk,
                    official,
                    category.pk,
                    urgency,
                    title,
                    description,
                    status,
                    section_id,
                    assigned,
                    "Mohon ditindaklanjuti." if disposed else "",
                    "Sudah ditindaklanjuti oleh seksi." if answered else "",
                    "Selesai di lapangan." if answered else "",
                    "Data belum lengkap."
                    if status in (Status.RETURNED, Status.REJECTED, Status.REOPENED)
                    else "",
                    verify_due,
                    response_due,
                    submitted,
                    verified if past_verify else None,
                    answered,
                    resolved,
                    status == Status.RESOLVED and rating is None and rng.random() < 0.3,
                    overdue,
                    rating,
                    "",
                    "",
                    last,
                )
                repr_ = f"{number} {title}"[:255]

                def step(at, actor, action, old, new, pk=pk, repr_=repr_, office_id=office.pk):
                    """The audit entry of one step of this case, as its service writes it."""
                    audit.add(
                        audit.take_id(),
                        at,
                        actor,
                        office_id,
                        f"cases.case.{action}",
                        "cases.case",
                        str(pk),
                        repr_,
                        old,
                        new,
                    )

                step(submitted, official, "submitted", {}, {"status": Status.SUBMITTED})
                if past_verify:
                    step(
                        verified,
                        leader,
                        "verified",
                        {"status": Status.SUBMITTED},
                        {"status": Status.VERIFIED},
                    )
                if disposed:
                    step(
                        verified + timedelta(hours=3),
                        camat,
                        "disposed",
                        {"status": Status.VERIFIED},
                        {"status": Status.DISPOSED, "section": section_id},
                    )
                if answered:
                    step(
                        answered,
                        officer,
                        "answered",
                        {"status": Status.IN_PROGRESS},
                        {"status": Status.ANSWERED},
                    )
                if resolved:
                    closed_by_village = status == Status.RESOLVED
                    step(
                        resolved,
                        official if closed_by_village else leader,
                        "confirmed" if closed_by_village else "rejected",
                        {},
                        {"status": status},
                    )
                for _c in range(rng.choice([0, 0, 0, 1, 1, 2, 3]) if past_verify else 0):
                    when = min(verified + timedelta(hours=rng.uniform(1, 200)), self.now)
                    internal = rng.random() < 0.3
                    author = (officer or leader) if internal or rng.random() < 0.5 else official
                    comments.add(
                        comments.take_id(),
                        pk,
                        author,
                        " ".join(rng.choices(WORDS, k=rng.randint(5, 30))).capitalize(),
                        internal,
                        when,
                    )
                if answered and rng.random() < 0.12:
                    due = (answered + timedelta(days=rng.randint(7, 60))).date()
                    done = due < self.now.date() and rng.random() < 0.8
                    follow_ups.add(
                        follow_ups.take_id(),
                        office.pk,
                        "case",
                        str(pk),
                        village.pk,
                        "Pantau pelaksanaan " + " ".join(rng.sample(WORDS, 3)),
                        "seksi",
                        section_id,
                        due,
                        "selesai" if done else "terbuka",
                        "Sudah dilaksanakan." if done else "",
                        min(answered + timedelta(days=rng.randint(7, 60)), self.now)
                        if done
                        else None,
                        answered,
                    )
                made += 1
                if made % tick == 0:
                    counters.extend((office.pk, y, n) for y, n in per_year.items())
                    save(counters)
                    self.say(f"  cases {made:,}/{total:,}")
            counters.extend((office.pk, y, n) for y, n in per_year.items())
        save(counters)
        self.say(
            f"{cases.count:,} cases, {comments.count:,} comments, {audit.count:,} audit entries, "
            f"{follow_ups.count:,} follow-ups"
        )

    def agenda_and_alerts(self, offices, total):
        """About one meeting per 200 cases and one alert per 2,000 (at least one of each per
        office), most in the past; the newest alert of a busy office is live."""
        rng = self.rng
        meetings = Writer(
            Meeting,
            [
                "id",
                "office",
                "kind",
                "title",
                "description",
                "starts_at",
                "ends_at",
                "place",
                "is_public",
                "status",
                "letter_number",
                "checkin_token",
                "created_by",
                "created_at",
                "held_at",
                "section",
            ],
        )
        alerts = Writer(
            Alert,
            [
                "id",
                "office",
                "status",
                "hazard",
                "category",
                "severity",
                "urgency",
                "certainty",
                "scope",
                "is_exercise",
                "headline",
                "description",
                "instruction",
                "area_description",
                "all_villages",
                "expires",
                "ack_minutes",
                "message_count",
                "created_by",
                "created_at",
                "modified_at",
                "issued_by",
                "issued_at",
                "last_message_at",
                "ended_at",
            ],
        )
        deliveries = Writer(
            Delivery,
            [
                "id",
                "alert",
                "village",
                "created_at",
                "ack_due",
                "message_number",
                "acknowledged_at",
                "acknowledged_by",
                "first_acknowledged_at",
                "state",
                "escalations",
            ],
        )
        per_office = max(total // max(len(offices), 1), 1)
        span_days = 365 * self.years
        for office in offices:
            members = self.members[office.pk]
            leader = members["staff"]["sekcam"] or members["staff"]["camat"]
            if leader is None:
                continue
            villages = [v for v in office.villages.all() if members["villages"].get(v.pk)]
            sections = [s.pk for s in office.sections.all()]
            for i in range(max(per_office // 200, 1)):
                pk = meetings.take_id()
                start = (self.now - timedelta(days=rng.uniform(-30, span_days))).replace(
                    minute=0, second=0, microsecond=0
                )
                past = start < self.now
                meetings.add(
                    pk,
                    office.pk,
                    rng.choice(["rakor", "sosialisasi", "monev"]),
                    "Rapat " + " ".join(rng.sample(WORDS, 3)),
                    "",
                    start,
                    start + timedelta(hours=2),
                    "Aula kantor kecamatan",
                    rng.random() < 0.3,
                    ("bernotulen" if rng.random() < 0.7 else "terlaksana")
                    if past
                    else "dijadwalkan",
                    f"005/{i + 1:03d}/{office.case_prefix}/{start.year}",
                    hashlib.sha256(f"{self.seed}:{pk}".encode()).hexdigest()[:32],
                    leader,
                    start - 7 * DAY,
                    start if past else None,
                    sections[i % len(sections)],
                )
            n_alerts = max(per_office // 2000, 1)
            for i in range(n_alerts):
                live = i == n_alerts - 1 and rng.random() < 0.5
                issued = self.now - (
                    timedelta(hours=rng.uniform(1, 20))
                    if live
                    else timedelta(days=rng.uniform(2, span_days))
                )
                pk = alerts.take_id()
                hazard = rng.choice(["banjir", "karhutla", "longsor"])
                alerts.add(
                    pk,
                    office.pk,
                    "terbit" if live else "berakhir",
                    hazard,
                    "Safety" if hazard == "karhutla" else ("Geo" if hazard == "longsor" else "Met"),
                    "Severe",
                    "Expected",
                    "Likely",
                    "Public",
                    False,
                    f"Waspada {hazard} di wilayah kecamatan",
                    "Curah hujan tinggi.",
                    "Siapkan jalur evakuasi.",
                    office.name,
                    True,
                    issued + timedelta(days=2),
                    240,
                    1,
                    leader,
                    issued,
                    issued,
                    leader,
                    issued,
                    issued,
                    None if live else issued + timedelta(days=2),
                )
                for village in villages:
                    acked = rng.random() < (0.6 if live else 0.95)
                    who = members["villages"][village.pk]
                    at = issued + timedelta(minutes=rng.uniform(5, 200)) if acked else None
                    if at is not None:
                        at = min(at, self.now)
                    deliveries.add(
                        deliveries.take_id(),
                        pk,
                        village.pk,
                        issued,
                        issued + timedelta(hours=4),
                        1,
                        at,
                        who if acked else None,
                        at,
                        "aman" if acked else "",
                        0,
                    )
        with transaction.atomic():
            for writer in (meetings, alerts, deliveries):
                writer.flush()
        self.say(
            f"{meetings.count:,} meetings, {alerts.count:,} alerts, {deliveries.count:,} deliveries"
        )

    def reports(self, offices, total):
        """The monthly obligations' reports of each village for the last months (fewer months
        when the dataset is small): most accepted, a few waiting for review, some late."""
        rng = self.rng
        months = max(1, min(12, total // max(len(offices), 1) // 100))
        submissions = Writer(
            Submission,
            [
                "id",
                "office",
                "obligation",
                "village",
                "period_start",
                "due_date",
                "status",
                "note",
                "first_submitted_at",
                "on_time",
                "submitted_at",
                "submitted_by",
                "reviewed_at",
                "created_at",
                "updated_at",
                "review_note",
            ],
        )
        obligations = defaultdict(list)
        for ob in ObligationType.objects.filter(
            office__in=offices, period="bulanan", is_active=True
        ):
            obligations[ob.office_id].append(ob)
        today = self.now.date()
        first = date(today.year, today.month, 1)
        periods = []
        for k in range(1, months + 1):
            y, m = divmod(first.year * 12 + first.month - 1 - k, 12)
            periods.append(date(y, m + 1, 1))
        sent_before = set(
            Submission.objects.filter(office__in=offices).values_list(
                "obligation", "village", "period_start"
            )
        )
        for office in offices:
            members = self.members[office.pk]
            for village, ob, period in itertools.product(
                office.villages.all(), obligations[office.pk], periods
            ):
                who = members["villages"].get(village.pk)
                if who is None or rng.random() < 0.08:  # not sent yet
                    continue
                if (ob.pk, village.pk, period) in sent_before:
                    continue
                y, m = divmod(period.year * 12 + period.month, 12)
                due = date(y, m + 1, 1) + timedelta(days=ob.deadline_days - 1)
                sent = _midday(due - timedelta(days=rng.randint(-6, 9)))
                sent = min(sent, self.now)
                status = "diterima" if rng.random() < 0.85 else "diajukan"
                submissions.add(
                    submissions.take_id(),
                    office.pk,
                    ob.pk,
                    village.pk,
                    period,
                    due,
                    status,
                    "",
                    sent,
                    sent.date() <= due,
                    sent,
                    who,
                    min(sent + 2 * DAY, self.now) if status == "diterima" else None,
                    sent,
                    sent,
                    "",
                )
        with transaction.atomic():
            submissions.flush()
        self.say(f"{submissions.count:,} village reports ({months} months)")


def _now():
    from apps.core import clock

    return clock.now()


def _midday(day: date):
    from datetime import datetime
    from datetime import time as dtime

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, dtime(10, 0)))


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """`total` in whole parts proportional to `weights` (the remainder to the largest)."""
    whole = sum(weights) or 1
    parts = [int(total * w / whole) for w in weights]
    rest = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: -weights[i])
    for i in order[:rest]:
        parts[i] += 1
    return parts
