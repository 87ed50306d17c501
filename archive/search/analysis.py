"""One analyzer for Chinese and English text, used at index time and at query time.

- Unicode NFKC and traditional→simplified folding (OpenCC t2s), both length-preserving so the
  character offsets of tokens point into the original text (highlighting relies on that);
- Han runs segmented by rjieba; tokens numbered one position per word so quoted phrases match;
- Latin words lower-cased and Porter-stemmed; no stop words (not, we, you carry meaning here).
  The Latin words are indexed once more unstemmed (ExactWordTokenizer), so a quoted phrase
  can ask for the exact forms: "green industries" without "green industrial".

Word segmentation ranks well but cannot find every substring: 可持续 is not a word of
可持续性 to jieba. So the Chinese text is also indexed as characters and pairs of adjacent
characters (HanCharTokenizer). A Chinese query looks up its pairs there as a phrase (可持, 持续),
which finds any substring; a two-character query (the commonest) is then a single term, and a
single character (党, 钢) matches itself.

The analyzer is pickled into the Whoosh schema: the class holds no state, and the OpenCC
converter is created lazily at module level. Changing the analysis requires `rebuild_index`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import rjieba
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang.porter import stem

from ..text import HAN

# A run of Han characters, or a word of letters/digits (with inner dots: 2.5, U.S). Apostrophes
# separate, so UNIDO’s is found by UNIDO; a word ends where Chinese begins (关于green的).
_LETTER = rf"[^\W_{HAN}]"
_RUNS = re.compile(rf"(?P<han>[{HAN}]+)|(?P<word>{_LETTER}+(?:\.{_LETTER}+)*)")
_HAN_CHAR = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}]+")


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


@functools.lru_cache(maxsize=256)
def fold(text: str) -> str:
    """NFKC and traditional→simplified folding that keeps every character at its offset.

    The last texts folded are remembered: highlighting folds a text, then segments it."""
    if not unicodedata.is_normalized("NFKC", text):  # else every character folds to itself
        text = "".join(_fold_char(char) for char in text)
    if not _HAN_CHAR.search(text):
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # Phrase conversions can change the length; fall back to character by character.
    return "".join(_fold_han(char) for char in text)


@functools.lru_cache(maxsize=65536)
def _fold_han(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


@functools.lru_cache(maxsize=100_000)
def normalise_word(word: str, stemmed: bool = True) -> str:
    """Lower-case a Latin word, and stem it unless the exact form is wanted (industries →
    industri)."""
    lowered = word.lower()
    if stemmed and lowered.isascii() and lowered.isalpha():
        return stem(lowered)
    return lowered


def segment(text: str, stemmed: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start, end) for every word of text, positions counted from 0."""
    folded = fold(text)
    position = 0
    for run in _RUNS.finditer(folded):
        start = run.start()
        if run["word"]:
            yield normalise_word(run["word"], stemmed), position, start, run.end()
            position += 1
            continue
        for word, begin, end in rjieba.tokenize(run["han"]):
            yield word, position, start + begin, start + end
            position += 1


