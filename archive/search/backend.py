"""Haystack's Whoosh backend, extended (not copied) for Duihua.

What changes, and why:
- a lean schema: text fields are not stored and not sortable (text is read from the database),
  the interview's metadata are exact ID/KEYWORD fields for filters and facets;
- writers wait for Whoosh's lock instead of giving up, so concurrent processes lose no update
  or delete, and `sync_interviews` reads the database only once it holds the lock;
- a rebuild replaces documents interview by interview, each batch in one commit, so searches
  never see an empty index while it runs (`manage.py rebuild_index`);
- `search_passages` runs a prebuilt Whoosh query (see archive/search/query.py): matches are
  counted without scoring, per interview from cached column arrays, and only the page shown
  is scored.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh import query as wq
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, NUMERIC, TEXT, Schema
from whoosh.index import TOC

from .fields import DAY_FIELD, UNDATED

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = 120  # seconds a writer waits for another process to finish
WRITER_MEMORY_MB = 256  # Whoosh's default of 128 MB flushes small segments during a rebuild
EXACT_FIELDS = {"kind", "interview", "year", "outlet", "source", "digest"}
MULTI_FIELDS = {"interviewee", "topic"}


FACET_FIELDS = ("interviewee", "year", "outlet", "source", "topic")

# Facet values of every interview, read from the index once per index generation.
_facet_cache: dict[str, tuple[tuple, dict[str, dict[str, list[str]]]]] = {}


@dataclass
class Columns:
    interview: list[str]  # interview pk of each document number ("" for none)
    day: list[int]  # day number of each document's interview date (UNDATED for none)


_column_cache: dict[str, tuple[tuple, Columns]] = {}


@dataclass
class Hit:
    model: str  # "archive.answer"
    pk: int
    score: float


@dataclass
class HitPage:
    hits: list[Hit]
    total: int
    per_interview: dict[str, int]  # interview pk → number of matching documents


class DuihuaWhooshBackend(WhooshSearchBackend):
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
                lean[name] = TEXT(analyzer=field.analyzer, field_boost=field.boost, phrase=True)
            else:
                lean[name] = schema[name]
        lean[content_field_name].spelling = False
        return content_field_name, Schema(**lean)

    # Writing -------------------------------------------------------------------------------

    def _writer(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index.writer(timeout=LOCK_TIMEOUT, limitmb=WRITER_MEMORY_MB)

    def update(self, index, iterable, commit=True):
        """Index objects, waiting for the lock rather than buffering in a thread."""
        writer = self._writer()
        try:
            for obj in iterable:
                writer.update_document(**self.whoosh_document(index, obj))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove(self, obj_or_string, commit=True):
        """Remove one document, waiting for the lock (the stock backend gives up at once)."""
        from haystack.utils import get_identifier

        writer = self._writer()
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()

    def whoosh_document(self, index, obj) -> dict:
        doc = index.full_prepare(obj)
        doc.pop("boost", None)
        return {key: self._from_python(value) for key, value in doc.items()}

    def sync_interviews(
        self, interview_ids: Iterable[int], documents: Callable[[set[int]], Iterable[tuple]]
    ) -> None:
        """Make the index hold exactly what `documents` returns for these interviews.

        `documents(ids)` is called once the lock is held and yields (search index, object)
        pairs read from the database, so of two processes the later one always writes the
        later state, and documents that no longer exist (or are unpublished) are deleted.
        """
        ids = {int(pk) for pk in interview_ids}
        if not ids:
            return
        writer = self._writer()
        try:
            if self.index.doc_count_all():
                # One query for the whole batch: each delete_by_term would open every segment.
                writer.delete_by_query(wq.Or([wq.Term("interview", str(pk)) for pk in ids]))
            for index, obj in documents(ids):
                writer.add_document(**self.whoosh_document(index, obj))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def indexed_documents(self) -> dict[str, str]:
        """Every document in the index: identifier → digest of its content."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.searcher() as searcher:
            return {fields[ID]: fields.get("digest", "") for fields in searcher.all_stored_fields()}

    def indexed_interviews(self) -> set[int]:
        """Primary keys of the interviews that have documents in the index."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.searcher() as searcher:
            return {int(term) for term in searcher.lexicon("interview")}

    def interview_facets(self) -> dict[str, dict[str, list[str]]]:
        """interview pk → facet name → values, as stored in the index (cached per generation).

        Every change that alters an interview's facets re-syncs it, which writes a new index
        generation, so the cache can never be older than the index.
        """
        if not self.setup_complete:
            self.setup()
        generation = self._generation()
        cached = _facet_cache.get(self.path)
        if cached and cached[0] == generation:
            return cached[1]
        mapping = {}
        with self.index.searcher() as searcher:
            for fields in searcher.documents(kind="interview"):
                mapping[fields["interview"]] = {
                    name: [v for v in str(fields.get(name) or "").split(",") if v]
                    for name in FACET_FIELDS
                }
        _facet_cache[self.path] = (generation, mapping)
        return mapping

    def index_generation(self) -> tuple:
        """Changes whenever the index does: what caches of search results are keyed by."""
        if not self.setup_complete:
            self.setup()
        return self._generation()

    def _generation(self) -> tuple:
        """Identifies the current index state, also across a clear (which restarts numbering)."""
        number = self.index.latest_generation()
        toc = os.path.join(self.path, TOC._filename(self.index.indexname, number))
        try:
            return number, os.stat(toc).st_mtime_ns
        except OSError:
            return number, None

    # Searching -------------------------------------------------------------------------------

    def search_passages(
        self,
        query: wq.Query,
        *,
        filters: wq.Query | None = None,
        newest_first: bool = False,
        page: int = 1,
        per_page: int = 20,
    ) -> HitPage:
        """One page of hits for a Whoosh query, with the number of hits per interview.

        All matches are found without scoring (for the total and the per-interview counts,
        read from column arrays); only the requested page is scored, which lets Whoosh skip
        blocks of postings that cannot reach the top.
        """
        searcher = self._searcher()
        columns = self._columns(searcher)
        allowed = set(searcher.docs_for_query(filters)) if filters is not None else None
        matched = [
            doc for doc in searcher.docs_for_query(query) if allowed is None or doc in allowed
        ]
        per_interview = Counter(map(columns.interview.__getitem__, matched))
        per_interview.pop("", None)
        start = (page - 1) * per_page
        if start >= len(matched):
            ranked = []
        elif newest_first:
            matched.sort(key=columns.day.__getitem__, reverse=True)
            ranked = [(doc, 0.0) for doc in matched[start : start + per_page]]
        else:
            results = searcher.search(query, limit=start + per_page, filter=allowed)
            ranked = [
                (results.docnum(i), results.score(i) or 0.0)
                for i in range(start, min(start + per_page, results.scored_length()))
            ]
        hits = []
        for doc, score in ranked:
            fields = searcher.stored_fields(doc)
            hits.append(Hit(fields[DJANGO_CT], int(fields[DJANGO_ID]), score))
        return HitPage(hits=hits, total=len(matched), per_interview=dict(per_interview))

    def _searcher(self):
        """A searcher kept open between searches (opening one reads every segment), replaced
        when the index has changed. Backends are per thread, and so is the searcher."""
        if not self.setup_complete:
            self.setup()
        generation = self._generation()
        kept = getattr(self, "_kept_searcher", None)
        if kept and kept[0] == generation:
            return kept[1]
        if kept:
            kept[1].close()
        self.index = self.index.refresh()
        searcher = self.index.searcher()
        self._kept_searcher = (generation, searcher)
        return searcher

    def _columns(self, searcher) -> Columns:
        """Each document's interview and day, by document number (cached per generation).

        A segment without a column (no document had a value) reads as the field's default.
        """
        generation = self._generation()
        cached = _column_cache.get(self.path)
        if cached and cached[0] == generation:
            return cached[1]
        reader = searcher.reader()
        if reader.doc_count_all():
            interview = [_text(value) for value in reader.column_reader("interview")]
            columns = Columns(interview=interview, day=list(reader.column_reader(DAY_FIELD)))
        else:  # an empty index has no columns to read
            columns = Columns(interview=[], day=[])
        _column_cache[self.path] = (generation, columns)
        return columns


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


class DuihuaWhooshEngine(WhooshEngine):
    backend = DuihuaWhooshBackend
