from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("beranda/", views.home, name="home"),
    path("kantor/<slug:slug>/", views.office_detail, name="office_detail"),
    path("kantor/<slug:slug>/logo/", views.office_logo, name="office_logo"),
    path("kantor/<slug:slug>/desa/<slug:village>/", views.village_detail, name="village_detail"),
    path(
        "kantor/<slug:slug>/desa/<slug:village>/ekspor/",
        views.village_export_zip,
        name="village_export",
    ),
    path("kelola/", views.manage_index, name="manage_index"),
    path("kelola/kantor/", views.manage_office, name="manage_office"),
    path("kelola/<str:kind>/", views.masterdata_list, name="masterdata_list"),
    path("kelola/<str:kind>/baru/", views.masterdata_edit, name="masterdata_create"),
    path("kelola/<str:kind>/<int:pk>/", views.masterdata_edit, name="masterdata_edit"),
]
