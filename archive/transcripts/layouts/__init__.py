"""The layouts transcripts come in, one reader each. The best fit reads the file."""

from __future__ import annotations

from .base import Document, Fit, Reader
from .numbered import NumberedReader
from .turns import TurnsReader

READERS: list[Reader] = [NumberedReader(), TurnsReader()]


def reader_named(name: str) -> Reader | None:
    return next((reader for reader in READERS if reader.name == name), None)


__all__ = ["READERS", "Document", "Fit", "Reader", "reader_named"]
