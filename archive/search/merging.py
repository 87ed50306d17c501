"""How the index's segments are merged, so searches open few of them.

Every commit of a Whoosh writer adds a segment. Whoosh's default policy (MERGE_SMALL) merges
small ones on a Fibonacci schedule, which still left 16 segments after a rebuild of 100,000
pairs; each open segment costs memory and a pass of every query. A rebuild therefore ends
with one segment per process that wrote it (one per core, never more than MAX_SEGMENTS:
archive/search/parallel.py), and an ordinary commit keeps at most MAX_SEGMENTS by merging the
smallest.
"""

from __future__ import annotations

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL, OPTIMIZE

MAX_SEGMENTS = 4  # after any commit; merging the smallest keeps each commit's cost small

merge_all = OPTIMIZE  # after a rebuild: one segment


def keep_few(writer, segments: list) -> list:
    """Whoosh's MERGE_SMALL, then the smallest segments merged until at most MAX_SEGMENTS
    remain (the commit's own new segment counts as one)."""
    kept = MERGE_SMALL(writer, segments)
    if len(kept) < MAX_SEGMENTS:
        return kept
    by_size = sorted(kept, key=lambda segment: segment.doc_count_all())
    merged, kept = by_size[: len(kept) - MAX_SEGMENTS + 1], by_size[len(kept) - MAX_SEGMENTS + 1 :]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept
