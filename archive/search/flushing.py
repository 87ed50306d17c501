"""Writing a new segment's postings without a file lookup per posting; and the segments of a
rebuild written by several processes (archive/search/parallel.py).

When a Whoosh writer flushes its segment, every posting asks for its document's length in
its field (for the block's shortest and longest document). The stock per-document reader
answers each question from the column file and first checks, on disk, whether the field has
lengths at all: at 20,000 pairs that was 4 million lookups and half a million file checks,
about a sixth of a rebuild. Here each field's lengths are read once into memory (a byte a
document), which writes byte for byte the same segment.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

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


class SegmentFlushWriter(SegmentWriter):
    """Whoosh's SegmentWriter, flushing its postings with lengths held in memory, and
    keeping those of frequent terms as arrays beside the segment (archive/search/dense.py)
    as they pass."""

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
