"""Translation equivalents: what stands in the aligned sentences of a query's occurrences.

Candidates are the runs of one to three words of the aligned sentences in the other language
(analysed as search analyses them, so "green industries" and "green industrial" are one
candidate, green industri, shown in the forms found). Each is ranked by the Dice coefficient
over paragraph pairs,

    Dice = 2 · together / (with the query + with the candidate),

where `together` counts the pairs in which the candidate stands in a sentence aligned with an
occurrence of the query, and the other two are the index's counts of pairs containing each.
A frequent word ("the", 的) is in many pairs without the query and scores low. Candidates are
ranked first by an estimate read from the term index without visiting postings (a phrase is
in at most as many documents as its rarest word); the best dozen are then counted (exactly,
unless a phrase's words meet in over PHRASE_CHECKED pairs: then its positions are checked in
an even sample of that many, and the count scaled).

For a frequent query the lines given are those of a sample (the concordance passes the newest
kwic.SAMPLE passages): `together` is then counted in the sample and scaled to all the
query's passages for the Dice coefficient, `sampled / passages` being the share read.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..search.analysis import fold, normalise_word, segment
from ..search.indexing import backend
from ..search.query import FIELDS, Phrase, QueryError, parse_query
from .kwic import Line

LONGEST = 3  # words in a candidate
_JOINS = re.compile(r"[\s\-\u2010\u2011'\u2019]*")  # what may stand between a phrase's words
CANDIDATES = 40  # the most frequent candidates, ranked by an estimate from the term index
EXACT = 8  # the best of them, whose pairs are then counted exactly (12: p95 +20 % at 100k)
SHOWN = 8
PHRASE_CHECKED = 1000  # pairs in which a candidate phrase's word positions are checked
# Candidates do not begin or end with these (a phrase "of the" says nothing of a translation).
_FUNCTION_WORDS = (
    "a an the of to in on and or for with by at as is are was were be been it its this that "
    "these those we our i you he she they their has have had will would can could from "
    "的 了 和 与 在 是 也 及 等 对 中 将 我们 这 一"
)
_EDGE_WORDS = frozenset(normalise_word(word) for word in _FUNCTION_WORDS.split())


@dataclass
class Equivalent:
    """A rendering of the query in the other language, with its counts."""

    key: tuple[str, ...]  # the analysed words
    forms: list[str]  # as written, most frequent first
    together: int  # pairs where it translates an occurrence of the query
    alone: int  # pairs holding it anywhere in the archive
    dice: float
    examples: frozenset[int] = frozenset()  # the pairs where it stands beside the query
    seen: int = 0  # its occurrences in the aligned sentences (one pair may hold it twice)

    @property
    def text(self) -> str:
        return self.forms[0]

    @property
    def lang(self) -> str:
        """The HTML lang of its forms: en, or the script the Chinese is written in."""
        if self.text.isascii():
            return "en"
        return "zh-Hans" if fold(self.text) == self.text else "zh-Hant"


def equivalents(
    lines: Iterable[Line],
    language: str,
    passages: int,
    shown: int = SHOWN,
    *,
    sampled: int | None = None,
    exact: int = EXACT,
) -> list[Equivalent]:
    """The likeliest renderings, best first, of a query found in `passages` pairs in
    `language`, from its lines (the aligned sentences are in the other language).

    `sampled`: the number of pairs the lines come from, when they are a sample of the
    `passages`. `exact`: how many of the best are counted exactly in the index (0: ranked on
    the term index's estimate alone, which visits no postings: the cheapest call).
    """
    together, forms, examples = _candidates(lines, language)
    if not together:
        return []
    scale = passages / sampled if sampled and passages > sampled else 1.0
    floor = 2 if passages >= 2 else 1
    frequent = [key for key, count in together.most_common(CANDIDATES) if count >= floor]
    other = "en" if language == "zh" else "zh"
    # Rank by an estimate first (a phrase is in at most as many pairs as its rarest word,
    # read from the term index), then count the pairs of the best few exactly.
    found = []
    for key in frequent:
        bound = max(min(_documents_with(word, other) for word in key), together[key])
        found.append(_equivalent(key, forms[key], examples[key], passages, bound, scale))
    found.sort(key=_rank)
    if exact:
        counted = []
        for estimate in found[:exact]:
            alone = estimate.alone
            if len(estimate.key) > 1:
                alone = max(_pairs_containing(estimate.text, other), estimate.together)
            key = estimate.key
            counted.append(_equivalent(key, forms[key], estimate.examples, passages, alone, scale))
        found = counted
    found.sort(key=_rank)
    return _without_overlaps(found)[:shown]


def _rank(e: Equivalent) -> tuple:
    """Best first: the association, then the evidence (pairs, then occurrences, which part
    the ties of a rare query, where every word of one aligned sentence scores alike), then
    the longer phrase."""
    return (-e.dice, -e.together, -e.seen, -len(e.key))


def _equivalent(
    key, forms: Counter, examples, passages: int, alone: int, scale: float = 1.0
) -> Equivalent:
    together = len(examples)
    dice = min(1.0, 2 * together * scale / (passages + alone))
    ranked = [form for form, _ in forms.most_common(3)]
    seen = sum(forms.values())
    return Equivalent(key, ranked, together, alone, round(dice, 3), frozenset(examples), seen)


def _documents_with(word: str, language: str) -> int:
    """Documents holding an analysed word on one side (answers, and the few questions)."""
    return backend().document_frequency(FIELDS[language], word)


def to_mark(found: list[Equivalent], most: int = 3) -> list[Equivalent]:
    """The equivalents worth marking in the aligned sentences: seen beside the query at least
    twice (in two pairs, or twice in one) and nearly as strongly associated as the best one
    (one sighting proves nothing)."""
    if not found:
        return []
    return [e for e in found[:most] if e.seen >= 2 and e.dice >= 0.8 * found[0].dice]


def _candidates(lines: Iterable[Line], language: str) -> tuple[Counter, dict, dict]:
    """How many pairs each candidate stands in (beside an occurrence), its written forms,
    and which pairs."""
    pairs: dict[tuple[str, ...], set[int]] = defaultdict(set)
    forms: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    seen: set[tuple[int, str]] = set()
    for line in lines:
        if not line.other or (line.answer.pk, line.other) in seen:
            continue
        seen.add((line.answer.pk, line.other))
        other, pk = line.other, line.answer.pk
        words = list(segment(other))
        # Whether each word and the next stand together: next positions, and nothing but a
        # space, hyphen or apostrophe between them (a rendering does not span punctuation:
        # 禁令、封闭; "chains, and"). A run of words is a candidate where all its words do.
        joined = [
            after[1] - before[1] == 1 and _JOINS.fullmatch(other, before[3], after[2]) is not None
            for before, after in itertools.pairwise(words)
        ]
        for n in range(1, LONGEST + 1):
            for i in range(len(words) - n + 1):
                if n > 1 and not all(joined[i : i + n - 1]):
                    continue
                key = tuple(word[0] for word in words[i : i + n])
                if key[0] in _EDGE_WORDS or key[-1] in _EDGE_WORDS or _trivial(key, language):
                    continue
                pairs[key].add(pk)
                forms[key][other[words[i][2] : words[i + n - 1][3]]] += 1
    return Counter({key: len(ids) for key, ids in pairs.items()}), forms, pairs


def _trivial(key: tuple[str, ...], language: str) -> bool:
    """Numbers and single letters or characters say little about a translation."""
    text = "".join(key)
    return text.isdigit() or (len(key) == 1 and len(text) < (2 if language == "en" else 3))


def _pairs_containing(form: str, language: str) -> int:
    """Paragraph pairs of the archive holding this phrase on the given side, counted in the
    index: exactly when its words stand together in at most PHRASE_CHECKED pairs, else
    estimated from that many of them (checking a common phrase everywhere reads the positions
    of two frequent words in every pair holding both)."""
    try:
        parsed = parse_query(f'"{form}"')
    except QueryError:
        return 0
    query = parsed.to_whoosh(language)
    return backend().count_documents(query, answers_only=True, checked=PHRASE_CHECKED)


def _without_overlaps(found: list[Equivalent]) -> list[Equivalent]:
    """Drop a candidate inside a better-ranked one (green beside green industri) unless it
    stands alone more often than within it."""
    kept: list[Equivalent] = []
    for candidate in found:
        inside = [k for k in kept if _contains(k.key, candidate.key)]
        if not any(candidate.together <= k.together for k in inside):
            kept.append(candidate)
    return kept


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return len(longer) > n and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def as_phrases(found: Iterable[Equivalent]) -> set[Phrase]:
    """Equivalents as search.highlight marks them (a Chinese one as one string)."""
    return {
        Phrase(("".join(e.key),) if all(not part.isascii() for part in e.key) else tuple(e.key))
        for e in found
    }
