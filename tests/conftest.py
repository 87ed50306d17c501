"""Shared fixtures: the sample transcript and an imported copy of it."""

from pathlib import Path

import pytest

from archive.importing import import_file

SAMPLE = Path(__file__).resolve().parents[1] / "archive" / "samples" / "000_bc8751bc241665a7.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_interview(db):
    """The sample interview, imported and published."""
    result = import_file(SAMPLE, publish=True)
    assert result.status == "created", result.error
    return result.interview
