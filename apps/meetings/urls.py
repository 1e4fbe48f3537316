from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/rapat/", views.meeting_list, name="meetings"),
    path("agenda/rapat/baru/", views.meeting_create, name="meeting_create"),
    path("agenda/rapat/<int:pk>/", views.meeting_detail, name="meeting"),
    path("agenda/rapat/<int:pk>/langkah/<str:step>/", views.meeting_step, name="meeting_step"),
    path("agenda/rapat/<int:pk>/hadir/<str:token>/", views.check_in, name="check_in"),
    path(
        "agenda/rapat/<int:pk>/daftar-hadir/excel/",
        views.meeting_attendance_export,
        name="attendance_export",
    ),
    path("agenda/rapat/<int:pk>/qr.svg", views.meeting_qr, name="meeting_qr"),
    path("agenda/rapat/<int:pk>/<str:document>.pdf", views.meeting_pdf, name="meeting_pdf"),
    path("agenda/rapat/<int:pk>/foto/<str:token>/", views.meeting_photo, name="meeting_photo"),
    path("agenda/konsultasi/", views.consultation_list, name="consultations"),
    path("agenda/konsultasi/baru/", views.consultation_book, name="consultation_book"),
    path("agenda/konsultasi/<int:pk>/", views.consultation_detail, name="consultation"),
    path(
        "agenda/konsultasi/<int:pk>/langkah/<str:step>/",
        views.consultation_step,
        name="consultation_step",
    ),
    path("agenda/kalender-saya/", views.feed_settings, name="feed_settings"),
    path("agenda/ical/<str:token>.ics", views.feed, name="feed"),
]
