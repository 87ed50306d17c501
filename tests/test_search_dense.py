"""Frequent terms' postings as arrays beside their segment: the same hits and scores as the
blocks they come from, kept in step with deletions and merges, rebuilt where missing."""

import logging
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from archive.search import collect, dense
from archive.search.indexing import backend, rebuild, sync
from archive.search.query import parse_query

from .factories import AnswerFactory, InterviewFactory, QuestionFactory
from .test_search_collect import QUERIES, archive_of_random_passages

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.whoosh_only("reads Whoosh segments and the arrays written beside them"),
]


@pytest.fixture
def every_term_dense(monkeypatch):
    """Arrays for any term in two documents or more, so that small archives have them."""
    monkeypatch.setattr(dense, "DENSE_MIN", 2)


def array_files(kind: str = dense.TERMS) -> list[Path]:
    return sorted(Path(backend().path).glob(f"*{kind}"))


def segment_ids() -> set[str]:
    return {
        sub.reader().segment().segment_id() for sub, _ in backend()._searcher().leaf_searchers()
    }


def without_arrays(monkeypatch):
    """Every term read from Whoosh's blocks, as before the arrays."""
    monkeypatch.setattr(dense, "postings", lambda reader, field, text: None)


def collected(q: str, language: str = "both"):
    searcher = backend()._searcher()
    found = collect.scored_matches(searcher, parse_query(q).to_whoosh(language))
    return found.docs.tolist(), found.scores.tolist()


def test_a_segment_is_written_with_the_arrays_of_its_frequent_terms(
    search_index, committed, every_term_dense
):
    archive_of_random_passages(committed, interviews=2, answers=10)
    rebuild()
    (terms_file,) = array_files()
    assert terms_file.name.removesuffix(dense.TERMS) in segment_ids()
    reader = backend()._searcher().reader()
    for field, text in [("text_han", "我"), ("text_en", "green"), ("text_zh", "工业")]:
        ids, tf = dense.postings(reader, field, text)
        matcher = reader.postings(field, text)
        assert ids.tolist() == list(matcher.all_ids())
        assert tf.tolist() == [w for _, w in reader.postings(field, text).items_as("weight")]
    # a term in fewer documents than DENSE_MIN is left to the blocks
    assert dense.postings(reader, "text_han", "龘") is None


@pytest.mark.parametrize("q", QUERIES)
def test_scores_read_from_the_arrays_are_the_scores_read_from_the_blocks(
    search_index, committed, every_term_dense, monkeypatch, q
):
    archive_of_random_passages(committed)
    rebuild()
    assert array_files()
    from_arrays = collected(q)
    without_arrays(monkeypatch)
    assert collected(q) == from_arrays  # the same documents, the same scores to the last bit


def test_documents_deleted_from_a_segment_are_left_out_of_its_arrays(
    search_index, committed, every_term_dense
):
    archive_of_random_passages(committed, interviews=3, answers=10)
    rebuild()
    before = backend().search_passages(wq.Term("text_han", "我"), per_page=100)
    withdrawn = InterviewFactory._meta.model.objects.order_by("pk").first()
    with committed():
        withdrawn.status = withdrawn.Status.DRAFT
        withdrawn.save()
    searcher = backend()._searcher()
    assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
    after = backend().search_passages(wq.Term("text_han", "我"), per_page=100)
    assert 0 < after.total < before.total
    assert after.total == len(list(searcher.docs_for_query(wq.Term("text_han", "我"))))
    assert str(withdrawn.pk) not in after.per_interview


def test_arrays_go_with_their_segment_when_segments_merge(
    search_index, committed, every_term_dense
):
    archive_of_random_passages(committed, interviews=1, answers=4)
    for _ in range(8):  # each update writes a segment; the merge policy folds them together
        question = QuestionFactory(interview=InterviewFactory(), number=1)
        AnswerFactory(question=question, position=1, text_zh="钢厂钢厂", text_en="steel steel")
        AnswerFactory(question=question, position=2, text_zh="钢厂", text_en="steel")
        sync([question.interview_id])
    live = segment_ids()
    assert array_files()
    for kind in (dense.TERMS, dense.IDS, dense.FREQUENCIES):
        assert {path.name.removesuffix(kind) for path in array_files(kind)} <= live
    assert backend().search_passages(parse_query("steel").to_whoosh()).total == 16


def test_an_index_written_without_arrays_gets_them_from_its_first_searcher(
    search_index, committed, every_term_dense, monkeypatch
):
    archive_of_random_passages(committed, interviews=2, answers=10)
    rebuild()
    expected = collected("我 OR green")
    for path in Path(backend().path).glob("*.dense_*"):
        path.unlink()
    dense._opened.clear()
    backend()._drop_searcher()
    assert collected("我 OR green") == expected
    assert array_files()  # written again by the searcher that opened the segment
    reader = backend()._searcher().reader()
    assert dense.postings(reader, "text_han", "我") is not None


def test_unreadable_arrays_are_reported_and_the_blocks_read_instead(
    search_index, committed, every_term_dense, caplog
):
    archive_of_random_passages(committed, interviews=2, answers=10)
    rebuild()
    expected = collected("我 the")
    (terms_file,) = array_files()
    terms_file.write_text("{not json")
    dense._opened.clear()
    backend()._drop_searcher()
    with caplog.at_level(logging.WARNING, logger="archive.search.dense"):
        assert collected("我 the") == expected
    assert "Could not read the postings arrays" in caplog.text


def test_a_wanted_subset_is_taken_from_the_arrays_by_search():
    ids = np.array([2, 5, 9, 14], dtype=np.int64)
    tf = np.array([1.0, 2.0, 3.0, 4.0])
    docs, weights = collect._among(ids, tf, np.array([1, 5, 14, 20], dtype=np.int64))
    assert docs.tolist() == [5, 14] and weights.tolist() == [2.0, 4.0]
