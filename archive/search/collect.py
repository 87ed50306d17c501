"""Find every match of a query once, with its score: what a page, its total and its facets need.

Whoosh's own way visits each match twice (`docs_for_query` to count, a `TopCollector` to rank),
and its block-quality skipping does not help here: for a frequent word the per-block upper
bounds of BM25 stay above the twentieth score, so every match is scored anyway, and scoring one
reads its field length through three layers of column readers (most of the time of 我 or 的).

So a query is collected in one pass, into arrays: the matching document numbers in order and
their scores (`Found`). A query made of terms and exact phrases with OR, AND and NOT (most of
what people type) is read from its postings (a frequent term's arrays, dense.py; else its
blocks, blocks.py) and scored in bulk with numpy, with each segment's field lengths read once
per index generation; the arithmetic is Whoosh's BM25F, in
the same order, so the scores and the ranking are Whoosh's to the last bit. Any other query
(a loose phrase) is scored by Whoosh's matchers, in the same single pass that counts it.
Counting per interview and per speaker is then a matter of indexing the column arrays with the
matching documents (backend.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from . import blocks, dense
from .blocks import DOC, NO_DOCS, NO_SCORES


@dataclass(frozen=True)
class Found:
    """Matching documents, ascending and distinct, and each one's score."""

    docs: np.ndarray  # int64
    scores: np.ndarray  # float64, beside docs

    def __len__(self) -> int:
        return len(self.docs)

    def where(self, keep: np.ndarray) -> Found:
        """Those whose entry in the boolean array `keep` is true."""
        return Found(self.docs[keep], self.scores[keep])

    def within(self, docs: np.ndarray) -> Found:
        """Those among the sorted documents `docs`."""
        return self.where(np.isin(self.docs, docs, assume_unique=True))

    def at(self, docs: np.ndarray) -> np.ndarray:
        """The scores of these documents, every one of which is found here."""
        return self.scores[np.searchsorted(self.docs, docs)]


NOTHING = Found(NO_DOCS, NO_SCORES)


def docs_array(docs) -> np.ndarray:
    """Sorted, distinct document numbers from any iterable of them."""
    return np.unique(np.fromiter(docs, dtype=DOC))


def scored_matches(searcher, query: wq.Query, allowed: np.ndarray | None = None) -> Found:
    """Every document matching `query` (and in `allowed`, sorted, if given) with Whoosh's
    score."""
    found = _bulk_scores(searcher, query, allowed) if _bulk_scorable(searcher, query) else None
    if found is None:
        found = _matcher_scores(searcher, query)
        if allowed is not None:
            found = found.within(allowed)
    return found


def count_matches(
    searcher, query: wq.Query, keep: np.ndarray | None = None, checked: int | None = None
) -> int:
    """How many documents match `query` (of those whose entry in the boolean array `keep` is
    true, if given).

    With `checked`, a phrase whose rarest word is in more documents than that is checked
    only in an even sample of `checked` of those (reading the other words' postings and
    positions there only, the costly part) and the count scaled to all of them: an
    estimate, exact below the bound.
    """

    def kept(docs: np.ndarray) -> np.ndarray:
        return docs if keep is None else docs[keep[docs]]

    if not _bulk_scorable(searcher, query):
        return len(kept(docs_array(searcher.docs_for_query(query))))
    if checked and type(query) is wq.Phrase and query.slop == 1 and len(query.words) > 1:
        field = query.fieldname
        rarest = min(set(query.words), key=lambda word: searcher.doc_frequency(field, word))
        holding = kept(_term_scores(searcher, wq.Term(field, rarest)).docs)
        if len(holding) > checked:
            step = len(holding) / checked
            chosen = np.unique(holding[(np.arange(checked) * step).astype(DOC)])
            found = _phrase_scores(searcher, query, chosen)
            return round(len(found if found is not None else NOTHING) * len(holding) / len(chosen))
    found = _bulk_scores(searcher, query)
    return len(kept(found.docs)) if found is not None else 0


