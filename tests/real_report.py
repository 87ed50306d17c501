"""How much of the hand-written expected dialogue the readers recover, over every real file.

    .venv/bin/python -m tests.real_report

Counts, per layout folder of tests/data/real/ and in total: the expected question turns whose
question (both languages) is read as written, and the expected two-sided answer pairs (a
Chinese paragraph beside its English) that are read as the same pair. Issue 9 asks for at
least 95% of the question turns; the pairs show how much of the alignment holds.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from archive.text import collapse
from archive.transcripts import TranscriptError, read_transcript

DATA = Path(__file__).parent / "data" / "real"


def _expected(path: Path) -> tuple[list, list]:
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = [
        (collapse(t["q_zh"]), collapse(t["q_en"])) for t in data["turns"] if t["q_zh"] or t["q_en"]
    ]
    pairs = [
        (collapse(a["zh"]), collapse(a["en"]))
        for t in data["turns"]
        for a in t["answers"]
        if a["zh"] and a["en"]
    ]
    return questions, pairs


def _parsed(source: Path) -> tuple[list, list]:
    try:
        transcript = read_transcript(source)[1]
    except TranscriptError:
        return [], []
    questions = [(collapse(q.text_zh), collapse(q.text_en)) for q in transcript.questions]
    pairs = [
        (collapse(a.text_zh), collapse(a.text_en))
        for q in transcript.questions
        for a in q.answers
        if a.text_zh and a.text_en
    ]
    return questions, pairs


def _found(wanted: list, got: list) -> int:
    return sum((Counter(wanted) & Counter(got)).values())


def report() -> dict[str, list[int]]:
    """{layout: [questions wanted, found, pairs wanted, found]}, with a "total" row."""
    rows: dict[str, list[int]] = {}
    for expected in sorted(DATA.glob("*/*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        source = next(p for p in expected.parent.glob(stem + ".*") if p != expected)
        want_q, want_p = _expected(expected)
        got_q, got_p = _parsed(source)
        counts = [len(want_q), _found(want_q, got_q), len(want_p), _found(want_p, got_p)]
        for key in (expected.parent.name, "total"):
            row = rows.setdefault(key, [0, 0, 0, 0])
            rows[key] = [a + b for a, b in zip(row, counts, strict=True)]
    rows["total"] = rows.pop("total")
    return rows


def main() -> None:
    print(f"{'layout':<18}{'questions':>16}{'two-sided pairs':>22}")
    for layout, (q_want, q_found, p_want, p_found) in report().items():
        questions = f"{q_found}/{q_want} {100 * q_found / max(1, q_want):5.1f}%"
        pairs = f"{p_found}/{p_want} {100 * p_found / max(1, p_want):5.1f}%"
        print(f"{layout:<18}{questions:>16}{pairs:>22}")


if __name__ == "__main__":
    main()
