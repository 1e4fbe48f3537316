import pytest

from apps.aspirations import services
from tests_support.factories import membership_of


@pytest.fixture
def member(db):
    return membership_of


@pytest.fixture
def send(office):
    """Send an aspiration as a citizen: `send(village="bungin", anonymous=True)`."""

    def do(village="bungin", category="Lembaga kemasyarakatan desa", **values):
        values.setdefault("title", "Karang Taruna tidak aktif")
        values.setdefault("text", "Tidak ada kegiatan pemuda sejak tahun lalu.")
        values.setdefault("anonymous", False)
        return services.submit_aspiration(
            office=office,
            village=office.villages.get(slug=village),
            category=office.categories.get(name=category),
            **values,
        )

    return do