def matching_docs(searcher, query: wq.Query, allowed: np.ndarray | None = None) -> np.ndarray:
    """Every document matching `query` (and in `allowed`), in document order: what
    scored_matches finds, its scores left aside (computing them in bulk costs less than a
    second way of reading the postings)."""
    return scored_matches(searcher, query, allowed).docs


def term_docs(searcher, query: wq.Query) -> np.ndarray:
    """The documents matching a term, or an AND or OR of terms (filters, interviewees),
    read from whole blocks of postings; any other query through Whoosh's matchers."""
    kind = type(query)
    if kind is wq.Term:
        parts = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if (query.fieldname, query.text) in reader:
                arrays = dense.postings(reader, query.fieldname, query.text)
                if arrays is None:
                    arrays = blocks.read(reader.postings(query.fieldname, query.text))
                parts.append(arrays[0] + offset)
        return np.concatenate(parts) if parts else NO_DOCS
    if kind in (wq.And, wq.Or) and query.subqueries:
        parts = [term_docs(searcher, sub) for sub in query.subqueries]
        combine = np.intersect1d if kind is wq.And else np.union1d
        docs = parts[0]
        for part in parts[1:]:
            docs = combine(docs, part)
        return docs
    return docs_array(searcher.docs_for_query(query))


def top_by_score(found: Found, count: int) -> list[tuple[int, float]]:
    """The `count` best (document, score) pairs, ties in document order, as Whoosh ranks.

    The count-th best score is found first (a partial sort), so only the documents that reach
    it are sorted."""
    if count <= 0 or not len(found):
        return []
    chosen = np.arange(len(found))
    if len(found) > count:
        floor = np.partition(found.scores, len(found) - count)[len(found) - count]
        chosen = np.flatnonzero(found.scores >= floor)
    order = chosen[np.lexsort((found.docs[chosen], -found.scores[chosen]))][:count]
    return list(zip(found.docs[order].tolist(), found.scores[order].tolist(), strict=True))


def top_by_key(docs: np.ndarray, count: int, key: np.ndarray) -> list[int]:
    """The `count` documents with the largest value in the array `key`, ties in document
    order."""
    if count <= 0 or not len(docs):
        return []
    values = key[docs]
    chosen = np.arange(len(docs))
    if len(docs) > count:
        floor = np.partition(values, len(docs) - count)[len(docs) - count]
        chosen = np.flatnonzero(values >= floor)
    return docs[chosen[np.lexsort((docs[chosen], -values[chosen]))][:count]].tolist()


def _bulk_scores(searcher, query: wq.Query, only: np.ndarray | None = None) -> Found | None:
    """Scores of a query built from terms and exact phrases with OR, AND and AND NOT (in
    the sorted documents `only`, if given), summed as Whoosh's union and intersection
    matchers sum them; None for any other kind of query. AND reads its rarest part first and
    the others only where it matched, as Whoosh's intersection skips ahead."""
    kind = type(query)
    if kind is wq.Term:
        return _term_scores(searcher, query, only)
    if kind is wq.Phrase:
        return _phrase_scores(searcher, query, only)
    if kind is wq.AndNot:  # what is excluded is read only where the rest matched
        found = _bulk_scores(searcher, query.a, only)
        if found is not None and len(found):
            excluded = _bulk_scores(searcher, query.b, found.docs)
            if excluded is None:
                excluded = Found(docs_array(searcher.docs_for_query(query.b)), NO_SCORES)
            found = found.where(~np.isin(found.docs, excluded.docs, assume_unique=True))
        return found
    if kind not in (wq.Or, wq.And) or query.boost != 1.0 or getattr(query, "scale", None):
        return None
    if kind is wq.And:
        return _intersection_scores(searcher, query.subqueries, only)
    parts = [_bulk_scores(searcher, sub, only) for sub in query.subqueries]
    if any(part is None for part in parts):
        return None
    if not parts:
        return NOTHING
    if len(parts) == 1:
        return parts[0]
    # Summed part after part for each document, in the query's order, as before.
    docs, slots = np.unique(np.concatenate([part.docs for part in parts]), return_inverse=True)
    scores = np.bincount(slots, weights=np.concatenate([part.scores for part in parts]))
    return Found(docs, scores)


