"""Parse bilingual Chinese/English interview transcripts into plain data (no Django here).

A file goes through the same steps whatever its layout: read within the size limit
(reading.py), decode, refuse mojibake and strip control characters (suspect.py), strip
converter glosses (glosses.py), then every layout reader scores how well the text fits it and
the best one reads it (layouts/). The shared steps each live in one module: paragraphs, page
chrome, header, alignment. Last, suspect.py flags a transcript cut off, undated or one-sided.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..text import clean_text, fold_width
from .data import (
    MAX_BYTES,
    NOBODY,
    AnswerPair,
    DroppedLine,
    Interviewee,
    ParseWarning,
    QuestionBlock,
    Speaker,
    Transcript,
    TranscriptError,
)
from .glosses import strip_glosses
from .header import (
    chinese_texts,
    date_from_page,
    date_from_titles,
    detect_script,
    infer_interview,
)
from .layouts import READERS, Document, Reader, reader_named
from .layouts.base import unpair_if_hopeless
from .layouts.numbered import zh_label
from .reading import check_text_size, decode_transcript, read_limited
from .suspect import check_text, check_transcript

fold = fold_width  # the parser's folding: width only (search folds scripts too)

__all__ = [
    "MAX_BYTES",
    "NOBODY",
    "READERS",
    "AnswerPair",
    "DroppedLine",
    "Interviewee",
    "ParseWarning",
    "QuestionBlock",
    "Speaker",
    "Transcript",
    "TranscriptError",
    "check_text_size",
    "clean_text",
    "decode_transcript",
    "fold",
    "parse_bytes",
    "parse_transcript",
    "read_limited",
    "read_transcript",
    "zh_label",
]


def read_transcript(
    path: str | os.PathLike[str], *, layout: str | None = None
) -> tuple[str, Transcript]:
    """Read a file from disk: (its text, parsed transcript)."""
    source = str(path)
    return parse_bytes(read_limited(path, name=source), source=source, layout=layout)


def parse_bytes(
    data: bytes, *, source: str = "<text>", layout: str | None = None
) -> tuple[str, Transcript]:
    """Parse a file's bytes: (the text kept as the original, parsed transcript)."""
    suffix = Path(source).suffix.lower()
    binary = [reader for reader in READERS if reader.binary]
    doc = Document(source=source, text="", data=data, suffix=suffix)
    if any(reader.fit(doc).score for reader in binary):
        transcript = _parse(doc, layout, binary)
        return transcript_text(transcript, doc), transcript
    text = decode_transcript(data, source=source)
    return text, parse_transcript(text, source=source, layout=layout)


def parse_transcript(text: str, *, source: str = "<text>", layout: str | None = None) -> Transcript:
    """Turn transcript text into a Transcript, or raise TranscriptError."""
    if not clean_text(text):
        raise TranscriptError("empty file", source=source, line=1)
    # Mojibake is refused here; control characters leave the parsed text, not the original.
    checked, suspicions = check_text(text, source=source)
    stripped, glosses = strip_glosses(checked)
    doc = Document(source=source, text=stripped, suffix=Path(source).suffix.lower())
    transcript = _parse(doc, layout, [reader for reader in READERS if not reader.binary])
    # Readers of JSON strip glosses that the file escaped (\u767c(f\u0101)) themselves.
    glosses = transcript.glosses = glosses + transcript.glosses
    if glosses:
        message = f"{len(glosses)} pinyin glosses such as {glosses[0].text} were removed"
        transcript.warnings.insert(0, ParseWarning(message, line=glosses[0].line))
    transcript.warnings[0:0] = suspicions
    return transcript


def _parse(doc: Document, layout: str | None, readers: list[Reader]) -> Transcript:
    reader, reason = _choose(doc, layout, readers)
    transcript = reader.read(doc)
    # A reader that hands extracted text on (DOCX, HTML) says how that text was read.
    inner = transcript.layout_reason
    transcript.layout, transcript.layout_reason = (
        reader.name,
        f"{reason}; {inner}" if inner else reason,
    )
    if transcript.script == "zh-Hans":
        transcript.script = detect_script(chinese_texts(transcript))
    if not (transcript.interviewees or transcript.outlet_zh):
        infer_interview(transcript)
    date_from_page(transcript)
    date_from_titles(transcript)
    unpair_if_hopeless(transcript)
    check_transcript(transcript)  # after the date and sides are settled; safe to run twice
    return transcript


def _choose(doc: Document, layout: str | None, readers: list[Reader]) -> tuple[Reader, str]:
    """The reader named by `layout`, or the one that fits best; refuse if none fits."""
    if layout:
        reader = reader_named(layout)
        if reader is None:
            names = ", ".join(r.name for r in READERS)
            raise TranscriptError(f"unknown layout {layout!r} (known: {names})", source=doc.source)
        return reader, f"chosen with --layout {layout}"
    fits = [(reader.fit(doc), reader) for reader in readers]
    best_fit, best = max(fits, key=lambda item: item[0].score)
    if best_fit.score <= 0:
        tried = "; ".join(f"{reader.name}: {fit.reason}" for fit, reader in fits)
        message = (
            "no questions found (expected 问题一 / Q1 …, or speaker labels such as 问: / Q:); "
            f"layouts tried: {tried}. Mark each question with a number (问题一 / Q1) or a "
            "speaker label (问: / Q:, 记者: / Reporter:), or give the file as JSON, CSV, TMX, "
            "DOCX or HTML"
        )
        raise TranscriptError(message, source=doc.source, line=1)
    others = sorted(
        (
            f"{reader.name} {fit.score:.2f}"
            for fit, reader in fits
            if reader is not best and fit.score
        ),
    )
    reason = f"{best_fit.reason} (score {best_fit.score:.2f}"
    reason += f"; also fits: {', '.join(others)})" if others else ")"
    return best, reason


def transcript_text(transcript: Transcript, doc: Document) -> str:
    """The text to keep as the original of a binary file: what was read from it."""
    return doc.text
