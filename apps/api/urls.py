from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from . import case_views, report_views, stats_views, views

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
    path(
        "cases/<str:key>/actions/<str:action>", case_views.CaseAction.as_view(), name="case_action"
    ),
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
    path(
        "report-submissions/<int:pk>/review/<str:step>",
        report_views.SubmissionReview.as_view(),
        name="report_submission_review",
    ),
    path("stats", stats_views.Stats.as_view(), name="stats"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:openapi"), name="docs"),
]
