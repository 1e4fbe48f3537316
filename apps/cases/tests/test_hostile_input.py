"""Property-based (hypothesis): the case form and the comment form given hostile, oversized
and malformed values answer with the saved result or a form that says what to change, never
a 500, and never save half of it."""

import html
import uuid
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from apps.cases.models import Attachment, Case, Comment
from apps.follow_ups.models import FollowUp
from apps.offices.models import AuditLog, Category
from tests_support.factories import make_answered_case

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE cases_case; --",
    "{{ 7*7 }}{% debug %}",
    "%s%s%n%x",
    "../../../etc/passwd",
    "\u202egnp.exe",
    "\x00",
    "a\x00b",
    "\ufeff\u200b",
    " ",
    "",
    "😀" * 300,
]
# Everything a browser can send: any character but lone surrogates (not encodable).
ANY_CHAR = st.characters(blacklist_categories=["Cs"])
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(ANY_CHAR, max_size=60),
    st.builds(lambda c, n: c * n, ANY_CHAR, st.integers(0, 25_000)),
)
LOOSE_ID = st.one_of(
    st.integers(-(2**70), 2**70).map(str), TEXT, st.sampled_from(["1e9", "0x1", "[]", "null"])
)
EXAMPLES = settings(
    max_examples=int(__import__("os").environ.get("RUKO_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STATUSES = []
RUN = {"case form": 0, "comment form": 0, "follow-up form": 0}


def counts():
    return (
        Case.objects.count(),
        Comment.objects.count(),
        Attachment.objects.count(),
        AuditLog.objects.count(),
    )


def rolled_back(test):
    """Each example in its own transaction, rolled back: examples do not see one another."""

    def run(*args, **kwargs):
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return run


def says_what_to_change(response):
    return response.status_code in (200, 400, 409, 422) and (
        "errorlist" in response.text or 'role="alert"' in response.text
    )


@pytest.mark.django_db
@EXAMPLES
@given(
    title=TEXT,
    description=TEXT,
    urgency=st.one_of(st.sampled_from(["rendah", "sedang", "tinggi", "darurat"]), TEXT),
    category=st.one_of(st.just("valid"), LOOSE_ID),
    key=st.one_of(st.just(""), TEXT),
)
def test_the_case_form_never_fails_and_never_saves_half(
    users, title, description, urgency, category, key
):
    @rolled_back
    def example():
        RUN["case form"] += 1
        client = Client()
        client.force_login(users["desa-inan"])
        if category == "valid":
            chosen = str(Category.objects.filter(is_active=True).values_list("pk", flat=True)[0])
        else:
            chosen = category
        before = counts()
        response = client.post(
            reverse("cases:submit"),
            {
                "title": title,
                "description": description,
                "urgency": urgency,
                "category": chosen,
                "idempotency_key": key or uuid.uuid4().hex,
            },
        )
        assert response.status_code < 500
        if response.status_code == 302:
            case = Case.objects.latest("pk")
            assert case.title == title.strip()
            assert counts()[0] == before[0] + 1
            assert counts()[2] == before[2]
        else:
            assert says_what_to_change(response), response.status_code
            assert counts() == before
            # What the person typed comes back to them.
            if title.strip() and "\x00" not in title and len(title) <= 200:
                assert html.escape(title.strip(), quote=True)[:50] in response.text

    example()


@pytest.mark.django_db
@EXAMPLES
@given(body=TEXT, internal=st.one_of(st.just(""), st.just("on"), TEXT))
def test_the_comment_form_never_fails_and_never_saves_half(users, body, internal):
    @rolled_back
    def example():
        RUN["comment form"] += 1
        case = make_answered_case()
        client = Client()
        client.force_login(users["desa-inan"])
        before = counts()
        response = client.post(
            reverse("cases:comment", args=[case.pk]), {"body": body, "internal": internal}
        )
        assert response.status_code < 500
        if response.status_code == 302:
            assert counts()[1] == before[1] + 1
            comment = Comment.objects.latest("pk")
            assert comment.body == body.strip() and not comment.internal
        elif response.status_code == 403:  # an internal note asked by the village: its role
            assert Comment.objects.filter(case=case, internal=True).count() == 0
            assert counts()[1] == before[1]
        else:
            assert says_what_to_change(response), response.status_code
            assert counts()[1] == before[1]

    example()


# A due date the office may set (follow-ups are due within two years).
SOON = str(date.today() + timedelta(days=30))


@pytest.mark.django_db
@EXAMPLES
@given(
    action=TEXT,
    owner_kind=st.one_of(st.sampled_from(["seksi", "desa", "opd"]), TEXT),
    owner=st.one_of(st.just("valid"), st.just(""), LOOSE_ID),
    due_date=st.one_of(
        st.dates().map(str),
        st.dates(date(2027, 1, 1), date(2030, 12, 31)).map(str),
        st.sampled_from(["2026-02-30", "31/12/2026", "0000-00-00"]),
        TEXT,
    ),
)
@example(action="Rapat koordinasi", owner_kind="seksi", owner="valid", due_date=SOON)
def test_the_follow_up_form_never_fails_and_never_saves_half(
    users, action, owner_kind, owner, due_date
):
    @rolled_back
    def example():
        RUN["follow-up form"] += 1
        case = make_answered_case()
        client = Client()
        client.force_login(users["pmd"])
        section = str(case.office.sections.filter(is_active=True).values_list("pk", flat=True)[0])
        before = FollowUp.objects.count(), AuditLog.objects.count()
        response = client.post(
            reverse("cases:follow_up_add", args=[case.pk]),
            {
                "action": action,
                "owner_kind": owner_kind,
                "owner_section": section if owner == "valid" else owner,
                "due_date": due_date,
            },
        )
        assert response.status_code < 500
        STATUSES.append(response.status_code)
        if response.status_code == 302:
            assert FollowUp.objects.count() == before[0] + 1
            assert FollowUp.objects.latest("pk").action == action.strip()
        else:
            assert says_what_to_change(response), response.status_code
            assert (FollowUp.objects.count(), AuditLog.objects.count()) == before

    example()


def test_examples_were_run():
    """Runs last in this module: hypothesis did run the examples above."""
    assert all(n >= 10 for n in RUN.values()), RUN
    assert 302 in STATUSES, "no follow-up was ever saved: the test would prove nothing"
    print(f"hypothesis examples: {RUN}; follow-up answers: {sorted(set(STATUSES))}")
