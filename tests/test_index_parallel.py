"""A rebuild written by several processes (archive/search/parallel.py) holds what a single
writer's does: the same documents in the same order, the same terms, postings and lengths, in
one segment per process."""

import io
import os

import pytest
from django.core.management import call_command

from archive.search import documents, parallel, service
from archive.search.indexing import backend

from .factories import build_interview
from .index_checks import assert_index_matches_database, whoosh_text_fields

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def archive(search_index, monkeypatch):
    """Seven small published interviews, committed, so forked processes can read them."""
    monkeypatch.setattr(parallel, "MIN_PART", 2)  # parts of two interviews or more
    return [build_interview(2, 3, title_en=f"Interview number {n}") for n in range(7)]


def snapshot() -> dict:
    """Everything a search reads, by document number: stored fields, the terms of each field
    with their postings, and the columns."""
    with backend().index.refresh().searcher() as searcher:
        reader = searcher.reader()
        terms = {
            (field, text): list(reader.postings(field, text).items_as("weight"))
            for field, text in reader.all_terms()
        }
        return {
            "segments": len(searcher.leaf_searchers()),
            "stored": list(searcher.all_stored_fields()),
            "terms": terms,
            "interview": list(reader.column_reader("interview")),
            "day": list(reader.column_reader("day")),
            "lengths": {
                field: [reader.doc_field_length(doc, field) for doc in range(reader.doc_count())]
                for field in ("text", "text_han", "exact_en")
            },
        }


def rebuild(processes: int, monkeypatch, batch_size: int = 2) -> dict:
    monkeypatch.setattr(parallel, "processes", lambda: processes)
    call_command("rebuild_index", f"--batch-size={batch_size}", stdout=io.StringIO())
    return snapshot()


