import pytest

from apps.cases.demo import demo_cases_seed
from apps.knowledge.demo import demo_knowledge_seed
from apps.knowledge.models import Article


@pytest.mark.django_db
def test_the_demo_publishes_one_resolved_answer_without_the_names_on_it(office, demo_people):
    demo_cases_seed(office=office)
    assert demo_knowledge_seed(office=office) == 1
    assert demo_knowledge_seed(office=office) == 0
    article = Article.objects.get(office=office, kind="jawaban")
    case = article.case
    assert case.status == "selesai" and article.status == "terbit"
    for person in (case.submitted_by, case.assigned_to):
        if person is not None:
            assert person.full_name not in article.body
