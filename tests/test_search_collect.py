"""Ranking and counting in one pass, and an index kept to few segments."""

import random

import pytest
from whoosh import query as wq

from archive.search import collect, merging
from archive.search.indexing import backend, rebuild, sync
from archive.search.query import parse_query

from .factories import AnswerFactory, InterviewFactory, QuestionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.whoosh_only("counts and scores Whoosh matchers, and merges Whoosh segments"),
]

WORDS_ZH = ["我", "的", "工业", "绿色", "发展", "技术", "人才", "能源", "我们", "国际"]
WORDS_EN = ["I", "the", "industry", "green", "growth", "skills", "energy", "we", "went", "to"]


def archive_of_random_passages(committed, interviews=4, answers=30, seed=7):
    """Interviews whose passages mix a few frequent words at random lengths, so that many
    passages match a query with different scores (and some with equal ones)."""
    rng = random.Random(seed)
    with committed():
        for _ in range(interviews):
            question = QuestionFactory(interview=InterviewFactory(), number=1)
            for position in range(1, answers + 1):
                n = rng.randint(1, 12)
                AnswerFactory(
                    question=question,
                    position=position,
                    text_zh="".join(rng.choices(WORDS_ZH, k=n)) + "。",
                    text_en=" ".join(rng.choices(WORDS_EN, k=n)) + ".",
                )


QUERIES = ["我", "的", "工业", "green", "I", "绿色 OR energy", "我们 the", "工业 -绿色",
           '"went to the"', '"the the"', "发展技术", "industry NOT skills",
           '"we went" 我']  # fmt: skip


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("language", ["both", "zh", "en"])
def test_one_pass_collection_ranks_and_counts_exactly_as_full_scoring(
    search_index, committed, q, language
):
    archive_of_random_passages(committed)
    query = parse_query(q).to_whoosh(language)
    searcher = backend()._searcher()
    expected = full_scoring(searcher, query)
    page = collect.top_by_score(collect.scored_matches(searcher, query), 20)
    assert [doc for doc, _ in page] == [doc for doc, _ in expected[:20]]
    assert [score for _, score in page] == pytest.approx([s for _, s in expected[:20]])
    assert backend().search_passages(query).total == len(expected)


def full_scoring(searcher, query) -> list[tuple[int, float]]:
    """Every match ranked by Whoosh's own collector. An exclusion is applied to the ranking
    of what it excludes from: Whoosh 2.7's AndNotMatcher keeps its first match when the
    excluded word's first document comes before it (`_find_first` only looks at equal
    numbers), so `industry NOT skills` can list a passage that says "industry skills"."""
    if isinstance(query, wq.AndNot):
        excluded = set(searcher.docs_for_query(query.b))
        return [hit for hit in full_scoring(searcher, query.a) if hit[0] not in excluded]
    full = searcher.search(query, limit=None)
    return [(full.docnum(i), full.score(i)) for i in range(full.scored_length())]


def test_an_excluded_word_excludes_the_first_match_too(search_index, committed):
    """The Whoosh case above: the excluded word's postings start before the first match."""
    with committed():
        question = QuestionFactory(interview=InterviewFactory(), number=1)
        for position, text in enumerate(["skills", "industry skills", "industry"], start=1):
            AnswerFactory(question=question, position=position, text_en=text, text_zh="")
    query = parse_query("industry NOT skills").to_whoosh("en")
    searcher = backend()._searcher()
    found = collect.scored_matches(searcher, query)
    assert len(found) == 1 == backend().search_passages(query).total
    (doc,) = found.docs.tolist()
    assert searcher.stored_fields(doc)["django_id"] == str(
        AnswerFactory._meta.model.objects.get(text_en="industry").pk
    )
    assert len(list(searcher.docs_for_query(query))) == 2  # Whoosh's matcher keeps the other


def test_terms_and_exact_phrases_are_scored_in_bulk_and_other_queries_by_whoosh(
    search_index, committed
):
    archive_of_random_passages(committed, interviews=1, answers=5)
    searcher = backend()._searcher()
    for q in ["工业 OR green -I", '"went to the"', "发展技术"]:
        assert collect._bulk_scores(searcher, parse_query(q).to_whoosh()) is not None
    loose = wq.Phrase("text_en", ["went", "the"], slop=2)
    assert collect._bulk_scores(searcher, loose) is None
    assert set(collect.scored_matches(searcher, loose).docs.tolist()) == set(
        searcher.docs_for_query(loose)
    )


def test_a_withdrawn_interview_is_neither_counted_nor_ranked(search_index, committed):
    archive_of_random_passages(committed, interviews=2, answers=10)
    query = wq.Term("text_han", "我")
    before = backend().search_passages(query, per_page=100)
    interview = InterviewFactory._meta.model.objects.order_by("pk").first()
    with committed():
        interview.status = interview.Status.DRAFT
        interview.save()
    after = backend().search_passages(query, per_page=100)
    assert 0 < after.total < before.total
    assert str(interview.pk) not in after.per_interview
    assert len(after.hits) == after.total


def test_date_order_pages_follow_each_other_without_gaps(search_index, committed):
    archive_of_random_passages(committed, interviews=3, answers=15)
    query = wq.Term("text_han", "我")
    whole = backend().search_passages(query, newest_first=True, per_page=1000).hits
    paged = [
        hit
        for page in (1, 2, 3)
        for hit in backend().search_passages(query, newest_first=True, page=page, per_page=7).hits
    ]
    assert [(h.model, h.pk) for h in paged] == [(h.model, h.pk) for h in whole[:21]]


def segments() -> int:
    return len(backend()._searcher().leaf_searchers())


def test_many_small_updates_do_not_pile_up_segments(search_index, committed):
    archive_of_random_passages(committed, interviews=1, answers=2)
    for _ in range(10):
        question = QuestionFactory(interview=InterviewFactory(), number=1)
        AnswerFactory(question=question, position=1, text_zh="钢厂", text_en="steelworks")
        sync([question.interview_id])
    assert segments() <= merging.MAX_SEGMENTS
    assert backend().search_passages(parse_query("steelworks").to_whoosh()).total == 10


def test_a_rebuild_leaves_the_index_in_one_segment(search_index, committed):
    archive_of_random_passages(committed, interviews=5, answers=3)
    rebuild(batch_size=1)
    assert segments() == 1
    assert backend().search_passages(wq.Term("text_han", "我")).total > 0
