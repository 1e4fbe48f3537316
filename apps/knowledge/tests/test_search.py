"""The search: PostgreSQL full-text on PostgreSQL, words in the folded text on SQLite; the
same results either way."""

import pytest
from django.db import connection

from apps.knowledge import selectors, text
from apps.knowledge.models import Article
from tests_support.factories import membership_of

from .conftest import write


@pytest.mark.django_db
def test_every_word_must_match_as_the_start_of_a_word_or_within_it(library):
    camat = membership_of("camat")
    found = list(selectors.article_list_for(membership=camat, q="laporan apbdes"))
    assert library["villages"] in found
    assert library["public"] not in found
    # "Stunt" finds "stunting"; case and accents do not matter.
    found = list(selectors.article_list_for(membership=camat, q="STUNT Puskésmas"))
    assert found == [library["public"]]
    assert list(selectors.article_list_for(membership=camat, q="apbdes gempa")) == []


@pytest.mark.django_db
def test_symbols_in_the_query_cannot_break_it(library):
    camat = membership_of("camat")
    for query in ["apbdes & | ! :* ()", "'; drop table", "<b>laporan</b>"]:
        list(selectors.article_list_for(membership=camat, q=query))
    found = list(selectors.article_list_for(membership=camat, q="(semester)!"))
    assert found == [library["villages"]]


@pytest.mark.django_db
def test_suggestions_rank_the_article_sharing_most_words_first(library):
    write("pmd", title="Laporan realisasi APBDes lengkap", visibility="desa",
          body="Cara menyusun laporan realisasi APBDes semester pertama.")  # fmt: skip
    titles = [a.title for a in selectors.suggestions_for(
        membership=membership_of("desa-inan"),
        text="Kami belum bisa menyusun laporan realisasi APBDes semester pertama",
    )]  # fmt: skip
    assert titles[0] == "Laporan realisasi APBDes lengkap"
    assert "Jawaban laporan APBDes" in titles
    assert selectors.suggestions_for(membership=membership_of("desa-inan"), text="dan") == []


@pytest.mark.django_db
def test_the_search_reads_the_folded_text_kept_with_each_article(library):
    article = Article.objects.get(pk=library["public"].pk)
    assert article.search_text == text.search_text(article.title, article.summary, article.body)
    assert "puskesmas" in article.search_text


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_uses_the_gin_index_for_the_search(library):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    qs = selectors.article_search(Article.objects.all(), "laporan apbdes")
    plan = qs.explain()
    assert "knowledge_article_search_gin" in plan, plan
