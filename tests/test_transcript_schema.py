"""The transcript JSON format: every file the importer reads comes out valid against the
published JSON Schema, and reads back as the same transcript."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from archive.transcripts import TranscriptError, parse_transcript, read_transcript
from archive.transcripts.schema import from_dict, to_dict

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "transcript.schema.json").read_text(encoding="utf-8"))
REAL = sorted((ROOT / "tests" / "data" / "real").glob("*/*"))
FILES = [
    ROOT / "archive" / "samples" / "000_bc8751bc241665a7.txt",
    *(p for p in REAL if p.suffix != ".md" and not p.name.endswith(".expected.json")),
]


def _read(path: Path):
    try:
        return read_transcript(path)[1]
    except TranscriptError:
        pytest.skip("refused (see tests/test_real_transcripts.py)")


def test_the_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_read_is_valid_transcript_json(path):
    jsonschema.validate(json.loads(json.dumps(to_dict(_read(path), file=path.name))), SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_json_reads_back_as_the_same_turns(path):
    transcript = _read(path)
    again = parse_transcript(json.dumps(to_dict(transcript)), source="again.json")
    assert to_dict(again)["turns"] == [
        {**turn, "number": turn["number"]} for turn in to_dict(transcript)["turns"]
    ]


def test_json_that_breaks_the_schema_is_refused_with_what_is_wrong():
    with pytest.raises(TranscriptError, match="turns"):
        from_dict({"title_zh": "标题", "turns": []})


def test_json_keeps_the_question_numbers_it_gives_while_they_go_up():
    turns = [
        {"number": number, "q_zh": f"问题{number}?", "q_en": f"Question {number}?"}
        for number in (9, 10, 4)
    ]
    numbers = [q.number for q in from_dict({"turns": turns}).questions]
    assert numbers == [9, 10, 11]
