from django.urls import path

from . import views

app_name = "village_reports"

urlpatterns = [
    path("laporan-desa/", views.reports_home, name="due"),
    path("laporan-desa/kepatuhan/", views.matrix, name="matrix"),
    path("laporan-desa/kepatuhan/excel/", views.matrix_export, name="matrix_export"),
    path("laporan-desa/stunting/", views.stunting, name="stunting"),
    path("laporan-desa/stunting/excel/", views.stunting_export, name="stunting_export"),
    path("laporan-desa/isi/<int:obligation>/<str:period>/", views.report_fill, name="fill"),
    path("laporan-desa/<int:pk>/", views.report_detail, name="detail"),
    path("laporan-desa/<int:pk>/tinjau/<str:step>/", views.report_review, name="review"),
    path("laporan-desa/<int:pk>/berkas/<str:token>/", views.report_file, name="file"),
]
