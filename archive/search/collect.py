"""Find every match of a query once, with its score: what a page, its total and its facets need.

Whoosh's own way visits each match twice (`docs_for_query` to count, a `TopCollector` to rank),
and its block-quality skipping does not help here: for a frequent word the per-block upper
bounds of BM25 stay above the twentieth score, so every match is scored anyway, and scoring one
reads its field length through three layers of column readers (most of the time of 我 or 的).

So a query is collected in one pass. A query made only of terms (a word, a character, a word
in the passage or its context: most of what people type) is scored in bulk from its postings'
blocks, with each segment's field lengths read once per index generation; the arithmetic is
Whoosh's BM25F, so the ranking is the same. Any other query (phrases, AND, NOT) is scored by
Whoosh's matchers, in the same single pass that counts it.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from itertools import accumulate, repeat

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]  # document number → score


def scored_matches(searcher, query: wq.Query, allowed: set[int] | None = None) -> Scores:
    """Every document matching `query` (and in `allowed`, if given) with Whoosh's score."""
    scores = _bulk_scores(searcher, query, allowed) if _bulk_scorable(searcher, query) else None
    if scores is None:
        scores = _matcher_scores(searcher, query)
        if allowed is not None:
            scores = {doc: score for doc, score in scores.items() if doc in allowed}
    return scores


def count_matches(searcher, query: wq.Query, keep=None, checked: int | None = None) -> int:
    """How many documents match `query` (of those `keep(doc)` accepts, if given).

    With `checked`, a phrase whose rarest word is in more documents than that is checked
    only in an even sample of `checked` of those (reading the other words' postings and
    positions there only, the costly part) and the count scaled to all of them: an
    estimate, exact below the bound.
    """
    kept = (lambda docs: docs) if keep is None else (lambda docs: [d for d in docs if keep(d)])
    if not _bulk_scorable(searcher, query):
        return len(kept(list(searcher.docs_for_query(query))))
    if checked and type(query) is wq.Phrase and query.slop == 1 and len(query.words) > 1:
        field = query.fieldname
        rarest = min(set(query.words), key=lambda word: searcher.doc_frequency(field, word))
        holding = sorted(kept(_term_scores(searcher, wq.Term(field, rarest))))
        if len(holding) > checked:
            step = len(holding) / checked
            chosen = {holding[int(i * step)] for i in range(checked)}
            found = _phrase_scores(searcher, query, chosen)
            return round(len(found or {}) * len(holding) / len(chosen))
    return len(kept(_bulk_scores(searcher, query)))


def matching_docs(searcher, query: wq.Query, allowed: set[int] | None = None) -> list[int]:
    """Every document matching `query` (and in `allowed`), unscored, in document order.

    Read from the postings' blocks as scored_matches reads them (faster than Whoosh's
    matchers, which step through the postings one by one), where the query allows it."""
    scores = _bulk_scores(searcher, query, allowed) if _bulk_scorable(searcher, query) else None
    if scores is not None:
        return sorted(scores)
    docs = searcher.docs_for_query(query)
    return [doc for doc in docs if allowed is None or doc in allowed]


def term_docs(searcher, query: wq.Query) -> set[int]:
    """The documents matching a term, or an AND or OR of terms (filters, interviewees),
    read from whole blocks of postings; any other query through Whoosh's matchers."""
    kind = type(query)
    if kind is wq.Term:
        docs: set[int] = set()
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if (query.fieldname, query.text) in reader:
                for ids, _, _ in _blocks(reader.postings(query.fieldname, query.text)):
                    docs.update(doc + offset for doc in ids)
        return docs
    if kind in (wq.And, wq.Or) and query.subqueries:
        parts = [term_docs(searcher, sub) for sub in query.subqueries]
        return set.intersection(*parts) if kind is wq.And else set.union(*parts)
    return set(searcher.docs_for_query(query))


def top_by_score(scores: Scores, count: int) -> list[tuple[int, float]]:
    """The `count` best (document, score) pairs, ties in document order, as Whoosh ranks.

    The count-th best score is found among bare floats first (fast), so only the documents
    that reach it are sorted with their keys."""
    items = scores.items()
    if len(scores) > count > 0:
        floor = heapq.nlargest(count, scores.values())[-1]
        items = [(doc, score) for doc, score in items if score >= floor]
    return sorted(items, key=lambda item: (-item[1], item[0]))[:count]


