"""Measure the sentence aligner: precision and recall of its links against gold links (no Django).

A link is a bead with text on both sides, compared by its exact spans. Two kinds of gold:

- `synthetic_pairs`: Tatoeba's one-to-one sentence pairs joined into paragraphs, with sentences
  dropped on one side (1-0, 0-1) or merged into one (2-1, 1-2), so every kind of bead occurs;
- `gold_pairs`: real interview paragraphs aligned by hand (tests/data/sentence_gold/), their
  links given as the texts of both sides.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .align import align_sentences
from .sentences import Span

Link = tuple[Span, Span]


@dataclass
class GoldPair:
    """A paragraph pair and its true links."""

    zh: str
    en: str
    links: set[Link]


@dataclass
class Score:
    found: int = 0  # links the aligner made
    expected: int = 0  # gold links
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 0.0


def evaluate(pairs: Iterable[GoldPair]) -> Score:
    score = Score()
    for pair in pairs:
        found = {
            (bead.zh, bead.en)
            for bead in align_sentences(pair.zh, pair.en)
            if bead.zh[0] < bead.zh[1] and bead.en[0] < bead.en[1]
        }
        score.found += len(found)
        score.expected += len(pair.links)
        score.correct += len(found & pair.links)
    return score


def read_tatoeba(path: Path) -> list[tuple[str, str]]:
    """(Chinese, English) sentence pairs of a Tatoeba tab-separated export."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        zh, en, *_ = [*line.split("\t"), ""]
        if zh.strip() and en.strip():
            pairs.append((zh.strip(), en.strip()))
    return pairs


def synthetic_pairs(
    sentences: list[tuple[str, str]], count: int, seed: int = 0, size: tuple[int, int] = (3, 7)
) -> Iterator[GoldPair]:
    """Paragraph pairs of `size` Tatoeba pairs each, about one in five beads made uneven."""
    rng = random.Random(seed)
    for _ in range(count):
        chosen = rng.sample(sentences, rng.randint(*size))
        zh, en, links = "", "", set()
        i = 0
        while i < len(chosen):
            kind = rng.choices(["1-1", "1-0", "0-1", "2-1", "1-2"], [80, 5, 5, 5, 5])[0]
            if kind in ("2-1", "1-2") and i + 1 < len(chosen):
                (zh1, en1), (zh2, en2) = chosen[i], chosen[i + 1]
                if kind == "2-1":
                    zh_piece, en_piece = f"{zh1}{zh2}", _merge_en(en1, en2)
                else:
                    zh_piece, en_piece = _merge_zh(zh1, zh2), f"{en1} {en2}"
                i += 2
            else:
                zh_piece, en_piece = chosen[i]
                zh_piece = "" if kind == "0-1" else zh_piece
                en_piece = "" if kind == "1-0" else en_piece
                i += 1
            zh_span, zh = _append(zh, zh_piece, "")
            en_span, en = _append(en, en_piece, " ")
            if zh_piece and en_piece:
                links.add((zh_span, en_span))
        if zh and en:
            yield GoldPair(zh, en, links)


def _append(text: str, piece: str, glue: str) -> tuple[Span, str]:
    if not piece:
        return (len(text), len(text)), text
    text = f"{text}{glue}" if text else text
    return (len(text), len(text) + len(piece)), text + piece


def _merge_en(first: str, second: str) -> str:
    """Two English sentences as one: the first's stop becomes a semicolon."""
    return f"{first.rstrip('.!?')}; {second[:1].lower() if second[:2] != 'I ' else 'I'}{second[1:]}"


def _merge_zh(first: str, second: str) -> str:
    """Two Chinese sentences as one: the first's stop becomes a comma."""
    return f"{first.rstrip('。！？!?')}，{second}"


def gold_pairs(path: Path) -> list[GoldPair]:
    """The hand-aligned pairs of a gold file.

    {"documents": [{"source", "pairs": [{"anchor", "zh", "en", "links": [[zh, en], …]}]}]},
    links in reading order; an empty side is a sentence left untranslated. The anchor names
    the passage of the source file the pair is (intro, q2 for a question, q2-a1).
    """
    pairs = []
    documents = json.loads(path.read_text(encoding="utf-8"))["documents"]
    for item in (pair for document in documents for pair in document["pairs"]):
        links, zh_at, en_at = set(), 0, 0
        for zh_text, en_text in item["links"]:
            zh_start = item["zh"].index(zh_text, zh_at) if zh_text else zh_at
            en_start = item["en"].index(en_text, en_at) if en_text else en_at
            zh_at, en_at = zh_start + len(zh_text), en_start + len(en_text)
            if zh_text and en_text:
                links.add(((zh_start, zh_at), (en_start, en_at)))
        pairs.append(GoldPair(item["zh"], item["en"], links))
    return pairs