def _intersection_scores(searcher, subqueries, only: np.ndarray | None) -> Found | None:
    reader = searcher.reader()
    order = sorted(range(len(subqueries)), key=lambda i: _cost(searcher, subqueries[i], reader))
    parts: list[Found] = [NOTHING for _ in subqueries]
    candidates = only
    for i in order:
        part = _bulk_scores(searcher, subqueries[i], candidates)
        if part is None:
            return None
        parts[i] = part
        candidates = part.docs if candidates is None else np.intersect1d(candidates, part.docs)
        if not len(candidates):
            return NOTHING
    if not subqueries:
        return NOTHING
    scores = parts[0].at(candidates)
    for part in parts[1:]:
        scores = scores + part.at(candidates)  # in the query's order, as Whoosh adds them
    return Found(candidates, scores)


def _cost(searcher, query: wq.Query, reader) -> int:
    """About how many postings reading `query` alone means: a phrase reads every one of its
    words (so a phrase of common words is read after a rarer word beside it, and then only
    where that word occurs), an AND its rarest part."""
    kind = type(query)
    if kind is wq.Phrase:
        return sum(searcher.doc_frequency(query.fieldname, word) for word in query.words)
    if kind is wq.Or:
        return sum(_cost(searcher, sub, reader) for sub in query.subqueries)
    if kind is wq.And and query.subqueries:
        return min(_cost(searcher, sub, reader) for sub in query.subqueries)
    if kind is wq.AndNot:
        return _cost(searcher, query.a, reader)
    return query.estimate_size(reader)


def _bulk_scorable(searcher, query: wq.Query) -> bool:
    schema = searcher.schema
    return type(searcher.weighting) is BM25F and all(
        term.fieldname in schema and schema[term.fieldname].scorable
        for term in query.leaves()
        if isinstance(term, wq.Term)
    )


