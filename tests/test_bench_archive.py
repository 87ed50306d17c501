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


def test_paragraphs_stay_distinct_when_a_corpus_runs_short_of_combinations():
    import random

    from bench.generate import TextMaker, synthetic_sentences

    # Five sentences make 25 two-sentence paragraphs at most; some 600 of 3,000 ask for two.
    text = TextMaker(synthetic_sentences(count=5), random.Random(1))
    paragraphs = [text.paragraph() for _ in range(3000)]
    assert len(set(paragraphs)) == len(paragraphs)


@pytest.mark.parametrize(
    ("pairs", "p95_ms", "memory_mb"), [(100_000, 100, 400), (1_000_000, 300, 1024)]
)
def test_a_million_pairs_are_judged_against_the_targets_for_that_scale(pairs, p95_ms, memory_mb):
    from bench.report import Report

    report = Report()
    report.data.update(
        generate={"pairs": pairs},
        search={"view_ms": {"p50": 20.0, "p95": 250.0}, "per_query": [{"median_ms": 150.0}]},
        naive={"ratio_p50": 30.0, "ratio_p95": 6.0, "page_ratio_p50": 9, "page_ratio_p95": 3},
        memory={"rss_mb": 700.0, "peak_mb": 720.0, "pages": 59},
        build={"duihua": {"pairs_per_s": 600.0, "segments": 2}, "same_docs_ratio": 4.0, "ratio": 4},
    )
    report.judge()
    targets = report.data["targets"]
    million = pairs >= 1_000_000
    assert targets[f"search page p95 <= {p95_ms} ms"][0] is million
    assert targets[f"worker memory <= {memory_mb} MB"][0] is million
