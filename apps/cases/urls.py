from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("permasalahan/", views.case_list, name="list"),
    path("permasalahan/baru/", views.case_submit, name="submit"),
    path("permasalahan/excel/", views.case_export, name="export"),
    path("permasalahan/<str:key>/", views.case_detail, name="detail"),
    path("permasalahan/<str:key>/cetak/", views.case_print, name="print"),
    path("permasalahan/<str:key>/aksi/<str:action>/", views.case_action, name="action"),
    path("permasalahan/<str:key>/komentar/", views.comment_add, name="comment"),
    path("permasalahan/<str:key>/tindak-lanjut/", views.follow_up_add, name="follow_up_add"),
    path(
        "permasalahan/<str:key>/tindak-lanjut/<int:pk>/selesai/",
        views.follow_up_complete,
        name="follow_up_complete",
    ),
    path(
        "permasalahan/<str:key>/lampiran/<str:token>/", views.attachment_download, name="attachment"
    ),
    path(
        "permasalahan/<str:key>/isu-bersama/", views.shared_issue_create, name="shared_issue_create"
    ),
    path("isu-bersama/<int:pk>/", views.shared_issue_detail, name="shared_issue"),
]
