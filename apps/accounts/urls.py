from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/", views.profile, name="profile"),
    path("akun/dua-langkah/", two_factor_views.manage, name="two_factor"),
    path("masuk/kode/", two_factor_views.verify, name="two_factor_verify"),
    path("akun/peran/", views.switch_membership, name="switch_membership"),
    path("akun/sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "atur-sandi/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("kelola/pengguna/", views.user_list, name="user_list"),
    path("kelola/pengguna/baru/", views.user_create, name="user_create"),
    path("kelola/pengguna/tambah-terdaftar/", views.user_add_existing, name="user_add_existing"),
    path("kelola/pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path(
        "kelola/pengguna/<int:pk>/kirim-tautan/",
        views.user_send_password_link,
        name="user_send_password_link",
    ),
]
