"""Writing a new segment's postings without a file lookup per posting; and the segments of a
rebuild written by several processes (archive/search/parallel.py).

When a Whoosh writer flushes its segment, every posting asks for its document's length in
its field (for the block's shortest and longest document). The stock per-document reader
answers each question from the column file and first checks, on disk, whether the field has
lengths at all: at 20,000 pairs that was 4 million lookups and half a million file checks,
about a sixth of a rebuild. Here each field's lengths are read once into memory (a byte a
document), which writes byte for byte the same segment.

Postings wait in a pool until the flush, which sorts them; a pool larger than the writer's
memory limit is written to disk in sorted runs, merged at the flush. The stock pool pickles
every posting on its own and reads each back the same way: at 10,000 pairs, two million
pickle calls each way, a quarter of the flush. `PostingRuns` pickles a run a chunk of postings
at a time and merges the last run from memory instead of writing it; the merged postings come
out in the same order, so the segment is the same.
"""

from __future__ import annotations

import heapq
import itertools
import pickle

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PostingsWriter, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

from . import dense

# Length byte → length; None for 0, as the stock reader returns for a document without one.
_DECODED = [None] + [byte_to_length(byte) for byte in range(1, 256)]


class FieldLengths:
    """A per-document reader's doc_field_length, each field's lengths read once."""

    def __init__(self, reader):
        self._reader = reader
        self._fields: dict[str, bytes | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        if fieldname not in self._fields:
            self._fields[fieldname] = self._read(fieldname)
        lengths = self._fields[fieldname]
        if lengths is None:
            return default
        return _DECODED[lengths[docnum]]

    def _read(self, fieldname: str) -> bytes | None:
        column = _lenfield(fieldname)
        if not self._reader.has_column(column):
            return None
        return bytes(self._reader.column_reader(column, LENGTHS_COLUMN))


RUN_CHUNK = 8192  # postings pickled together in a run
SMALL_BLOCK = 8  # postings: a block of fewer is written uncompressed


class SmallBlocksWriter(W3PostingsWriter):
    """Whoosh's postings writer, leaving blocks of a few postings uncompressed.

    Whoosh means to skip compressing a block whose pickle is under 20 bytes but compresses
    every block (the check is overwritten on the next line), and most terms have a block of
    a few postings: zlib then costs a tenth of writing a segment and makes such blocks
    longer. Each block records whether it is compressed, so Whoosh reads both kinds."""

    def _write_block(self, last=False):
        compression = self._compression
        if len(self._ids) < SMALL_BLOCK:
            self._compression = 0
        try:
            super()._write_block(last)
        finally:
            self._compression = compression


class PostingsCodec(W3Codec):
    """Whoosh's codec, with its postings written by SmallBlocksWriter."""

    def postings_writer(self, dbfile, byteids=False):
        return SmallBlocksWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


class PostingRuns(PostingPool):
    """Whoosh's posting pool, its runs written and read a chunk of postings at a time, the
    last one merged from memory."""

    def add(self, item):
        # The stock estimate of an item's size in memory, summed: 150 bytes for a tuple of a
        # field name, a term, a document number, a weight and a value, plus their lengths.
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()  # resets currentsize
        self.current.append(item)

    def _write_run(self, f, items):
        items = iter(items)
        try:
            while chunk := list(itertools.islice(items, RUN_CHUNK)):
                pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        finally:
            f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)

    def items(self, maxfiles=128):
        """The pool's postings in order: the runs on disk merged with the postings still in
        memory (sorted in place, not written as one more run)."""
        if not self.runs:
            return sorted(self.current)
        if len(self.runs) >= maxfiles:  # too many files open at once: as the stock pool does
            return super().items(maxfiles)
        current, self.current = self.current, []
        current.sort()
        runs, self.runs = self.runs, []
        return heapq.merge(*(self._read_run(path) for path in runs), current)


class SegmentFlushWriter(SegmentWriter):
    """Whoosh's SegmentWriter, its postings pooled in `PostingRuns`, flushing them with
    lengths held in memory, and keeping those of frequent terms as arrays beside the segment
    (archive/search/dense.py) as they pass."""

    def __init__(self, index, *args, limitmb=128, codec=None, **kwargs):
        codec = codec or PostingsCodec()
        super().__init__(index, *args, limitmb=limitmb, codec=codec, **kwargs)
        self.pool = PostingRuns(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = FieldLengths(reader) if reader else None
        arrays = dense.Collector(self.schema)
        self.fieldwriter.add_postings(self.schema, lengths, arrays.watch(self.pool.iter_postings()))
        self.fieldwriter.close()
        if reader:
            reader.close()
        arrays.save(self.storage, self.newsegment.segment_id())

    def finish_segment(self):
        """Write the segment and close it without committing: a part of a rebuild
        (archive/search/parallel.py). None if no document was added."""
        if not self.docnum:
            self.cancel()
            return None
        self._finalize_segment()
        return self.get_segment()

    def commit_segments(self, segments: list) -> None:
        """Commit these segments, written by other processes, as the index's contents; this
        writer's own segment is empty and dropped (as MpWriter commits its sub-writers')."""
        try:
            self._close_segment()
            self._commit_toc(segments)
        except BaseException:
            self.cancel()
            raise
        self._finish()
