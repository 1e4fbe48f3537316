from django.urls import path

from . import feeds, views

app_name = "alerts"

urlpatterns = [
    path("peringatan/", views.alert_list, name="list"),
    path("peringatan/baru/", views.alert_create, name="create"),
    path("peringatan/impor/", views.alert_import, name="import"),
    path("peringatan/belum-konfirmasi/", views.escalations, name="escalations"),
    path("peringatan/<int:pk>/", views.alert_detail, name="detail"),
    path("peringatan/<int:pk>/ubah/", views.alert_edit, name="edit"),
    path("peringatan/<int:pk>/konfirmasi/", views.alert_acknowledge, name="acknowledge"),
    path("peringatan/<int:pk>/aksi/<str:action>/", views.alert_action, name="action"),
    path("kejadian/", views.incident_list, name="incidents"),
    path("kejadian/baru/", views.incident_create, name="incident_create"),
    path("kejadian/<int:pk>/", views.incident_detail, name="incident"),
    path("kejadian/<int:pk>/aksi/<str:action>/", views.incident_action, name="incident_action"),
    path("kejadian/<int:pk>/foto/<str:token>/", views.incident_photo, name="incident_photo"),
    path("kesiapsiagaan/", views.readiness_overview, name="readiness"),
    path("kesiapsiagaan/<int:village>/", views.readiness_village, name="readiness_village"),
    path(
        "kesiapsiagaan/<int:village>/daftar-periksa/",
        views.readiness_checklist,
        name="readiness_checklist",
    ),
    path(
        "kesiapsiagaan/<int:village>/<str:kind>/baru/",
        views.readiness_record_edit,
        name="readiness_record_create",
    ),
    path(
        "kesiapsiagaan/<int:village>/<str:kind>/<int:pk>/",
        views.readiness_record_edit,
        name="readiness_record_edit",
    ),
    path(
        "kesiapsiagaan/<int:village>/<str:kind>/<int:pk>/hapus/",
        views.readiness_record_delete,
        name="readiness_record_delete",
    ),
    path("alerts/feed.atom", feeds.CurrentAlertsFeed(), name="feed"),
]
