from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("pustaka/", views.article_list, name="list"),
    path("pustaka/baru/", views.article_create, name="create"),
    path("pustaka/saran/", views.suggest, name="suggest"),
    path("pustaka/dari-permasalahan/<str:key>/", views.article_from_case, name="from_case"),
    path("pustaka/<int:pk>/", views.article_detail, name="detail"),
    path("pustaka/<int:pk>/ubah/", views.article_edit, name="edit"),
    path("pustaka/<int:pk>/berkas/<str:token>/", views.article_file, name="file"),
]
