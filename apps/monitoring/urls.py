from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("monev/", views.dashboard, name="dashboard"),
    path("monev/excel/", views.dashboard_export, name="export"),
    path("monev/kecamatan/", views.compare, name="compare"),
    path("monev/kecamatan/excel/", views.compare_export, name="compare_export"),
    path("monev/laporan-kegiatan/", views.reports, name="reports"),
    path("monev/laporan-kegiatan/<int:pk>/", views.report_status, name="report_status"),
    path("monev/laporan-kegiatan/<int:pk>/pdf/", views.report_file, name="report_file"),
]
