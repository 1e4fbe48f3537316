from django.urls import path

from . import views

app_name = "follow_ups"

urlpatterns = [
    path("tindak-lanjut/", views.board, name="board"),
    path("tindak-lanjut/excel/", views.board_export, name="export"),
    path("tindak-lanjut/<int:pk>/selesai/", views.complete, name="complete"),
    path("tindak-lanjut/bukti/<str:token>/", views.evidence, name="evidence"),
]
