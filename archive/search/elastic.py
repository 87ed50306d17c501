"""Haystack's Elasticsearch 7 backend, extended for Duihua: the same SearchIndex classes, the
analysis of archive/search/elasticsearch.json (checked against them by elastic_mapping), and
the index upkeep that archive/search/indexing.py asks of every backend.

Selected by SEARCH_URL=elasticsearch://host:9200/index (archive/search/engines.py). Importing
this module needs the 7.x Elasticsearch client (requirements-elasticsearch.txt), which
the default install, on Whoosh, does without; the server needs the analysis-icu plugin.

What differs from the Whoosh backend (archive/search/backend.py):
- `sync_interviews` writes the new documents of the interviews first, then deletes those of
  theirs that are no longer wanted, so a search never sees an interview without its passages;
  there is no write lock, so two processes syncing the same interview at once may interleave
  (the queue's later task repairs it);
- `rebuild` empties the index and fills it again, in batches: searches meanwhile see part of
  the archive, where Whoosh builds a new version beside the live one and switches;
- the search page's query is built from the parse by archive/search/elastic_query.py and
  analysed by the server; counts per interview and speaker are terms aggregations (up to
  MAX_BUCKETS values each), so ranking is Elasticsearch's BM25 over its own segmentation;
- the concordance (archive/concordance/) reads Whoosh's index only.
"""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from haystack.constants import DJANGO_CT, DJANGO_ID
from haystack.utils import get_identifier

from . import elastic_mapping, elastic_query
from .backend import FACET_FIELDS, Documents, Hit, HitPage, IndexUnavailable
from .engines import CLIENT_MISSING
from .fields import DAY_FIELD
from .query import ParsedQuery
from .speakers import SPEAKER_FACETS

try:
    import elasticsearch
    from elasticsearch.helpers import scan
    from haystack.backends.elasticsearch7_backend import (
        Elasticsearch7SearchBackend,
        Elasticsearch7SearchEngine,
    )
except ImportError as exc:  # SEARCH_URL names Elasticsearch on a machine without its client
    raise ImproperlyConfigured(f"SEARCH_URL names Elasticsearch, but {CLIENT_MISSING}") from exc

logger = logging.getLogger(__name__)

MAX_BUCKETS = 10_000  # interviews, askers, answerers counted per search (search.max_buckets)
COUNTED = ("interview", *SPEAKER_FACETS)

# Index → (generation, facet values of every interview), as the Whoosh backend keeps them.
_facet_cache: dict[str, tuple[tuple, dict[str, dict[str, list[str]]]]] = {}


