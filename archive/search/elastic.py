"""Haystack's Elasticsearch 7 backend, extended for Duihua: the same SearchIndex classes, the
analysis of archive/search/elasticsearch.json (checked against them by elastic_mapping), and
the index upkeep that archive/search/indexing.py asks of every backend.

Selected by SEARCH_URL=elasticsearch://host:9200/index (archive/search/engines.py). Importing
this module needs the 7.x Elasticsearch client (`pip install elasticsearch==7.17.12`), which
the default install, on Whoosh, does without; the server needs the analysis-icu plugin.

What differs from the Whoosh backend (archive/search/backend.py):
- `sync_interviews` writes the new documents of the interviews first, then deletes those of
  theirs that are no longer wanted, so a search never sees an interview without its passages;
  there is no write lock, so two processes syncing the same interview at once may interleave
  (the queue's later task repairs it);
- `rebuild` empties the index and fills it again, in batches: searches meanwhile see part of
  the archive, where Whoosh builds a new version beside the live one and switches;
- the search page's passage query is Whoosh's (see archive/search/service.py, passages).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from contextlib import contextmanager

import elasticsearch
from haystack.backends.elasticsearch7_backend import (
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchEngine,
)
from haystack.utils import get_identifier

from . import elastic_mapping
from .backend import Documents, IndexUnavailable

logger = logging.getLogger(__name__)


class DuihuaElasticsearchBackend(Elasticsearch7SearchBackend):
    # Haystack creates the index with this body: the analysis, and the fields at once.
    DEFAULT_SETTINGS = elastic_mapping.index_body()

    def build_schema(self, fields):
        content_field_name = next(f.index_fieldname for f in fields.values() if f.document)
        return content_field_name, elastic_mapping.properties(fields)

    def _get_current_mapping(self, field_mapping):
        # A document with a field the mapping lacks is refused, not mapped by guesswork.
        return {**elastic_mapping.index_body()["mappings"], "properties": field_mapping}

    def sync_interviews(self, interview_ids: Iterable[int], documents: Documents) -> None:
        """Make the index hold exactly what `documents` returns for these interviews."""
        ids = sorted({int(pk) for pk in interview_ids})
        if not ids:
            return
        kept = self._add(documents(set(ids)))
        stale = {
            "bool": {
                "filter": [{"terms": {"interview": [str(pk) for pk in ids]}}],
                "must_not": [{"ids": {"values": kept}}],
            }
        }
        with self._reporting():
            self.conn.delete_by_query(
                index=self.index_name, body={"query": stale}, conflicts="proceed", refresh=True
            )

    def rebuild(
        self,
        published: Callable[[], list[int]],
        documents: Documents,
        batch_size: int = 200,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Empty the index (with the current analysis and mapping) and index every published
        interview, `batch_size` interviews per bulk request. Returns how many were indexed."""
        self.clear()
        with self._reporting():
            self.setup()
        ids = published()
        for start in range(0, len(ids), batch_size):
            batch = set(ids[start : start + batch_size])
            self._add(documents(batch))
            if progress:
                progress(len(batch))
        with self._reporting():
            self.conn.indices.refresh(index=self.index_name)
        return len(ids)

    def _add(self, pairs: Iterable[tuple]) -> list[str]:
        """Index (search index, object) pairs through Haystack's bulk update, one request per
        kind of document; returns their identifiers."""
        identifiers = []
        for index, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
            objects = [obj for _, obj in group]
            with self._reporting():
                self.update(index, objects, commit=False)
            identifiers += [get_identifier(obj) for obj in objects]
        return identifiers

    def document_count(self) -> int:
        """The number of documents in the index (for the health check)."""
        with self._reporting():
            return self.conn.count(index=self.index_name)["count"]

    @contextmanager
    def _reporting(self):
        """Turn the client's errors (server down, index missing, documents refused) into
        IndexUnavailable, logged."""
        try:
            yield
        except elasticsearch.ElasticsearchException as exc:
            logger.error("Elasticsearch index %r: %s", self.index_name, exc)
            raise IndexUnavailable(
                f"The Elasticsearch index {self.index_name!r} cannot be used: {exc}"
            ) from exc


class DuihuaElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = DuihuaElasticsearchBackend
