from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.core.views import healthz, kept, service_worker

urlpatterns = [
    path("", include("apps.public.urls")),
    path("", include("apps.accounts.urls")),
    path("", include("apps.dashboard.urls")),
    path("", include("apps.api.token_pages")),
    path("", include("apps.cases.urls")),
    path("", include("apps.alerts.urls")),
    path("", include("apps.follow_ups.urls")),
    path("", include("apps.meetings.urls")),
    path("", include("apps.village_reports.urls")),
    path("", include("apps.aspirations.urls")),
    path("", include("apps.knowledge.urls")),
    path("", include("apps.monitoring.urls")),
    path("", include("apps.notifications.urls")),
    path("api/v1/", include("apps.api.urls")),
    path("open311/", include("apps.api.open311.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("sw.js", service_worker, name="service_worker"),
    path("tersimpan/", kept, name="kept"),
    path("django-admin/", admin.site.urls),
]

if settings.RUKO_BENCH:  # config.settings.bench only: the yardstick of `make bench`
    from config.bench import bare, floor

    urlpatterns += [path("_bench/bare", bare), path("_bench/floor", floor)]

# Errors: JSON under /api/, the product's Indonesian pages elsewhere.
handler400 = "apps.core.error_views.bad_request"
handler403 = "apps.core.error_views.permission_denied"
handler404 = "apps.core.error_views.page_not_found"
handler500 = "apps.core.error_views.server_error"