def _term_scores(
    searcher,
    term: wq.Term,
    only: np.ndarray | None = None,
    positions: dict[int, list[int]] | None = None,
) -> Found:
    """One term's BM25F score (times its boost) in each document it occurs in (of `only`,
    if given: then blocks of postings holding none of those documents are not read). With
    `positions`, where the term occurs in each of those documents is put there, read in the
    same pass."""
    field, weighting = term.fieldname, searcher.weighting
    if (field, term.text) not in searcher.reader():
        return NOTHING  # as Whoosh does, before any statistics (an empty index has none)
    b = weighting._field_B.get(field, weighting.B)
    k1 = weighting.K1
    idf = searcher.idf(field, term.text)
    avgfl = searcher.avg_field_length(field) or 1
    # The denominator's length part for each of the 256 length bytes Whoosh stores.
    norms = [k1 * ((1 - b) + b * (byte_to_length(byte) or 1) / avgfl) for byte in range(256)]
    norms[0] = k1 * ((1 - b) + b * 1 / avgfl)  # no length stored: Whoosh's default of 1
    norms_array = np.array(norms, dtype=np.float64)
    decode = searcher.schema[field].format.decode_positions if positions is not None else None
    docs, scores = [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (field, term.text) not in reader:
            continue
        wanted = _local(only, offset, reader.doc_count_all())
        if wanted is not None and not len(wanted):
            continue
        arrays = dense.postings(reader, field, term.text) if decode is None else None
        if arrays is not None:  # a frequent term: its arrays, not its blocks (dense.py)
            ids, tf = _among(*arrays, wanted) if wanted is not None else arrays
            values = None
        else:
            matcher = reader.postings(field, term.text)
            ids, tf, values = blocks.read(matcher, wanted, with_values=decode is not None)
        if wanted is not None and arrays is None:
            keep = np.isin(ids, wanted, assume_unique=True)
            ids, tf = ids[keep], tf[keep]
            if values is not None:
                values = [value for value, kept in zip(values, keep.tolist(), strict=True) if kept]
        if decode is not None:
            positions.update(zip((ids + offset).tolist(), map(decode, values), strict=True))
        norm = norms_array[_lengths(searcher, reader, field)[ids]]
        docs.append(ids + offset)
        scores.append(idf * ((tf * (k1 + 1)) / (tf + norm)) * term.boost)
    if not docs:
        return NOTHING
    return Found(np.concatenate(docs), np.concatenate(scores))


def _phrase_scores(searcher, phrase: wq.Phrase, only: np.ndarray | None = None) -> Found | None:
    """Documents holding the words in a row, scored as Whoosh scores a phrase (the sum of
    its words' scores). The rarest word is read first, with its positions; each next word
    only in the blocks that hold documents where the phrase can still start, so that a
    phrase of common words (went to the) reads few blocks of its commonest ones."""
    field = phrase.fieldname
    if phrase.slop != 1 or not phrase.words or field not in searcher.schema:
        return None
    format_ = searcher.schema[field].format
    if not format_ or not format_.supports("positions"):
        return None
    words = phrase.words
    by_rarity = sorted(set(words), key=lambda word: searcher.doc_frequency(field, word))
    word_scores: dict[str, Found] = {}
    starts: dict[int, set[int]] = {}  # document → where the phrase can start in it
    candidates = only
    for n, word in enumerate(by_rarity):
        found: dict[int, list[int]] = {}
        word_scores[word] = _term_scores(searcher, wq.Term(field, word), candidates, found)
        at = [i for i, w in enumerate(words) if w == word]
        narrowed = {}
        for doc, places in found.items():
            if n:  # check the few starts left against this word's places
                where = set(places)
                possible = {s for s in starts[doc] if all(s + i in where for i in at)}
            else:
                possible = {p - at[0] for p in places}
                for i in at[1:]:
                    possible &= {p - i for p in places}
            if possible:
                narrowed[doc] = possible
        starts = narrowed
        candidates = np.array(sorted(starts), dtype=DOC)
        if not len(candidates):
            return NOTHING
    scores = _tree_sum([word_scores[word].at(candidates) for word in words])
    return Found(candidates, scores * phrase.boost)


def _tree_sum(parts: list[np.ndarray]) -> np.ndarray:
    """A sum in the order of Whoosh's binary tree of intersection matchers, so that equal
    scores stay equal to the last bit."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _local(only: np.ndarray | None, offset: int, count: int) -> np.ndarray | None:
    """The documents of `only` in the segment at `offset`, as that segment numbers them."""
    if only is None:
        return None
    low, high = np.searchsorted(only, (offset, offset + count))
    return only[low:high] - offset


def _among(ids: np.ndarray, tf: np.ndarray, wanted: np.ndarray):
    """The postings (sorted document numbers and frequencies) of the wanted documents."""
    at = np.searchsorted(ids, wanted)
    found = at < len(ids)
    found[found] = ids[at[found]] == wanted[found]
    return wanted[found], tf[at[found]]


def _lengths(searcher, reader, field: str) -> np.ndarray:
    """The stored length byte of `field` for each document of a segment, read once.

    Kept on the searcher, which lives for one index generation: one byte per document and
    text field (about 0.5 MB at 100,000 pairs), instead of a column lookup per match.
    """
    cache = searcher.__dict__.setdefault("_duihua_lengths", {})
    key = (reader.segment().segment_id(), field)
    if key not in cache:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        loaded = column.load() if column is not None else bytes(reader.doc_count_all())
        cache[key] = np.frombuffer(bytes(loaded), dtype=np.uint8)
    return cache[key]


def _matcher_scores(searcher, query: wq.Query) -> Found:
    """Scores from Whoosh's matchers, counting and scoring each match in the same visit."""
    docs, scores = [], []
    context = searcher.context(needs_current=True, weighting=searcher.weighting)
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            docs.append(matcher.id() + offset)
            scores.append(matcher.score())
            matcher.next()
    return Found(np.array(docs, dtype=DOC), np.array(scores, dtype=np.float64))
