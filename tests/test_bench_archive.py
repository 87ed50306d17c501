"""The benchmark's generated archive holds the same kind of rows an import makes, so that
`make bench` measures the archive researchers use (and does not break when rows grow fields)."""

import pytest
from django.urls import reverse

from archive.models import Answer, Interview, PassageId, Question
from bench.generate import generate

pytestmark = pytest.mark.django_db


def test_a_small_generated_archive_is_published_with_permanent_passage_ids(client):
    stats = generate(300, seed=3, people=20)
    assert stats.pairs == Answer.objects.count() == 300
    assert Interview.objects.published().count() == stats.interviews
    uids = [*Question.objects.values_list("uid", flat=True)]
    uids += Answer.objects.values_list("uid", flat=True)
    assert all(uids) and len(set(uids)) == len(uids)
    assert PassageId.objects.filter(uid__in=uids).count() == len(uids)
    answer = Answer.objects.select_related("question__interview").first()
    response = client.get(reverse("passage", args=[answer.uid]))
    assert response.status_code == 302 and response["Location"].endswith(f"#{answer.anchor}")
