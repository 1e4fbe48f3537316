from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from . import case_views, views

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
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:openapi"), name="docs"),
]
