"""Pair the paragraphs of two languages when they do not match one to one.

Gale–Church style dynamic programming on length shares, strengthened by anchors that survive
translation (numbers, Latin names and acronyms, quotation marks, question marks). Each row gets
a confidence, so curators can check the doubtful ones first.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from .paragraphs import Paragraph

# Fixed cost of each move on top of the length mismatch. A missing paragraph already pays
# its whole share as mismatch, so its fixed cost is small; merges must beat two 1-1 pairs.
MOVES = {(1, 1): 0.0, (2, 1): 0.2, (1, 2): 0.2, (1, 0): 0.05, (0, 1): 0.05}

# The programme is quadratic; past this many cells pair in order rather than stall an import.
MAX_ALIGN_CELLS = 250_000
ANCHOR_WEIGHT = 0.15  # how much one shared (or unshared) anchor moves the cost
TYPICAL_RATIO, MIN_RATIO, MAX_RATIO = 3.0, 1.5, 5.0  # English characters per Chinese one

Bead = tuple[list[Paragraph], list[Paragraph]]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN_NAME = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b|\b[A-Z]{2,}\b")  # UNIDO, FOCAC, iPhone
_QUOTES = re.compile('[“”「」『』"]')


def anchors(text: str) -> Counter:
    """Things a translation keeps: numbers, acronyms, question marks, quotation marks."""
    found: Counter = Counter()
    found.update(f"n:{n.replace(',', '')}" for n in _NUMBER.findall(text))
    found.update(f"a:{name.upper()}" for name in _LATIN_NAME.findall(text))
    found["?"] += text.count("?") + text.count("？")
    found['"'] += len(_QUOTES.findall(text)) // 2
    return +found


def in_order(zh: Sequence[Paragraph], en: Sequence[Paragraph]) -> list[Bead]:
    return [([z] if z else [], [e] if e else []) for z, e in itertools.zip_longest(zh, en)]


def align(
    zh: Sequence[Paragraph], en: Sequence[Paragraph], totals: tuple[int, int] | None = None
) -> list[Bead]:
    """Beads of Chinese and English paragraphs (1-1, 2-1, 1-2, 1-0, 0-1), in order.

    Shares are of `totals` (the whole transcript's Chinese and English length) when given, so
    one missing paragraph does not skew its neighbours; otherwise of these paragraphs.
    """
    if len(zh) == len(en) or not zh or not en:
        return in_order(zh, en)
    if len(zh) * len(en) > MAX_ALIGN_CELLS:
        return in_order(zh, en)
    spans = align_texts([p.text for p in zh], [p.text for p in en], totals)
    return [(list(zh[left]), list(en[right])) for left, right in spans]


def align_texts(
    zh: Sequence[str],
    en: Sequence[str],
    totals: tuple[int, int] | None = None,
    moves: dict[tuple[int, int], float] = MOVES,
) -> list[tuple[slice, slice]]:
    """The length-and-anchor programme on plain texts: (Chinese slice, English slice) beads.

    Shared by paragraphs (above) and the concordance's sentences, which pass their own moves.
    """
    totals = totals or (sum(map(len, zh)), sum(map(len, en)))
    zh_shares, en_shares = _shares(zh, totals[0]), _shares(en, totals[1])
    zh_anchors, en_anchors = [anchors(text) for text in zh], [anchors(text) for text in en]
    scale = (sum(zh_shares) + sum(en_shares)) / 2 or 1.0
    best: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {(0, 0): (0.0, (0, 0))}
    for i, j in itertools.product(range(len(zh) + 1), range(len(en) + 1)):
        options = []
        for (di, dj), penalty in moves.items():
            if (i, j) != (0, 0) and i >= di and j >= dj and (i - di, j - dj) in best:
                mismatch = abs(sum(zh_shares[i - di : i]) - sum(en_shares[j - dj : j])) / scale
                clash = anchor_clash(zh_anchors[i - di : i], en_anchors[j - dj : j])
                cost = best[i - di, j - dj][0] + penalty + mismatch + clash
                options.append((cost, (di, dj)))
        if options:
            best[i, j] = min(options)
    beads: list[tuple[slice, slice]] = []
    i, j = len(zh), len(en)
    while (i, j) != (0, 0):
        di, dj = best[i, j][1]
        beads.append((slice(i - di, i), slice(j - dj, j)))
        i, j = i - di, j - dj
    return beads[::-1]


def anchor_clash(zh: list[Counter], en: list[Counter]) -> float:
    """Cost of pairing these paragraphs by their anchors: shared anchors pull them together,
    numbers on one side only push them apart (names may be translated, numbers rarely are)."""
    if not zh or not en:
        return 0.0
    left, right = sum(zh, Counter()), sum(en, Counter())
    shared = sum((left & right).values())
    numbers = Counter({k: v for k, v in (left | right).items() if k.startswith("n:")})
    unmatched = sum(numbers.values()) - sum(
        v for k, v in (left & right).items() if k.startswith("n:")
    )
    total = shared + sum(numbers.values())
    if not total:
        return 0.0
    return ANCHOR_WEIGHT * (unmatched - shared) / total


def confidence(zh: Sequence[Paragraph], en: Sequence[Paragraph], ratio: float) -> float:
    """How likely these paragraphs translate each other, from 0 to 1.

    `ratio` is the transcript's usual English characters per Chinese character; a row whose
    lengths stray far from it, or whose anchors disagree, scores low. A one-sided row is 0.
    """
    return text_confidence([p.text for p in zh], [p.text for p in en], ratio)


def text_confidence(zh: Sequence[str], en: Sequence[str], ratio: float) -> float:
    """confidence() on plain texts, for paragraphs and sentences alike."""
    if not zh or not en:
        return 0.0
    zh_len = sum(map(len, zh))
    en_len = sum(map(len, en))
    expected = zh_len * ratio or 1.0
    spread = abs(en_len - expected) / max(en_len, expected)  # 0 (as expected) … 1
    score = 1.0 - spread
    left = sum((anchors(text) for text in zh), Counter())
    right = sum((anchors(text) for text in en), Counter())
    if left or right:
        shared = sum((left & right).values())
        total = sum((left | right).values())
        score = 0.7 * score + 0.3 * (shared / total)
    return round(max(0.0, min(1.0, score)), 2)


def length_ratio(zh_texts: Sequence[str], en_texts: Sequence[str]) -> float:
    """English characters per Chinese character over a transcript (about 3 for prose)."""
    zh_len = sum(map(len, zh_texts))
    en_len = sum(map(len, en_texts))
    if not (zh_len and en_len):
        return TYPICAL_RATIO
    # Kept within what translation does, so a file whose sides do not match at all cannot
    # make its own mismatch look normal.
    return min(max(en_len / zh_len, MIN_RATIO), MAX_RATIO)


def _shares(texts: Sequence[str], total: int) -> list[float]:
    return [len(text) / (total or 1) for text in texts]
