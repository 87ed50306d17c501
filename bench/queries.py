"""The benchmark's search queries, picked deterministically from the generated archive.

Words are ranked by how often they occur in a spread sample of paragraph pairs and taken at
fixed ranks (very common to rare), so most queries hit and their cost spans the range a
researcher sees. Around them: single characters, phrases, traditional characters, mixed
Chinese and English, OR and NOT, language restriction, sorting, a second page, facet filters
and queries that find nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

import rjieba

from archive.models import Answer, Interview, Person, Topic

from .generate import traditional

SAMPLE_SIZE = 4000
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
ENGLISH_STOP = {"that", "this", "what", "with", "have", "there", "they", "your", "were", "will"}
ZERO_HIT = ["zyxwvquux", "龘靐齉", '"purple elephant symphony"', "量子纠缠超导"]


@dataclass
class BenchQuery:
    """One request to the search page."""

    kind: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def q(self) -> str:
        return self.params["q"]

    @property
    def url(self) -> str:
        return "/search/?" + urlencode(self.params)

    def label(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.params.items() if k != "q")
        return f"{self.q} {extra}".strip()

    def plain_terms(self) -> list[str]:
        """The words a naive search would look for: no operators, no exclusions, no quotes."""
        terms, skip_next = [], False
        for match in re.finditer(r'"([^"]*)"?|(\S+)', self.q):
            phrase, word = match.groups()
            if word in {"AND", "OR", "NOT"}:
                skip_next = word == "NOT"
                continue
            if skip_next or (word or "").startswith("-"):
                skip_next = False
                continue
            term = (phrase if phrase is not None else word).strip()
            if term:
                terms.append(term)
        return terms


@dataclass
class Vocabulary:
    """Words of the sample ranked by frequency, and some phrases that occur in it."""

    zh: list[str]
    en: list[str]
    zh_phrases: list[str]
    en_phrases: list[str]

    def zh_at(self, rank: int) -> str:
        return self.zh[min(rank, len(self.zh) - 1)]

    def en_at(self, rank: int) -> str:
        return self.en[min(rank, len(self.en) - 1)]


def sample_answers(size: int = SAMPLE_SIZE) -> list[tuple[str, str]]:
    """Paragraph pairs spread evenly over the archive."""
    ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // size)
    chosen = ids[::step][:size]
    return list(
        Answer.objects.filter(pk__in=chosen).order_by("pk").values_list("text_zh", "text_en")
    )


def vocabulary(pairs: list[tuple[str, str]]) -> Vocabulary:
    """Rank the words of the sample and collect two-word phrases from it."""
    zh_counts: Counter[str] = Counter()
    en_counts: Counter[str] = Counter()
    zh_phrases, en_phrases = [], []
    for i, (zh, en) in enumerate(pairs):
        words = [w for w in rjieba.cut(zh) if HAN_WORD.match(w)]
        zh_counts.update(words)
        latin = [w.lower() for w in LATIN_WORD.findall(en)]
        en_counts.update(w for w in latin if w not in ENGLISH_STOP)
        if i % 97 == 0 and len(words) >= 2:
            zh_phrases.append(words[0] + words[1])
        if i % 89 == 0:
            words = SENTENCE_END.split(en)[0].split()
            if len(words) >= 4:
                en_phrases.append(" ".join(w.strip(".,;:\"'") for w in words[1:4]))
    ranked = lambda counts: [w for w, _ in counts.most_common()]  # noqa: E731
    return Vocabulary(ranked(zh_counts), ranked(en_counts), zh_phrases, en_phrases)


def traditional_variants(words: list[str], wanted: int) -> list[str]:
    """Words that look different in traditional characters (学习 → 學習)."""
    variants = [traditional(w) for w in words if traditional(w) != w]
    return variants[:wanted]


def word_queries(v: Vocabulary) -> list[BenchQuery]:
    zh = [BenchQuery("zh word", {"q": v.zh_at(r)}) for r in (0, 2, 9, 29, 99, 299, 999, 2999)]
    chars = [BenchQuery("zh character", {"q": c}) for c in ("我", "的", "钢")]
    trad = [
        BenchQuery("traditional", {"q": w})
        for w in traditional_variants([v.zh_at(r) for r in range(1, 400, 7)], 4)
    ]
    en = [BenchQuery("en word", {"q": v.en_at(r)}) for r in (0, 2, 9, 29, 99, 299, 999)]
    return zh + chars + trad + en


def phrase_queries(v: Vocabulary) -> list[BenchQuery]:
    zh_and = [
        BenchQuery("zh words", {"q": f"{v.zh_at(a)} {v.zh_at(b)}"})
        for a, b in ((4, 49), (19, 199), (9, 499))
    ]
    zh_runs = [BenchQuery("zh phrase", {"q": p}) for p in v.zh_phrases[:3]]
    zh_quoted = [BenchQuery("zh quoted", {"q": f'"{p}"'}) for p in v.zh_phrases[3:4]]
    en_quoted = [BenchQuery("en phrase", {"q": f'"{p}"'}) for p in v.en_phrases[:4]]
    en_and = [
        BenchQuery("en words", {"q": f"{v.en_at(a)} {v.en_at(b)}"}) for a, b in ((3, 40), (15, 150))
    ]
    return zh_and + zh_runs + zh_quoted + en_quoted + en_and


def operator_queries(v: Vocabulary) -> list[BenchQuery]:
    return [
        BenchQuery("mixed", {"q": f"{v.zh_at(5)} {v.en_at(5)}"}),
        BenchQuery("mixed", {"q": f"{v.zh_at(60)} {v.en_at(20)}"}),
        BenchQuery("mixed", {"q": f'{v.zh_at(12)} "{v.en_phrases[4]}"'}),
        BenchQuery("OR", {"q": f"{v.zh_at(50)} OR {v.zh_at(80)}"}),
        BenchQuery("OR", {"q": f"{v.en_at(50)} OR {v.en_at(80)}"}),
        BenchQuery("OR", {"q": f"{v.zh_at(150)} OR {v.en_at(150)}"}),
        BenchQuery("NOT", {"q": f"{v.zh_at(3)} -{v.zh_at(7)}"}),
        BenchQuery("NOT", {"q": f"{v.en_at(4)} NOT {v.en_at(8)}"}),
        BenchQuery("NOT", {"q": f"{v.zh_at(40)} -{v.en_at(1)}"}),
    ]


def option_queries(v: Vocabulary) -> list[BenchQuery]:
    topic = Topic.objects.order_by("pk").first()
    year = Interview.objects.order_by("date").values_list("date", flat=True)[
        Interview.objects.count() // 2
    ]
    person = Person.objects.filter(interviews__isnull=False).order_by("pk").first()
    return [
        BenchQuery("lang=zh", {"q": v.zh_at(8), "lang": "zh"}),
        BenchQuery("lang=zh", {"q": f"{v.zh_at(10)} {v.zh_at(90)}", "lang": "zh"}),
        BenchQuery("lang=en", {"q": v.en_at(6), "lang": "en"}),
        BenchQuery("lang=en", {"q": f'"{v.en_phrases[5]}"', "lang": "en"}),
        BenchQuery("sort=date", {"q": v.zh_at(1), "sort": "date"}),
        BenchQuery("sort=date", {"q": v.en_at(12), "sort": "date"}),
        BenchQuery("page=2", {"q": v.zh_at(15), "page": "2"}),
        BenchQuery("page=2", {"q": v.en_at(2), "page": "2"}),
        BenchQuery("facet", {"q": v.zh_at(0), "topic": str(topic.pk)}),
        BenchQuery("facet", {"q": v.en_at(0), "year": str(year.year)}),
        BenchQuery("person", {"q": person.name_zh}),
    ]


def zero_hit_queries() -> list[BenchQuery]:
    return [BenchQuery("zero-hit", {"q": q}) for q in ZERO_HIT]


def bench_queries() -> list[BenchQuery]:
    """The fixed list of queries, derived from the archive in the database."""
    v = vocabulary(sample_answers())
    return (
        word_queries(v)
        + phrase_queries(v)
        + operator_queries(v)
        + option_queries(v)
        + zero_hit_queries()
    )