def top_by_key(docs: Iterable[int], count: int, key) -> list[int]:
    """The `count` documents with the largest key, ties in document order."""
    docs = list(docs)
    if len(docs) > count > 0:
        floor = heapq.nlargest(count, map(key, docs))[-1]
        docs = [doc for doc in docs if key(doc) >= floor]
    return sorted(docs, key=lambda doc: (-key(doc), doc))[:count]


def _bulk_scores(searcher, query: wq.Query, only: set[int] | None = None) -> Scores | None:
    """Scores of a query built from terms and exact phrases with OR, AND and AND NOT (in
    the documents `only`, if given), summed as Whoosh's union and intersection matchers sum
    them; None for any other kind of query. AND reads its rarest part first and the others
    only where it matched, as Whoosh's intersection skips ahead."""
    kind = type(query)
    if kind is wq.Term:
        return _term_scores(searcher, query, only)
    if kind is wq.Phrase:
        return _phrase_scores(searcher, query, only)
    if kind is wq.AndNot:  # what is excluded is read only where the rest matched
        scores = _bulk_scores(searcher, query.a, only)
        if scores:
            excluded = _bulk_scores(searcher, query.b, set(scores))
            for doc in searcher.docs_for_query(query.b) if excluded is None else excluded:
                scores.pop(doc, None)
        return scores
    if kind not in (wq.Or, wq.And) or query.boost != 1.0 or getattr(query, "scale", None):
        return None
    if kind is wq.And:
        return _intersection_scores(searcher, query.subqueries, only)
    parts = [_bulk_scores(searcher, sub, only) for sub in query.subqueries]
    if any(part is None for part in parts):
        return None
    combined = parts[0]
    for part in parts[1:]:
        for doc, score in part.items():
            combined[doc] = combined.get(doc, 0.0) + score
    return combined


def _intersection_scores(searcher, subqueries, only: set[int] | None) -> Scores | None:
    reader = searcher.reader()
    order = sorted(range(len(subqueries)), key=lambda i: _cost(searcher, subqueries[i], reader))
    parts: list[Scores] = [{} for _ in subqueries]
    candidates = only
    for i in order:
        part = _bulk_scores(searcher, subqueries[i], candidates)
        if part is None:
            return None
        parts[i] = part
        candidates = set(part) if candidates is None else candidates & part.keys()
        if not candidates:
            return {}
    combined: Scores = {}
    for doc in candidates:
        score = parts[0][doc]
        for part in parts[1:]:
            score += part[doc]  # in the query's order, as Whoosh adds them
        combined[doc] = score
    return combined


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
    only: set[int] | None = None,
    positions: dict[int, list[int]] | None = None,
) -> Scores:
    """One term's BM25F score (times its boost) in each document it occurs in (of `only`,
    if given: then blocks of postings holding none of those documents are not read). With
    `positions`, where the term occurs in each of those documents is put there, read in the
    same pass."""
    scores: Scores = {}
    field, weighting = term.fieldname, searcher.weighting
    if (field, term.text) not in searcher.reader():
        return scores  # as Whoosh does, before any statistics (an empty index has none)
    b = weighting._field_B.get(field, weighting.B)
    k1 = weighting.K1
    idf = searcher.idf(field, term.text)
    avgfl = searcher.avg_field_length(field) or 1
    # The denominator's length part for each of the 256 length bytes Whoosh stores.
    norms = [k1 * ((1 - b) + b * (byte_to_length(byte) or 1) / avgfl) for byte in range(256)]
    norms[0] = k1 * ((1 - b) + b * 1 / avgfl)  # no length stored: Whoosh's default of 1
    boost, k1_plus = term.boost, k1 + 1
    decode = searcher.schema[field].format.decode_positions if positions is not None else None
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (field, term.text) not in reader:
            continue
        lengths = _lengths(searcher, reader, field)
        wanted = _local(only, offset, reader.doc_count_all())
        matcher = reader.postings(field, term.text)
        for ids, weights, values in _blocks(matcher, wanted, with_values=decode is not None):
            if decode is None:
                postings = zip(ids, weights, strict=True)
                if wanted is not None:
                    postings = [(doc, tf) for doc, tf in postings if doc in wanted]
            else:
                kept = zip(ids, weights, values, strict=True)
                kept = [posting for posting in kept if wanted is None or posting[0] in wanted]
                positions.update({doc + offset: decode(value) for doc, _, value in kept})
                postings = [(doc, tf) for doc, tf, _ in kept]
            scores.update(
                {
                    doc + offset: idf * ((tf * k1_plus) / (tf + norms[lengths[doc]])) * boost
                    for doc, tf in postings
                }
            )
    return scores


