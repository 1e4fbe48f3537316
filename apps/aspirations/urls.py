from django.urls import path

from . import views

app_name = "aspirations"

urlpatterns = [
    path("aspirasi/", views.submit, name="submit"),
    path("aspirasi/lacak/", views.lookup, name="lookup"),
    path("aspirasi/lacak/<str:code>/", views.track, name="track"),
    path("aspirasi/kotak-masuk/", views.inbox, name="inbox"),
    path("aspirasi/kotak-masuk/<int:pk>/", views.detail, name="detail"),
    path("aspirasi/kotak-masuk/<int:pk>/foto/", views.photo, name="photo"),
    path("aspirasi/kotak-masuk/<int:pk>/aksi/<str:step>/", views.action, name="action"),
]
