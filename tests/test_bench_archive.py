"""The benchmark's generated archive holds the same kind of rows an import makes, so that
`make bench` measures the archive researchers use (and does not break when rows grow fields)."""

import itertools

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


def test_the_generated_pairs_carry_their_true_sentence_links():
    from archive.concordance.align import align_sentences
    from archive.concordance.models import SentenceLink
    from archive.concordance.store import refresh
    from bench.generate import load_sentences

    stats = generate(200, seed=4, people=10)
    corpus = set(load_sentences().pairs)
    answers = Answer.objects.exclude(text_en="").prefetch_related("sentences")
    agree = total = 0
    for answer in answers:
        links = list(answer.sentences.all())
        assert (
            len(links) >= 2 and links[0].zh_start == 0 and links[-1].en_end == len(answer.text_en)
        )
        assert all(a.zh_end == b.zh_start for a, b in itertools.pairwise(links))
        if answer.question.interview.script == Interview.Script.SIMPLIFIED:
            assert all((link.text_zh, link.text_en) in corpus for link in links)
        aligned = {(p.zh, p.en) for p in align_sentences(answer.text_zh, answer.text_en)}
        agree += sum(((k.zh_start, k.zh_end), (k.en_start, k.en_end)) in aligned for k in links)
        total += len(links)
    assert agree / total > 0.9  # the aligner finds nearly all of them again
    # Stamped with their pair's texts: a refresh of the sentence links leaves them alone.
    before = SentenceLink.objects.count()
    assert refresh(stats.interview_ids) == 0 and SentenceLink.objects.count() == before
