"""The postings of frequent terms as flat arrays beside each segment, read without decoding.

Whoosh 2.7 keeps a term's postings in pickled, compressed blocks of 128, each with the
positions of every occurrence. Reading a word found in most passages (我, 的, the) meant
unpickling hundreds of those blocks, positions and all, which was most of the time of the
broadest searches. So for every term in at least DENSE_MIN documents of a segment, the
segment also gets its postings as two arrays (document numbers and term frequencies), which a
search maps into memory and scores with numpy (collect.py). Positions stay in Whoosh's blocks,
read only for phrases.

The arrays are gathered from the postings as a segment is written (flushing.py: nothing is
decoded), and for a segment written before they were, by the first searcher that opens it
(`ensure`). They are named like the segment's own files (`MAIN_<segment id>.dense_*`), so
Whoosh deletes them with the segment when segments are merged. Deleted documents are kept in
them (a segment's deletions change after it is written) and left out when read, as Whoosh's
matchers leave them out. A segment whose arrays cannot be written or read is read from its
blocks as before.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

from .blocks import read_blocks, without

logger = logging.getLogger(__name__)

DENSE_MIN = 1000  # documents of a segment holding a term, for its postings to get arrays
IDS, FREQUENCIES, TERMS = ".dense_ids.npy", ".dense_tf.npy", ".dense_terms.json"
FORMAT = 1


def ensure(source) -> int:
    """Write the arrays of every segment of an index or searcher that lacks them; how many
    segments were written."""
    written = 0
    owned = not hasattr(source, "leaf_searchers")  # an index's new reader is closed here
    reader = source.reader()
    try:
        for sub, _ in _leaves(reader):
            folder = _folder(sub)
            if folder is None or (folder / (_segment_id(sub) + TERMS)).exists():
                continue
            try:
                write(sub)
            except OSError as exc:  # a read-only or full disk: searches read the blocks
                logger.warning("Could not write the postings arrays of %s: %s", folder, exc)
                continue
            written += 1
    finally:
        if owned:
            reader.close()
    return written


def write(reader) -> None:
    """The arrays of one segment already written (by a version without them), from its
    postings' blocks."""
    schema = reader.schema
    arrays = Collector(schema)
    for field in sorted(arrays.fields):
        for term, info in reader.iter_field(field):
            if info.doc_frequency() < DENSE_MIN:
                continue
            matcher = reader.postings(field, term)
            if isinstance(matcher, FilterMatcher):  # deletions: kept here, left out on reading
                matcher = matcher.child
            docs, tf, _ = read_blocks(matcher)
            arrays.add(field, schema[field].from_bytes(term), docs, tf)
    arrays.save(reader.storage(), _segment_id(reader))


class Collector:
    """The arrays of a segment being written, gathered from its postings as they go by."""

    def __init__(self, schema):
        self.schema = schema
        self.fields = {name for name in schema.names() if schema[name].scorable}
        self.terms: dict[str, dict[str, list[int]]] = {}
        self.ids: list[np.ndarray] = []
        self.frequencies: list[np.ndarray] = []
        self.filled = 0

    def watch(self, postings):
        """Pass on a segment's sorted (field, term, document, weight, value) postings,
        keeping the document numbers and weights of each frequent term in a scored field."""
        fields, field, term = self.fields, None, None
        docs: list[int] = []
        weights: list[float] = []
        for posting in postings:
            if posting[1] != term or posting[0] != field:
                if len(docs) >= DENSE_MIN:
                    self.add(field, self.schema[field].from_bytes(term), docs, weights)
                field, term = posting[0], posting[1]
                docs, weights = [], []
                keep = field in fields
            if keep:
                docs.append(posting[2])
                weights.append(posting[3])
            yield posting
        if len(docs) >= DENSE_MIN:
            self.add(field, self.schema[field].from_bytes(term), docs, weights)

    def add(self, field: str, text: str, docs, weights) -> None:
        self.terms.setdefault(field, {})[text] = [self.filled, self.filled + len(docs)]
        self.ids.append(np.asarray(docs, dtype=np.uint32))
        self.frequencies.append(np.asarray(weights, dtype=np.float32))
        self.filled += len(docs)

    def save(self, storage, segment: str) -> None:
        """Write the arrays beside the segment, whole or not at all (the term map, written
        last, is what marks them present). Nothing for storage that is not a folder."""
        folder = getattr(storage, "folder", None)
        if not folder:
            return
        folder = Path(folder)
        join = np.concatenate
        _save(folder / (segment + IDS), join(self.ids) if self.ids else np.zeros(0, np.uint32))
        _save(
            folder / (segment + FREQUENCIES),
            join(self.frequencies) if self.frequencies else np.zeros(0, np.float32),
        )
        temporary = folder / f"{segment}{TERMS}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps({"format": FORMAT, "min": DENSE_MIN, "terms": self.terms}))
        os.replace(temporary, folder / (segment + TERMS))


def postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """(document numbers as int64, term frequencies as float64) of a term in one segment,
    deleted documents left out; None when the segment has no arrays for this term (a rare
    term, or arrays not written), to be read from Whoosh's blocks."""
    folder = _folder(reader)
    if folder is None:
        return None
    arrays = _arrays(str(folder), _segment_id(reader))
    if arrays is None:
        return None
    ids, frequencies, terms = arrays
    span = terms.get(field, {}).get(text)
    if span is None:
        return None
    docs = ids[span[0] : span[1]].astype(np.int64)
    tf = frequencies[span[0] : span[1]].astype(np.float64)
    deleted = set(reader._perdoc.deleted_docs()) if reader.has_deletions() else None
    docs, tf, _ = without(deleted, docs, tf)
    return docs, tf


# (folder, segment id) → its arrays and term map. A segment's files never change once
# written, so they are kept while the segment is in use; the oldest are dropped past 64.
_opened: dict[tuple[str, str], tuple] = {}


def _arrays(folder: str, segment: str):
    """A segment's arrays, mapped into memory, and its term map; None if it has none (yet)."""
    key = (folder, segment)
    if key not in _opened:
        arrays = _open(folder, segment)
        if arrays is None:
            return None  # asked again next time: they may be written meanwhile
        if len(_opened) >= 64:
            del _opened[next(iter(_opened))]
        _opened[key] = arrays
    return _opened[key]


def _open(folder: str, segment: str):
    base = Path(folder)
    try:
        terms = json.loads((base / (segment + TERMS)).read_text())
        if terms.get("format") != FORMAT:
            return None
        ids = np.load(base / (segment + IDS), mmap_mode="r")
        frequencies = np.load(base / (segment + FREQUENCIES), mmap_mode="r")
    except (OSError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            logger.warning("Could not read the postings arrays of %s: %s", base / segment, exc)
        return None
    return ids, frequencies, terms["terms"]


def _save(path: Path, array: np.ndarray) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as file:
        np.save(file, array)
    os.replace(temporary, path)


def _leaves(reader):
    return reader.leaf_readers() if not reader.is_atomic() else [(reader, 0)]


def _segment_id(reader) -> str:
    return reader.segment().segment_id()


def _folder(reader) -> Path | None:
    folder = getattr(reader.storage(), "folder", None)
    return Path(folder) if folder else None
