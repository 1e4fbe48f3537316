import logging

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for deployment probes: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.exception("health check: the database does not answer")
        database = "error"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database},
        status=200 if healthy else 503,
    )


# The service worker that keeps a form sent without a connection (static/js/sw.js). Served
# from the root so that its scope covers every page; never cached, so an update arrives.
SERVICE_WORKER = "js/sw.js"


@require_GET
def service_worker(request):
    path = finders.find(SERVICE_WORKER)
    if path is None:  # collected to STATIC_ROOT in production
        path = staticfiles_storage.path(SERVICE_WORKER)
    with open(path, "rb") as source:
        response = HttpResponse(source.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def kept(request):
    """What the service worker shows when a form could not be sent: it is kept on the phone
    (the worker stores this page while online, so it opens without a connection)."""
    return render(request, "core/kept.html")