def _phrase_scores(searcher, phrase: wq.Phrase, only: set[int] | None = None) -> Scores | None:
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
    word_scores: dict[str, Scores] = {}
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
        candidates = set(starts)
        if not candidates:
            return {}
    return {
        doc: _tree_sum([word_scores[word][doc] for word in words]) * phrase.boost for doc in starts
    }


def _tree_sum(parts: list[float]) -> float:
    """A sum in the order of Whoosh's binary tree of intersection matchers, so that equal
    scores stay equal to the last bit."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _local(only: set[int] | None, offset: int, count: int) -> set[int] | None:
    if only is None:
        return None
    return {doc - offset for doc in only if offset <= doc < offset + count}


def _blocks(matcher, wanted: set[int] | None = None, with_values: bool = False):
    """(document numbers, weights, values or None) of each block of postings, deleted
    documents left out; blocks holding none of `wanted` are skipped unread.

    Reads Whoosh 2.7's block arrays directly (the version is pinned); any other matcher is
    read one posting at a time.
    """
    deleted: frozenset[int] = frozenset()
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        deleted, matcher = frozenset(matcher._ids), matcher.child
    if not isinstance(matcher, W3LeafMatcher):
        postings = []
        while matcher.is_active():
            value = matcher.value() if with_values else None
            postings.append((matcher.id(), matcher.weight(), value))
            matcher.next()
        yield _without(postings, deleted)
        return
    ordered = sorted(wanted) if wanted is not None else None
    previous_max = -1
    while matcher.is_active():
        block_max = matcher.block_max_id()
        if ordered is None or _any_between(ordered, previous_max, block_max):
            if matcher._ids is None:
                _read_ids(matcher)
            if matcher._weights is None:
                matcher._read_weights()
            if with_values and matcher._values is None:
                matcher._read_values()
            ids, weights = matcher._ids, matcher._weights
            values = matcher._values if with_values else None
            if deleted:
                yield _without(zip(ids, weights, values or repeat(None), strict=False), deleted)
            else:
                yield ids, weights, values
        previous_max = block_max
        matcher._next_block()


def _read_ids(matcher: W3LeafMatcher) -> None:
    """W3LeafMatcher._read_ids, with the gaps between document numbers summed in C."""
    if matcher._data is None:
        matcher._read_data()
    ids = matcher._data[0]
    matcher._ids = ids if matcher._byteids else tuple(accumulate(ids))


def _any_between(ordered: list[int], low: int, high: int) -> bool:
    """Whether a sorted list holds a number above low and at most high."""
    i = bisect.bisect_right(ordered, low)
    return i < len(ordered) and ordered[i] <= high


def _without(postings, deleted: frozenset[int]):
    kept = [posting for posting in postings if posting[0] not in deleted]
    if not kept:
        return (), (), ()
    ids, weights, values = zip(*kept, strict=True)
    return ids, weights, values


def _lengths(searcher, reader, field: str):
    """The stored length byte of `field` for each document of a segment, read once.

    Kept on the searcher, which lives for one index generation: one byte per document and
    text field (about 0.5 MB at 100,000 pairs), instead of a column lookup per match.
    """
    cache = searcher.__dict__.setdefault("_duihua_lengths", {})
    key = (reader.segment().segment_id(), field)
    if key not in cache:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        cache[key] = column.load() if column is not None else bytes(reader.doc_count_all())
    return cache[key]


def _matcher_scores(searcher, query: wq.Query) -> Scores:
    """Scores from Whoosh's matchers, counting and scoring each match in the same visit."""
    scores: Scores = {}
    context = searcher.context(needs_current=True, weighting=searcher.weighting)
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, context)
        while matcher.is_active():
            scores[matcher.id() + offset] = matcher.score()
            matcher.next()
    return scores
