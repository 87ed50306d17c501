"""Haystack's Whoosh backend, extended (not copied) for Duihua.

What changes, and why:
- a lean schema: text fields are not stored and not sortable (text is read from the database),
  the interview's metadata are exact ID/KEYWORD fields for filters and facets;
- the index lives in versions under PATH (archive/search/directory.py): a rebuild fills a new
  version while searches read the live one, then switches atomically, so it works from any
  damaged or incompatible index and a rebuild that dies leaves the old one serving;
- an index that cannot be read (damaged files, built with other fields) raises
  IndexUnavailable, logged once per process and kind of failure, instead of being replaced
  by an empty one as the stock backend does;
- writers wait for Whoosh's lock instead of giving up, so concurrent processes lose no update
  or delete, and `sync_interviews` reads the database only once it holds the lock;
- `search_passages` runs a prebuilt Whoosh query (see archive/search/query.py): each match is
  visited once, counted and scored (archive/search/collect.py), per interview from cached
  column arrays, and only the page shown is loaded.
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import numpy as np
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex
from whoosh.qparser import FuzzyTermPlugin, QueryParser

from . import collect, dense, merging, parallel
from .analysis import SpanText
from .directory import IndexDirectory
from .facet_counts import InterviewColumn
from .fields import DAY_FIELD, EXACT_FIELDS, MULTI_FIELDS, UNDATED
from .flushing import SegmentFlushWriter
from .speakers import SpeakerColumns, read_columns
from .speakers import count as count_speakers

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 120  # seconds a writer waits for another process to finish
WRITER_MEMORY_MB = 256  # Whoosh's default of 128 MB flushes small segments during a rebuild
# Segments as separate files, not one compound file: on Python 3, Whoosh 2.7 copies every
# file of a compound segment into memory when it opens it (BufferFile wraps the mapped bytes
# in a BytesIO), which held 525 MB per process at 100,000 pairs.
WRITER_OPTIONS = {"timeout": LOCK_TIMEOUT, "limitmb": WRITER_MEMORY_MB, "compound": False}


FACET_FIELDS = ("interviewee", "year", "outlet", "source", "topic")

# Facet values of every interview, read from the index once per index generation.
_facet_cache: dict[str, tuple[tuple, dict[str, tuple[tuple[str, str], ...]]]] = {}


@dataclass
class Columns:
    """Compact arrays (a few bytes a document, not a Python object each)."""

    interview: np.ndarray  # int64: interview pk of each document number (0 for none)
    day: np.ndarray  # int64: day number of each document's interview date (UNDATED for none)
    speakers: SpeakerColumns  # who asked and who answered, by facet and document number
    answers: np.ndarray = dataclass_field(default_factory=lambda: np.zeros(0, dtype=bool))
    interviews: InterviewColumn = dataclass_field(init=False)  # `interview` as rows, to count

    def __post_init__(self):
        self.interviews = InterviewColumn.of(self.interview)


_column_cache: dict[str, tuple[tuple, Columns]] = {}

Documents = Callable[[set[int]], Iterable[tuple]]  # interview ids → (search index, object)


class IndexUnavailable(RuntimeError):
    """The index cannot be read: damaged files, or built with other fields than these.

    `manage.py rebuild_index --clear` builds a new one from the database.
    """


@dataclass
class Hit:
    model: str  # "archive.answer"
    pk: int
    score: float


@dataclass
class HitPage:
    hits: list[Hit]
    total: int
    per_interview: Mapping[str, int]  # interview pk → number of matching documents
    per_speaker: dict[str, dict[str, int]]  # asker/answerer → value → matching documents
    # interview pk → documents matched only through the `through` query, not in `hits`
    through: dict[str, int] = dataclass_field(default_factory=dict)


class DuihuaWhooshBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.root = self.path  # PATH holds the versions; self.path becomes the live one
        self.directory = IndexDirectory(self.root)
        self.schema = None

    # Opening ---------------------------------------------------------------------------------

    def setup(self):
        """Open the live version, making an empty one on a first start.

        Unlike the stock setup, an index that cannot be opened is reported, never replaced
        by an empty one: search would quietly find nothing until someone noticed.
        """
        self.setup_complete = False
        self._drop_searcher()
        self._prepare_schema()
        self.path = str(self.directory.create_live(self.create_index))
        self.storage = FileStorage(self.path)
        self.index = self._open(self.storage)
        self.setup_complete = True

    def _prepare_schema(self) -> None:
        from haystack import connections

        if self.schema is not None:
            return
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        self.parser.add_plugins([FuzzyTermPlugin])

    def create_index(self, directory: Path) -> FileIndex:
        """A new, empty index in this directory."""
        self._prepare_schema()
        return FileStorage(str(directory)).create_index(self.schema)

    def _open(self, storage: FileStorage) -> FileIndex:
        try:
            built_with = storage.open_index().schema
            index = storage.open_index(schema=self.schema)
        except Exception as exc:
            raise IndexUnavailable(f"The search index in {self.path} cannot be opened.") from exc
        if _shape(built_with) != _shape(self.schema):
            raise IndexUnavailable(
                f"The search index in {self.path} was built with other fields than these."
            )
        return index

    def _follow_live(self) -> None:
        """Open the live version if it is not the one open here (a rebuild switched it)."""
        if not self.setup_complete or str(self.directory.live()) != self.path:
            self.setup()

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Any failure to read the index becomes IndexUnavailable, logged once."""
        try:
            yield
        except IndexUnavailable as exc:
            _report(self.root, self.path, exc)
            raise
        except Exception as exc:
            self._drop_searcher()
            unavailable = IndexUnavailable(f"The search index in {self.path} cannot be read.")
            unavailable.__cause__ = exc
            _report(self.root, self.path, unavailable)
            raise unavailable from exc
        else:
            _reported.pop(self.root, None)

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        lean = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        for field in fields.values():
            name = field.index_fieldname
            if name in EXACT_FIELDS:
                lean[name] = WHOOSH_ID(stored=True, sortable=name == "interview")
            elif name in MULTI_FIELDS:
                lean[name] = KEYWORD(stored=True, commas=True)
            elif name == DAY_FIELD:
                # Not DATETIME: its column fills a missing value with a number that is no date.
                lean[name] = NUMERIC(int, 32, signed=False, sortable=True, default=UNDATED)
            elif field.analyzer is not None:
                lean[name] = SpanText(analyzer=field.analyzer, field_boost=field.boost)
            else:
                lean[name] = schema[name]
        lean[content_field_name].spelling = False
        return content_field_name, Schema(**lean)

    # Writing -------------------------------------------------------------------------------

    def _writer(self):
        """A writer on the live version, once it holds the lock; if a rebuild switched
        versions while it waited, it moves to the new one."""
        while True:
            self._follow_live()
            self.index = self.index.refresh()
            writer = SegmentFlushWriter(self.index, **WRITER_OPTIONS)
            if str(self.directory.live()) == self.path:
                return writer
            writer.cancel()

    def update(self, index, iterable, commit=True):
        """Index objects, waiting for the lock rather than buffering in a thread."""
        writer = self._writer()
        try:
            for obj in iterable:
                writer.update_document(**self.whoosh_document(index, obj))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merging.keep_few)

    def remove(self, obj_or_string, commit=True):
        """Remove one document, waiting for the lock (the stock backend gives up at once)."""
        from haystack.utils import get_identifier

        writer = self._writer()
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit(mergetype=merging.keep_few)

    def optimize(self) -> None:
        """Merge every segment into one, as Whoosh does when asked to optimise."""
        self._writer().commit(mergetype=merging.merge_all)

    def whoosh_document(self, index, obj) -> dict:
        doc = index.full_prepare(obj)
        doc.pop("boost", None)
        return {key: self._from_python(value) for key, value in doc.items()}

    def sync_interviews(self, interview_ids: Iterable[int], documents: Documents) -> None:
        """Make the index hold exactly what `documents` returns for these interviews.

        `documents(ids)` is called once the lock is held and yields (search index, object)
        pairs read from the database, so of two processes the later one always writes the
        later state, and documents that no longer exist (or are unpublished) are deleted.
        """
        ids = {int(pk) for pk in interview_ids}
        if not ids:
            return
        self.directory.note_changed(ids)  # a rebuild running now re-reads them at its end
        writer = self._writer()
        self._replace(writer, ids, documents, existing=self.index.doc_count_all() > 0)

    def _replace(self, writer, ids: set[int], documents: Documents, *, existing: bool) -> None:
        """Delete the documents of these interviews and add `documents(ids)`, in one commit."""
        try:
            if existing:
                # One query for the whole batch: each delete_by_term would open every segment.
                writer.delete_by_query(wq.Or([wq.Term("interview", str(pk)) for pk in ids]))
            for index, obj in documents(ids):
                writer.add_document(**self.whoosh_document(index, obj))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merging.keep_few)

    def rebuild(
        self,
        published: Callable[[], list[int]],
        documents: Documents,
        batch_size: int = 200,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Build a new version from the database beside the live one, then switch to it.

        Needs nothing from the live index but its write lock, so it works from any damaged
        one. The interviews to index are listed once the new version is announced, so
        writers journal every change the listing may miss; those are re-read at the end,
        while writers wait. Returns the number of interviews indexed.
        """
        with self.directory.building() as version:
            index = self.create_index(version)
            ids = published()
            self._fill(index, ids, documents, batch_size, progress)
            with self.directory.writers_paused(LOCK_TIMEOUT):
                changed = self.directory.changed_during(version)
                if changed:
                    self._replace(self._new_writer(index), changed, documents, existing=True)
                self.directory.switch_to(version)
        self.setup()  # this process reads the new version at once; others at their next use
        return len(ids)

    def _fill(self, index: FileIndex, ids: list[int], documents: Documents, batch_size, progress):
        """Add every interview's documents, read from the database in batches, in one commit
        (committing each batch left 16 segments at 100,000 pairs): one segment per core, each
        written by a process of its own, when the archive is large enough
        (archive/search/parallel.py), else one segment written here."""
        parts = parallel.parts_for(ids, parallel.processes(), batch_size)
        if len(parts) > 1 and parallel.can_fork():
            parallel.write_parts(
                index, parts, documents, self.whoosh_document, WRITER_OPTIONS, batch_size, progress
            )
            return
        writer = self._new_writer(index)
        try:
            for start in range(0, len(ids), batch_size):
                batch = set(ids[start : start + batch_size])
                for index, obj in documents(batch):
                    writer.add_document(**self.whoosh_document(index, obj))
                if progress:
                    progress(len(batch))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merging.merge_all)

    def _new_writer(self, index: FileIndex):
        return SegmentFlushWriter(index, **WRITER_OPTIONS)

    def clear(self, models=None, commit=True):
        """Empty the index by switching to a new, empty version."""
        if models is not None:
            return super().clear(models, commit)
        self.rebuild(published=list, documents=lambda ids: ())

    def search(self, query_string, **kwargs):
        self._follow_live()
        return super().search(query_string, **kwargs)

    def indexed_documents(self) -> dict[str, str]:
        """Every document in the index: identifier → digest of its content."""
        with self._reading():
            self._follow_live()
            with self.index.refresh().searcher() as searcher:
                return {f[ID]: f.get("digest", "") for f in searcher.all_stored_fields()}

    def indexed_interviews(self) -> set[int]:
        """Primary keys of the interviews that have documents in the index."""
        with self._reading():
            self._follow_live()
            with self.index.refresh().searcher() as searcher:
                return {int(term) for term in searcher.lexicon("interview")}

    def document_count(self) -> int:
        """The number of documents, once everything a search reads has been read (for the
        health check): column files and stored fields, not the postings of every term."""
        with self._reading():
            searcher = self._searcher()
            self._columns(searcher)
            self.interview_facets()
            return searcher.doc_count()

    def interview_facets(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """interview pk → its (facet name, value) pairs, as stored in the index (cached per
        generation).

        Every change that alters an interview's facets re-syncs it, which writes a new index
        generation, so the cache can never be older than the index.
        """
        with self._reading():
            searcher = self._searcher()
            generation = self._generation()
            cached = _facet_cache.get(self.root)
            if cached and cached[0] == generation:
                return cached[1]
            mapping = {}
            for fields in searcher.documents(kind="interview"):
                mapping[fields["interview"]] = tuple(
                    (name, value)
                    for name in FACET_FIELDS
                    for value in str(fields.get(name) or "").split(",")
                    if value
                )
            _facet_cache[self.root] = (generation, mapping)
            return mapping

    def document_frequency(self, fieldname: str, term: str) -> int:
        """How many documents hold this term in this field: read from the term index, without
        visiting postings (the concordance's equivalents rank candidates by it)."""
        with self._reading():
            return self._searcher().doc_frequency(fieldname, term)

    def count_documents(
        self, query: wq.Query, answers_only: bool = False, checked: int | None = None
    ) -> int:
        """How many documents (or paragraph pairs) match a Whoosh query, counted as a search
        finds them (collect.count_matches; with `checked`, a phrase of common words is
        checked in a sample of that many documents and its count estimated), with no facet,
        page or filter set built (the concordance's equivalents count phrases with it)."""
        with self._reading():
            searcher = self._searcher()
            keep = self._columns(searcher).answers if answers_only else None
            return collect.count_matches(searcher, query, keep, checked)

    def index_generation(self) -> tuple:
        """Changes whenever the index does: what caches of search results are keyed by."""
        if not self.setup_complete:
            self.setup()
        return self._generation()

    @contextmanager
    def one_state(self) -> Iterator[None]:
        """Within, the index's generation is read once: everything one search reads (its
        hits, counts, facet values and names) comes from one state of the index, and the
        folder is not listed again for each of them."""
        if getattr(self, "_pinned", None) is not None:
            yield
            return
        try:
            self._follow_live()
            self._pinned = self._generation()
        except Exception:  # unreadable: the search itself reports it
            self._pinned = None
        try:
            yield
        finally:
            self._pinned = None

    def _generation(self) -> tuple:
        """Identifies the current index state: its version, and its generation within it."""
        if (pinned := getattr(self, "_pinned", None)) is not None:
            return pinned
        number = self.index.latest_generation()
        toc = os.path.join(self.path, TOC._filename(self.index.indexname, number))
        try:
            return self.path, number, os.stat(toc).st_mtime_ns
        except OSError:
            return self.path, number, None

    # Searching -------------------------------------------------------------------------------

    def search_passages(
        self,
        query: wq.Query,
        *,
        filters: wq.Query | None = None,
        through: wq.Query | None = None,
        newest_first: bool = False,
        page: int = 1,
        per_page: int = 20,
        answers_only: bool = False,
    ) -> HitPage:
        """One page of hits for a Whoosh query, with the number of hits per interview.

        Each match is visited once: counted (for the total and the per-interview counts, read
        from column arrays) and, unless the page is sorted by date, scored in the same pass.
        Documents that only `through` matches are counted per interview (and in the facets),
        never listed. `answers_only` keeps paragraph pairs only, checked in a column rather
        than by a filter (which would list every pair of the archive for each search).
        """
        with self._reading():
            return self._search_passages(
                query, filters, through, newest_first, page, per_page, answers_only
            )

    def _search_passages(
        self, query, filters, through, newest_first, page, per_page, answers_only=False
    ) -> HitPage:
        searcher = self._searcher()
        columns = self._columns(searcher)
        allowed = collect.term_docs(searcher, filters) if filters is not None else None
        start, end = (page - 1) * per_page, page * per_page
        if newest_first:  # one unscored pass: the page is the newest, ties in index order
            matched = collect.matching_docs(searcher, query, allowed)
            if answers_only:
                matched = matched[columns.answers[matched]]
            newest = collect.top_by_key(matched, end, columns.day)
            ranked = [(doc, 0.0) for doc in newest[start:]]
        else:  # one scored pass: every match counted and scored once (archive/search/collect.py)
            found = collect.scored_matches(searcher, query, allowed)
            if answers_only:
                found = found.where(columns.answers[found.docs])
            matched = found.docs
            ranked = collect.top_by_score(found, end)[start:]
        through_docs = collect.NO_DOCS
        if through is not None:
            through_docs = np.setdiff1d(collect.term_docs(searcher, through), matched)
            if allowed is not None:
                through_docs = np.intersect1d(through_docs, allowed)
        listed = np.concatenate([matched, through_docs])
        only_through = columns.interviews.count(through_docs).as_dict()
        per_interview = columns.interviews.count(listed)
        stored = _stored(searcher, [doc for doc, _ in ranked])
        hits = [
            Hit(fields[DJANGO_CT], int(fields[DJANGO_ID]), score)
            for fields, (_, score) in zip(stored, ranked, strict=True)
        ]
        return HitPage(
            hits=hits,
            total=len(matched),
            per_interview=per_interview,
            per_speaker=count_speakers(columns.speakers, listed),
            through=only_through,
        )

    def _searcher(self):
        """A searcher kept open between searches (opening one reads every segment), replaced
        when the index has changed. Backends are per thread, and so is the searcher."""
        self._follow_live()
        generation = self._generation()
        kept = getattr(self, "_kept_searcher", None)
        if kept and kept[0] == generation:
            return kept[1]
        self._drop_searcher()
        self.index = self.index.refresh()
        searcher = self.index.searcher()
        dense.ensure(searcher)  # an index written before they were: once, by the first search
        self._kept_searcher = (generation, searcher)
        return searcher

    def _drop_searcher(self) -> None:
        kept = getattr(self, "_kept_searcher", None)
        self._kept_searcher = None
        if kept:
            kept[1].close()

    def _columns(self, searcher) -> Columns:
        """Each document's interview, day and speakers, and whether it is a paragraph pair,
        by document number (cached per generation).

        A segment without a column (no document had a value) reads as the field's default.
        """
        generation = self._generation()
        cached = _column_cache.get(self.root)
        if cached and cached[0] == generation:
            return cached[1]
        reader = searcher.reader()
        count = reader.doc_count_all()
        if count:
            pks = (int(_text(value) or 0) for value in reader.column_reader("interview"))
            day = np.fromiter(reader.column_reader(DAY_FIELD), dtype=np.int64, count=count)
            speakers = read_columns(reader)
            answers = np.zeros(count, dtype=bool)
            answers[collect.term_docs(searcher, wq.Term(DJANGO_CT, "archive.answer"))] = True
            interview = np.fromiter(pks, dtype=np.int64, count=count)
            columns = Columns(interview, day, speakers, answers)
        else:  # an empty index has no columns to read
            nothing = np.zeros(0, dtype=np.int64)
            columns = Columns(interview=nothing, day=nothing, speakers={})
        _column_cache[self.root] = (generation, columns)
        return columns


# Index root → (version, kind of failure) last logged: each failure is logged once, not
# on every search that meets it, and again only after the index has recovered.
_reported: dict[str, tuple[str, str]] = {}


def _report(root: str, version: str, unavailable: IndexUnavailable) -> None:
    cause = unavailable.__cause__ or unavailable
    key = (version, type(cause).__name__)
    if _reported.get(root) == key:
        return
    _reported[root] = key
    logger.error(
        "Search is unavailable: %s Run `manage.py rebuild_index --clear` to rebuild it.",
        unavailable,
        exc_info=(type(cause), cause, cause.__traceback__),
    )


def _stored(searcher, docs: list[int]) -> list[dict]:
    """These documents' stored fields as their segments keep them: Whoosh's stored_fields
    also checks each of the fourteen names against the schema, which is most of its cost."""
    leaves = list(searcher.reader().leaf_readers())
    bases = [base for _, base in leaves]
    stored = []
    for doc in docs:
        reader, base = leaves[bisect.bisect_right(bases, doc) - 1]
        perdoc = getattr(reader, "_perdoc", None)
        if perdoc is None:  # not a segment of Whoosh's own codec
            stored.append(reader.stored_fields(doc - base))
        else:
            stored.append(perdoc.stored_fields(doc - base) or {})
    return stored


def _shape(schema: Schema) -> dict[str, tuple[str, str]]:
    """What must match between the schema an index was built with and this one. A SpanText
    field writes what Whoosh's TEXT writes, so an index built with either opens."""
    return {
        name: (
            "TEXT" if isinstance(field, TEXT) else type(field).__name__,
            type(field.column_type).__name__,
        )
        for name, field in schema.items()
    }


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


class DuihuaWhooshEngine(WhooshEngine):
    backend = DuihuaWhooshBackend
