from django.conf import settings
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from . import (
    alert_views,
    aspiration_views,
    case_views,
    meeting_views,
    report_views,
    stats_views,
    views,
)

app_name = "api"

urlpatterns = [
    path("auth/token", views.TokenView.as_view(), name="token"),
    path("me", views.MeView.as_view(), name="me"),
    path("villages", views.VillageList.as_view(), name="villages"),
    path("sections", views.SectionList.as_view(), name="sections"),
    path("categories", views.CategoryList.as_view(), name="categories"),
    path("cases", case_views.CaseListCreate.as_view(), name="cases"),
    path("cases/<str:key>", case_views.CaseDetail.as_view(), name="case"),
    path("cases/<str:key>/comments", case_views.CaseComments.as_view(), name="case_comments"),
    path("cases/<str:key>/follow-ups", case_views.CaseFollowUps.as_view(), name="case_follow_ups"),
    path(
        "cases/<str:key>/follow-ups/<int:fid>/complete",
        case_views.FollowUpComplete.as_view(),
        name="case_follow_up_complete",
    ),
    *[
        path(f"cases/<str:key>/actions/{action}", case_views.action_view(action).as_view())
        for action in case_views.ACTION_BODIES
    ],
    path(
        "cases/<str:key>/actions/<str:action>",
        case_views.UnknownCaseAction.as_view(),
        name="case_action",
    ),
    path("alerts", alert_views.AlertList.as_view(), name="alerts"),
    path("alerts/<int:pk>.cap", alert_views.AlertCap.as_view(), name="alert_cap"),
    path("alerts/<int:pk>", alert_views.AlertDetail.as_view(), name="alert"),
    path(
        "alerts/<int:pk>/acknowledge",
        alert_views.AlertAcknowledge.as_view(),
        name="alert_acknowledge",
    ),
    path("incidents", alert_views.IncidentListCreate.as_view(), name="incidents"),
    path("incidents/<int:pk>", alert_views.IncidentDetail.as_view(), name="incident"),
    path("readiness/<int:village>", alert_views.ReadinessDetail.as_view(), name="readiness"),
    path("meetings", meeting_views.MeetingListCreate.as_view(), name="meetings"),
    path("meetings/<int:pk>", meeting_views.MeetingDetail.as_view(), name="meeting"),
    path(
        "meetings/<int:pk>/attendance",
        meeting_views.MeetingAttendance.as_view(),
        name="meeting_attendance",
    ),
    path("consultations", meeting_views.ConsultationListCreate.as_view(), name="consultations"),
    *[
        path(
            f"consultations/<int:pk>/{step}",
            meeting_views.consultation_step_view(step).as_view(),
        )
        for step in meeting_views.CONSULTATION_BODIES
    ],
    path(
        "consultations/<int:pk>/<str:step>",
        meeting_views.UnknownConsultationStep.as_view(),
        name="consultation_step",
    ),
    path("follow-ups", meeting_views.FollowUpBoard.as_view(), name="follow_ups"),
    path("obligations", report_views.ObligationList.as_view(), name="obligations"),
    path(
        "report-submissions",
        report_views.SubmissionListCreate.as_view(),
        name="report_submissions",
    ),
    path(
        "report-submissions/<int:pk>",
        report_views.SubmissionDetail.as_view(),
        name="report_submission",
    ),
    *[
        path(f"report-submissions/<int:pk>/review/{step}", report_views.review_view(step).as_view())
        for step in report_views.REVIEW_BODIES
    ],
    path(
        "report-submissions/<int:pk>/review/<str:step>",
        report_views.UnknownReviewStep.as_view(),
        name="report_submission_review",
    ),
    path("stats", stats_views.Stats.as_view(), name="stats"),
    path("aspirations", aspiration_views.AspirationListCreate.as_view(), name="aspirations"),
    path(
        "aspirations/track/<str:code>",
        aspiration_views.AspirationTrack.as_view(),
        name="aspiration_track",
    ),
    path("aspirations/<int:pk>", aspiration_views.AspirationDetail.as_view(), name="aspiration"),
    *[
        path(
            f"aspirations/<int:pk>/actions/{step}",
            aspiration_views.step_view(step).as_view(),
            name=f"aspiration_{step}",
        )
        for step in aspiration_views.STEPS
    ],
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # The split view serves Swagger UI's start script as a file; its page keeps one inline
    # <style> block of the library's template, allowed on this page only.
    path(
        "docs/",
        csp_override(
            {
                **settings.SECURE_CSP,
                "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
                "img-src": [CSP.SELF, "data:"],
            }
        )(SpectacularSwaggerSplitView.as_view(url_name="api:openapi")),
        name="docs",
    ),
]