class DuihuaElasticsearchBackend(Elasticsearch7SearchBackend):
    # Haystack creates the index with this body: the analysis, and the fields at once.
    DEFAULT_SETTINGS = elastic_mapping.index_body()

    def build_schema(self, fields):
        content_field_name = next(f.index_fieldname for f in fields.values() if f.document)
        return content_field_name, elastic_mapping.properties(fields)

    def _get_current_mapping(self, field_mapping):
        # A document with a field the mapping lacks is refused, not mapped by guesswork.
        return {**elastic_mapping.index_body()["mappings"], "properties": field_mapping}

    def clear(self, models=None, commit=True):
        """Empty the index; with no models, delete it and create it again at once, empty, with
        the current analysis and fields (as Whoosh switches to an empty version), so that
        searches find nothing rather than a missing index."""
        with self._reporting():
            super().clear(models, commit)
            if models is None:
                self.setup()

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

    def optimize(self) -> None:
        """Merge the index's segments into one, as Whoosh does when asked to optimise."""
        with self._reporting():
            self.conn.indices.forcemerge(index=self.index_name, max_num_segments=1)

    def indexed_documents(self) -> dict[str, str]:
        """Every document in the index: identifier → digest of its content."""
        return {doc["_id"]: doc["_source"].get("digest", "") for doc in self._every("digest")}

    def indexed_interviews(self) -> set[int]:
        """Primary keys of the interviews that have documents in the index."""
        return {int(doc["_source"]["interview"]) for doc in self._every("interview")}

    def _every(self, *fields: str) -> list[dict]:
        """Every document, with these fields of its source (scrolled, not paged)."""
        with self._reporting():
            return list(scan(self.conn, index=self.index_name, query={"_source": list(fields)}))

    # Searching ---------------------------------------------------------------------------

    def search_parsed(
        self,
        parsed: ParsedQuery,
        *,
        language: str,
        filters: dict[str, str],
        through: bool,
        newest_first: bool,
        page: int,
        per_page: int,
    ) -> HitPage:
        """One page of hits for a parsed query, counted per interview and speaker, as the
        Whoosh backend's search_passages answers; `through` also counts (never lists) the
        passages that only the named interviewees' interviews match."""
        query = elastic_query.passage_query(parsed, language)
        narrowing = elastic_query.filter_clauses(filters)
        body = {
            "query": {"bool": {"must": [query], "filter": narrowing}},
            "from": (page - 1) * per_page,
            "size": per_page,
            "track_total_hits": True,
            "_source": [DJANGO_CT, DJANGO_ID],
            "aggs": _counting(),
        }
        if newest_first:
            body["sort"] = [{DAY_FIELD: "desc"}, "_doc"]
        found = self._search(body)
        counts = {name: _buckets(found, name) for name in COUNTED}
        only_through: dict[str, int] = {}
        extra = elastic_query.through_query(parsed) if through else None
        if extra is not None:
            also = {"bool": {"must": [extra], "must_not": [query], "filter": narrowing}}
            more = self._search({"query": also, "size": 0, "aggs": _counting()})
            only_through = _buckets(more, "interview")
            for name in COUNTED:
                counts[name] = dict(Counter(counts[name]) + Counter(_buckets(more, name)))
        hits = [
            Hit(hit["_source"][DJANGO_CT], int(hit["_source"][DJANGO_ID]), hit["_score"] or 0.0)
            for hit in found["hits"]["hits"]
        ]
        return HitPage(
            hits=hits,
            total=found["hits"]["total"]["value"],
            per_interview=counts["interview"],
            per_speaker={name: counts[name] for name in SPEAKER_FACETS},
            through=only_through,
        )

    def _search(self, body: dict) -> dict:
        with self._reporting():
            return self.conn.search(index=self.index_name, body=body)

    def interview_facets(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """interview pk → its (facet name, value) pairs, as Whoosh's backend gives them, read
        from the interviews' documents (cached per index generation)."""
        generation = self.index_generation()
        cached = _facet_cache.get(self.index_name)
        if cached and cached[0] == generation:
            return cached[1]
        wanted = {"query": {"term": {"kind": "interview"}}, "_source": ["interview", *FACET_FIELDS]}
        with self._reporting():
            mapping = {
                doc["_source"]["interview"]: tuple(
                    (name, value)
                    for name in FACET_FIELDS
                    for value in _values(doc["_source"].get(name))
                )
                for doc in scan(self.conn, index=self.index_name, query=wanted)
            }
        _facet_cache[self.index_name] = (generation, mapping)
        return mapping

    def index_generation(self) -> tuple:
        """Changes whenever documents are written or deleted: what cached facet counts are
        keyed by. (The server's counters restart with it; cached counts live an hour.)"""
        with self._reporting():
            stats = self.conn.indices.stats(index=self.index_name, metric="indexing,docs")
        primaries = stats["_all"]["primaries"]
        indexing = primaries["indexing"]
        return (
            self.index_name,
            indexing["index_total"],
            indexing["delete_total"],
            primaries["docs"]["count"],
        )

    def document_count(self) -> int:
        """The number of documents in the index (for the health check)."""
        with self._reporting():
            return self.conn.count(index=self.index_name)["count"]

    @contextmanager
    def _reporting(self):
        """Create the index on first use, and turn the client's errors (server down, mapping
        refused, documents refused) into IndexUnavailable, logged."""
        try:
            if not self.setup_complete:
                self.setup()
            yield
        except elasticsearch.ElasticsearchException as exc:
            logger.error("Elasticsearch index %r: %s", self.index_name, exc)
            raise IndexUnavailable(
                f"The Elasticsearch index {self.index_name!r} cannot be used: {exc}"
            ) from exc


def _counting() -> dict:
    """Terms aggregations: matching documents per interview, asker and answerer."""
    return {name: {"terms": {"field": name, "size": MAX_BUCKETS}} for name in COUNTED}


def _buckets(response: dict, name: str) -> dict[str, int]:
    return {b["key"]: b["doc_count"] for b in response["aggregations"][name]["buckets"]}


def _values(value) -> list[str]:
    """A facet field's value in a document's source, as a list of strings."""
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class DuihuaElasticsearchEngine(Elasticsearch7SearchEngine):
    backend = DuihuaElasticsearchBackend
