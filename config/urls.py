from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from apps.core.views import healthz

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
    path("", include("apps.monitoring.urls")),
    path("", include("apps.notifications.urls")),
    path("api/v1/", include("apps.api.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
]

if settings.RUKO_BENCH:  # config.settings.bench only: the yardstick of `make bench`
    from config.bench import bare

    urlpatterns.append(path("_bench/bare", bare))

# Errors: JSON under /api/, the product's Indonesian pages elsewhere.
handler400 = "apps.core.error_views.bad_request"
handler403 = "apps.core.error_views.permission_denied"
handler404 = "apps.core.error_views.page_not_found"
handler500 = "apps.core.error_views.server_error"
