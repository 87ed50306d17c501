"""A term's postings in one segment read from Whoosh 2.7's blocks into numpy arrays.

Whoosh keeps postings in blocks of 128, each a pickled tuple of document gaps, weights and
values (positions), with the block's last document number in its header. Here whole blocks
are read at once, those holding none of the wanted documents skipped unread, and the gaps
summed in one pass (collect.py scores what is read; dense.py keeps frequent terms' postings
as arrays so that even this is not needed). The version is pinned, as these are its insides.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

DOC = np.int64  # document numbers
NO_DOCS = np.zeros(0, dtype=DOC)
NO_SCORES = np.zeros(0, dtype=np.float64)


def read(matcher, wanted: np.ndarray | None = None, with_values: bool = False):
    """(document numbers, weights as float64, values or None) of a term's postings in one
    segment, deleted documents left out; blocks holding none of `wanted` are skipped unread.

    Reads Whoosh 2.7's block tuples directly (the version is pinned): each block's document
    numbers are stored as gaps from the previous one, so the blocks' gaps are joined, the
    first gap of each block made relative to the end of the block before, and the whole
    summed at once. Any other matcher is read one posting at a time.
    """
    deleted = None
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        deleted, matcher = matcher._ids, matcher.child
    if isinstance(matcher, W3LeafMatcher):
        ids, weights, values = read_blocks(matcher, wanted, with_values)
    else:
        postings = []
        while matcher.is_active():
            value = matcher.value() if with_values else None
            postings.append((matcher.id(), matcher.weight(), value))
            matcher.next()
        ids = np.array([p[0] for p in postings], dtype=DOC)
        weights = np.array([p[1] for p in postings], dtype=np.float64)
        values = [p[2] for p in postings] if with_values else None
    return without(deleted, ids, weights, values)


def without(deleted, ids: np.ndarray, weights: np.ndarray, values: list | None = None):
    """The postings (document numbers, weights, values or None) but those of the deleted
    documents (any collection of document numbers, or None)."""
    if deleted is None or not len(deleted) or not len(ids):
        return ids, weights, values
    keep = ~np.isin(ids, np.fromiter(deleted, dtype=DOC, count=len(deleted)))
    if values is not None:
        values = [value for value, kept in zip(values, keep.tolist(), strict=True) if kept]
    return ids[keep], weights[keep], values


def read_blocks(
    matcher: W3LeafMatcher, wanted: np.ndarray | None = None, with_values: bool = False
):
    """(document numbers, weights, values or None) of every block of the postings, deleted
    documents included; blocks holding none of `wanted` are skipped unread."""
    gaps, weights, values = [], [], []
    previous_max = -1  # the last document number of the block before
    read_before = 0  # the last document number of the last block read
    while matcher.is_active():
        block_max = matcher.block_max_id()
        if wanted is None or _any_between(wanted, previous_max, block_max):
            if matcher._data is None:
                matcher._read_data()
            block_ids, block_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            if matcher._byteids:
                raise TypeError("document numbers stored as bytes")  # never in a Whoosh index
            gaps.append((block_ids[0] - read_before, *block_ids[1:]))
            if block_weights is None:
                weights.append((1.0,) * count)
            elif isinstance(block_weights, float):
                weights.append((block_weights,) * count)
            else:
                weights.append(block_weights)
            if with_values:
                matcher._read_values()
                values.append(matcher._values)
            read_before = block_max
        previous_max = block_max
        matcher._next_block()
    if not gaps:
        return NO_DOCS, NO_SCORES, [] if with_values else None
    ids = np.cumsum(np.fromiter(chain.from_iterable(gaps), dtype=DOC))
    tf = np.fromiter(chain.from_iterable(weights), dtype=np.float64)
    return ids, tf, list(chain.from_iterable(values)) if with_values else None


def _any_between(ordered: np.ndarray, low: int, high: int) -> bool:
    """Whether a sorted array holds a number above low and at most high."""
    i = int(np.searchsorted(ordered, low, side="right"))
    return i < len(ordered) and ordered[i] <= high
