"""The production settings, as Django's own deployment checks see them."""

import subprocess
import sys

from django.conf import settings


def test_production_settings_pass_djangos_deployment_checks():
    """Only the two HSTS choices that depend on the operator's domain stay open."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-check-" + "z" * 30,
        "DJANGO_ALLOWED_HOSTS": "ruko.example.go.id",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    warnings = {
        line.split(")")[0].split("(")[-1]
        for line in result.stderr.splitlines()
        if "(security." in line
    }
    assert warnings <= {"security.W005", "security.W021"}, result.stderr