def exact_words(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(word, position, start, end) for the Latin words of text, lower-cased, not stemmed.

    Chinese is left to the character field, which is exact already; a run of it takes one
    position, so words on either side of it do not count as adjacent. Skipping the segmenter
    keeps this field cheap to build.
    """
    return latin_words(text, stemmed=False)


def latin_words(text: str, stemmed: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """(word, position, start, end) for the Latin words of text, as `segment` gives them,
    but with each run of Chinese unsegmented, taking one position."""
    for position, run in enumerate(_RUNS.finditer(fold(text))):
        if run["word"]:
            yield normalise_word(run["word"], stemmed), position, run.start(), run.end()


def han_grams(text: str) -> Iterator[tuple[str, int, int]]:
    """(gram, position, offset): each Han character, and each pair of adjacent ones, at the
    position of its first character. A gap of anything else skips a position, so grams do not
    join across punctuation or spaces."""
    position = 0
    for run in _HAN_RUN.finditer(fold(text)):
        chars = run.group()
        for i, char in enumerate(chars):
            yield char, position, run.start() + i
            if i + 1 < len(chars):
                yield chars[i : i + 2], position, run.start() + i
            position += 1
        position += 1


def han_query_grams(run: str) -> list[str]:
    """How a run of Han characters is looked up in the gram field: itself if one character,
    else its overlapping pairs (可持续 → 可持, 持续), which must follow each other."""
    run = fold(run)
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


class _SpanTokenizer(Tokenizer):
    """Turns (term, position, start, end) spans into Whoosh tokens; honours tokenize=False.

    Subclasses say what the spans are. Instances hold no state, so they pickle into the index
    schema and compare equal by class.
    """

    def spans(self, value: str) -> Iterator[tuple[str, int, int, int]]:
        raise NotImplementedError

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __hash__(self):
        return hash(self.__class__)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # Whoosh asks for the whole value as one token, e.g. for SearchQuerySet().all().
        spans = self.spans(value) if tokenize else [(value, 0, 0, len(value))]
        for term, position, start, end in spans:
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class BilingualTokenizer(_SpanTokenizer):
    """Whoosh tokenizer for mixed Chinese and English text: one token per word."""

    def spans(self, value):
        return segment(value)


class ExactWordTokenizer(_SpanTokenizer):
    """Whoosh tokenizer for the exact forms of Latin words (see exact_words)."""

    def spans(self, value):
        return exact_words(value)


class HanCharTokenizer(_SpanTokenizer):
    """Whoosh tokenizer that indexes Han characters and character pairs (see han_grams)."""

    def spans(self, value):
        for gram, position, offset in han_grams(value):
            yield gram, position, offset, offset + len(gram)


class SpanText(TEXT):
    """A text field of the index whose analyzer is one of the tokenizers above.

    Indexing a value gathers each term's positions straight from the spans, as Whoosh's
    Positions format gathers them from tokens (one Token object and four generators per
    word, a third of a rebuild's adding of documents): the same terms, frequencies, weights
    and encoded positions, in the same order. Any other analyzer or format is left to Whoosh.
    """

    def index(self, value, **kwargs):
        analyzer, form = self.analyzer, self.format
        if not (
            isinstance(analyzer, _SpanTokenizer)
            and type(form) is Positions
            and isinstance(value, str)
            and not kwargs
        ):
            return super().index(value, **kwargs)
        positions: dict[str, list[int]] = {}
        for term, position, _start, _end in analyzer.spans(value):
            if (found := positions.get(term)) is None:
                positions[term] = [position]
            else:
                found.append(position)
        boost, encode = form.field_boost, form.encode
        return [
            (
                term.encode(),
                len(found),
                float(len(found)) * boost,
                bytes(memoryview(_one_position(found[0]))) if len(found) == 1 else encode(found),
            )
            for term, found in positions.items()
        ]


@functools.lru_cache(maxsize=8192)
def _one_position(position: int) -> bytes:
    """A term's positions in a document where it occurs once, as Whoosh's Positions format
    encodes them: most postings are such, and their values repeat. Each posting is given a
    copy: a block's pickle would write one object met twice as a reference to the first."""
    return Positions().encode([position])


def BilingualAnalyzer() -> BilingualTokenizer:
    """The analyzer for the word fields of the index."""
    return BilingualTokenizer()


def ExactWordAnalyzer() -> ExactWordTokenizer:
    """The analyzer for the unstemmed word fields of the index."""
    return ExactWordTokenizer()


def HanCharAnalyzer() -> HanCharTokenizer:
    """The analyzer for the character field of the index."""
    return HanCharTokenizer()


def query_terms(text: str, stemmed: bool = True) -> list[str]:
    """The terms a piece of query text analyses to, in order."""
    return [term for term, *_ in segment(text, stemmed)]