def test_parts_are_consecutive_whole_batches_nearly_equal(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PART", 2)
    ids = list(range(1, 12))
    assert parallel.parts_for(ids, 2, 2) == [ids[:6], ids[6:]]
    assert parallel.parts_for(ids, 3, 2) == [ids[:4], ids[4:8], ids[8:]]
    assert parallel.parts_for(ids, 2, 4) == [ids[:4], ids[4:]]  # 4/7 or 8/3: the nearer
    assert parallel.parts_for(ids, 1, 2) == [ids]
    assert parallel.parts_for(ids[:3], 2, 2) == [ids[:3]]  # too few for two parts
    assert parallel.parts_for([], 2, 2) == [[]]


def test_never_more_processes_than_segments_an_index_keeps(settings):
    settings.SEARCH_INDEX_PROCESSES = 16
    assert parallel.processes() == parallel.MAX_SEGMENTS
    settings.SEARCH_INDEX_PROCESSES = 1
    assert parallel.processes() == 1


def test_two_processes_build_the_index_one_writer_builds(archive, monkeypatch, tmp_path):
    record = tmp_path / "writers"
    real = documents.documents_for

    def noting_the_process(ids, using="default"):
        with record.open("a") as processes:
            processes.write(f"{os.getpid()}\n")
        yield from real(ids, using)

    def written_by() -> set[int]:
        found = {int(line) for line in record.read_text().split()}
        record.unlink()
        return found

    monkeypatch.setattr(documents, "documents_for", noting_the_process)
    single = rebuild(1, monkeypatch)
    assert written_by() == {os.getpid()}
    parallel_built = rebuild(2, monkeypatch)
    children = written_by()
    assert len(children) == 2 and os.getpid() not in children
    assert (single.pop("segments"), parallel_built.pop("segments")) == (1, 2)
    assert parallel_built == single
    assert_index_matches_database()
    found = service.search(service.SearchRequest(q="answer paragraph")).hits
    assert len(found) == 20  # a full first page, ranked as the single writer's index ranks


def test_progress_counts_every_interview(archive, monkeypatch):
    monkeypatch.setattr(parallel, "processes", lambda: 3)
    seen = []
    backend().rebuild(
        lambda: sorted(i.pk for i in archive),
        lambda ids: documents.documents_for(ids),
        batch_size=2,
        progress=seen.append,
    )
    assert sum(seen) == len(archive)
    assert_index_matches_database()


def test_a_part_that_fails_fails_the_rebuild_and_the_old_index_serves(archive, monkeypatch):
    before = rebuild(1, monkeypatch)
    live = backend().directory.live()
    last = max(i.pk for i in archive)
    real = documents.documents_for

    def failing_at_the_end(ids, using="default"):
        if last in ids:
            raise RuntimeError("the database went away")
        yield from real(ids, using)

    monkeypatch.setattr(documents, "documents_for", failing_at_the_end)
    with pytest.raises(parallel.PartFailed, match="the database went away"):
        rebuild(2, monkeypatch)
    assert backend().directory.live() == live
    assert snapshot() == before


def test_inside_a_transaction_the_rebuild_stays_in_one_process(archive, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(parallel, "write_parts", None)  # calling it would fail
    with transaction.atomic():
        assert not parallel.can_fork()
        rebuild(2, monkeypatch)
    assert_index_matches_database()


def segment_files(directory) -> dict[str, bytes]:
    """The segment's files by extension (segment names are random)."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in directory.iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }


# Memory limits (MB) for the pool: all in memory; spilled in some 40 runs; spilled in more runs
# than the pool merges at once, so the stock pool's merging of runs into runs is taken.
POOL_LIMITS = [128, 0.05, 0.004]


@pytest.mark.parametrize("limitmb", POOL_LIMITS)
def test_the_flush_with_lengths_in_memory_writes_the_same_segment(tmp_path, limitmb):
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import SegmentWriter

    from archive.search.flushing import PostingsCodec, SegmentFlushWriter

    backend().setup()
    texts = [
        ("可持续发展是我们的目标。", "Sustainable development is our goal."),
        ("绿色工业需要投资", "Green industries need investment, and more of it."),
        ("", "An English paragraph with no Chinese side at all"),
        ("只有中文", ""),
    ] * 150  # a term of each text fills more than one block of 128 postings
    built = {}
    for name, writer_class in (("stock", SegmentWriter), ("kept", SegmentFlushWriter)):
        directory = tmp_path / name
        directory.mkdir()
        schema = backend().schema if name == "kept" else whoosh_text_fields(backend().schema)
        index = FileStorage(str(directory)).create_index(schema)
        writer = writer_class(index, compound=False, limitmb=limitmb, codec=PostingsCodec())
        for number, (zh, en) in enumerate(texts):
            writer.add_document(
                id=f"archive.answer.{number}",
                text=f"{zh}\n{en}",
                text_zh=zh,
                text_en=en,
                text_han=zh,
                exact_zh=zh,
                exact_en=en,
                kind="answer",
                interview=str(number % 7),
                day=number,
            )
        if name == "kept":
            runs = len(writer.pool.runs)
        writer.commit()
        built[name] = segment_files(directory)
        assert not list(directory.rglob("*.run"))  # every run read and removed
    assert (runs > 128) if limitmb < 0.01 else (runs > 10) if limitmb < 1 else runs == 0
    arrays = {kind for kind in built["kept"] if kind.startswith("dense_")}
    assert arrays == {"dense_ids.npy", "dense_tf.npy", "dense_terms.json"}  # beside Whoosh's
    whoosh_files = {kind: data for kind, data in built["kept"].items() if kind not in arrays}
    assert whoosh_files.keys() == built["stock"].keys()
    assert {"pst", "trm"} <= whoosh_files.keys()
    assert [k for k in whoosh_files if whoosh_files[k] != built["stock"][k]] == []
    assert whoosh_files == built["stock"]


def test_each_process_writes_the_arrays_of_its_segment(archive, monkeypatch):
    from archive.search import dense

    monkeypatch.setattr(dense, "DENSE_MIN", 2)
    rebuild(2, monkeypatch)
    with backend().index.refresh().searcher() as searcher:
        leaves = searcher.leaf_searchers()
        assert len(leaves) == 2
        for sub, _ in leaves:
            reader = sub.reader()
            dense_terms = 0
            for field, text in reader.all_terms():
                if not searcher.schema[field].scorable:
                    continue
                term = searcher.schema[field].from_bytes(text)
                arrays = dense.postings(reader, field, term)
                postings = list(reader.postings(field, text).items_as("weight"))
                if len(postings) < dense.DENSE_MIN:
                    assert arrays is None
                    continue
                dense_terms += 1
                assert arrays[0].tolist() == [doc for doc, _ in postings]
                assert arrays[1].tolist() == [weight for _, weight in postings]
            assert dense_terms > 10


def test_small_posting_blocks_are_left_uncompressed_and_read_the_same(tmp_path):
    """The codec's only change to Whoosh's: blocks of a few postings are not compressed. The
    same documents written with Whoosh's codec and with it read back the same postings, and
    the segment is smaller."""
    from whoosh.codec.whoosh3 import W3Codec
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import SegmentWriter

    from archive.search import blocks
    from archive.search.flushing import SMALL_BLOCK, PostingsCodec

    backend().setup()
    schema = whoosh_text_fields(backend().schema)
    words = [f"word{number}" for number in range(60)]
    readers = {}
    for name, codec in (("whoosh", W3Codec()), ("small", PostingsCodec())):
        directory = tmp_path / name
        directory.mkdir()
        index = FileStorage(str(directory)).create_index(schema)
        writer = SegmentWriter(index, compound=False, codec=codec)
        for number in range(400):  # word0 in every document, word59 in a few
            text = " ".join(words[: 1 + number % 60]) + f" 第{number}段"
            writer.add_document(
                id=f"archive.answer.{number}", text=text, text_en=text, text_han=text
            )
        writer.commit()
        readers[name] = FileStorage(str(directory)).open_index().reader()
        readers[name + "_size"] = sum(path.stat().st_size for path in directory.glob("*.pst"))
    whoosh, small = readers["whoosh"], readers["small"]
    terms = list(whoosh.all_terms())
    assert terms == list(small.all_terms()) and len(terms) > 100
    sizes = {len(list(whoosh.postings(*term).all_ids())) for term in terms}
    assert min(sizes) < SMALL_BLOCK < 128 < max(sizes)  # small, compressed and several blocks
    for field, text in terms:
        expected = list(whoosh.postings(field, text).items_as("weight"))
        assert list(small.postings(field, text).items_as("weight")) == expected
        if schema[field].format.supports("positions"):
            got = list(small.postings(field, text).items_as("positions"))
            assert got == list(whoosh.postings(field, text).items_as("positions"))
        docs, frequencies, _ = blocks.read_blocks(small.postings(field, text))
        assert docs.tolist() == [doc for doc, _ in expected]
        assert frequencies.tolist() == [weight for _, weight in expected]
    assert readers["small_size"] < readers["whoosh_size"]
