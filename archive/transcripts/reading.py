"""From a file or an upload to bytes and text: the one place that enforces the size limit and
checks the encoding."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import BinaryIO

from .data import MAX_BYTES, TranscriptError


def read_limited(source: str | os.PathLike[str] | BinaryIO, *, name: str = "") -> bytes:
    """The bytes of a file on disk or an open upload, refused past MAX_BYTES before reading it all.

    Uploads that say their size (Django's UploadedFile) are refused before any byte is read;
    every source is read to at most MAX_BYTES + 1 bytes, so a file that grows or lies about its
    size cannot fill memory.
    """
    label = name or _name_of(source)
    try:
        if isinstance(source, str | os.PathLike):
            size = Path(source).stat().st_size
            if size > MAX_BYTES:
                raise TranscriptError(too_large(size), source=label, line=1)
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        else:
            size = getattr(source, "size", None)
            if size is not None and size > MAX_BYTES:
                raise TranscriptError(too_large(size), source=label, line=1)
            data = source.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", source=label) from exc
    if len(data) > MAX_BYTES:
        raise TranscriptError(too_large(len(data)), source=label, line=1)
    return data


def _name_of(source) -> str:
    return str(getattr(source, "name", None) or source)


def too_large(size: int) -> str:
    return f"file is {size:,} bytes, larger than 5 MB (the limit is {MAX_BYTES:,} bytes)"


def check_text_size(text: str, *, source: str = "<text>") -> None:
    """Refuse pasted text over the limit, counted in UTF-8 bytes as files are."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise TranscriptError(too_large(size), source=source, line=1)


def decode_transcript(data: bytes, *, source: str = "<text>") -> str:
    """Check size and encoding of raw bytes and return the text, or raise TranscriptError."""
    if len(data) > MAX_BYTES:
        raise TranscriptError(too_large(len(data)), source=source, line=1)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        message = "not valid UTF-8: the file is UTF-16; save it as UTF-8"
        raise TranscriptError(message, source=source, line=1)
    if b"\x00" in data:
        line = line_of(data, data.index(b"\x00"))
        raise TranscriptError("binary file, not a text transcript", source=source, line=line)
    if _mostly_control_bytes(data[:8192]):
        raise TranscriptError("binary file, not a text transcript", source=source, line=1)
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = line_of(data, exc.start)
        message = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); save the file as UTF-8"
        )
        raise TranscriptError(message, source=source, line=line) from exc


def line_of(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF as one line break each."""
    prefix = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return prefix.count(b"\n") + 1


def _mostly_control_bytes(sample: bytes) -> bool:
    control = sum(
        1 for byte in sample if (byte < 32 and byte not in b"\t\n\r\f\x1b") or byte == 127
    )
    return control > len(sample) * 0.1
