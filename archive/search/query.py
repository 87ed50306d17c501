"""Turn what a researcher types into a Whoosh query, safely.

The syntax: words, "quoted phrases", OR between alternatives, and NOT or a leading minus to
exclude (`绿色工业 OR "green industry" -COVID`). Words next to each other must all match (AND,
which may also be written). A run of Chinese characters is matched as a phrase of its words,
or as one word where the index holds it as one. Words that name an interviewee (李勇, Li Yong,
liyong) stand for that person once archive.search.interviewees has found them.

User input never reaches a query parser: it is cut into terms by the same analyzer as the
index, and the terms are placed into Whoosh query objects for fields chosen here, so no input
can address another field (`django_ct:…`) or use Whoosh's syntax.

Unquoted English words are stemmed (global finds globalization); a quoted phrase of Latin
words matches their exact forms ("green industries" does not find "green industrial"). Chinese
in quotes is matched character by character, traditional and simplified folded together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from whoosh import query as wq

from ..names import name_key
from ..text import HAN_CHAR
from .analysis import HAN, fold, han_query_grams, query_terms

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 32
MAX_NAME_WORDS = 3  # Ouyang Xiu, Li Yong, Wang Wen Bin
INTERVIEWEE_BOOST = 0.3  # a passage of the person's interviews counts less than their name

FIELDS = {
    "both": "text",
    "zh": "text_zh",
    "en": "text_en",
}
CHARACTER_FIELD = "text_han"  # Chinese text as characters and character pairs
EXACT_FIELDS = {  # the Latin words unstemmed, for quoted phrases
    "both": ("exact_zh", "exact_en"),
    "zh": ("exact_zh",),
    "en": ("exact_en",),
}

_TOKENS = re.compile(r'(?P<phrase>"[^"]*"?)|(?P<word>[^\s"]+)')
_SCRIPT_RUNS = re.compile(f"[{HAN}]+|[^{HAN}]+")
_OPERATORS = {"AND", "OR", "NOT"}
_WORD_CHAR = re.compile(r"[^\W_]")


class QueryError(ValueError):
    """A query that cannot be run; the message is shown to the researcher."""


@dataclass
class Clause:
    text: str
    phrase: bool = False
    excluded: bool = False

    @property
    def exact(self) -> bool:
        """A quoted phrase without Chinese: its words are matched in their exact forms."""
        return self.phrase and not _han_runs(self.text)


@dataclass(frozen=True)
class Phrase:
    """Terms to mark where they follow each other; exact terms are compared unstemmed."""

    terms: tuple[str, ...]
    exact: bool = False


@dataclass(frozen=True)
class Interviewee:
    """Someone the query names who gave interviews: their passages match through them.

    People who share a name key (two 李勇) are one Interviewee: the query names them all.
    """

    pks: tuple[str, ...]
    names: tuple[str, ...]  # the forms marked where they occur: 李勇, Li Yong


@dataclass
class ParsedQuery:
    """A query after parsing: groups of alternatives that must all match, and exclusions.

    Words that name an interviewee (李勇, Li Yong, liyong) are taken out of the groups by
    `name_interviewees`: they then match where the name occurs, and every passage of that
    person's interviews, which the search lists apart (`through_interviewees`).
    """

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    interviewees: list[Interviewee] = field(default_factory=list)

    def highlight_phrases(self) -> set[Phrase]:
        """Term sequences to mark in hits, one per clause or name (Chinese runs as one string).
        A quoted phrase of Latin words is marked only in its exact forms."""
        phrases: set[Phrase] = set()
        clauses = [clause for group in self.groups for clause in group]
        clauses += [Clause(name) for person in self.interviewees for name in person.names]
        for clause in clauses:
            runs = _han_runs(clause.text)
            if runs and only_han(clause.text):
                phrases.update(Phrase((run,)) for run in runs)
            elif terms := query_terms(clause.text, stemmed=not clause.exact):
                phrases.add(Phrase(tuple(terms), exact=clause.exact))
        return phrases

    def name_keys(self) -> dict[str, list[int]]:
        """Keys (archive.names.name_key) of what could be a name: each run of up to
        MAX_NAME_WORDS consecutive one-clause groups (李勇; Li Yong; liyong), with the groups."""
        keys: dict[str, list[int]] = {}
        for start in range(len(self.groups)):
            run: list[int] = []
            for index in range(start, min(start + MAX_NAME_WORDS, len(self.groups))):
                if len(self.groups[index]) > 1:
                    break
                run.append(index)
                text = "".join(self.groups[i][0].text for i in run)
                keys.setdefault(name_key(text), list(run))
        keys.pop("", None)
        return keys

    def name_interviewees(self, named: dict[str, Interviewee]) -> None:
        """Replace the words that name these people (by name key) with the people, the
        longest name first."""
        keys = self.name_keys()
        consumed: set[int] = set()
        for key in sorted(keys, key=lambda k: (-len(keys[k]), keys[k])):
            person = named.get(key)
            if person is None or consumed & set(keys[key]):
                continue
            consumed.update(keys[key])
            if person not in self.interviewees:
                self.interviewees.append(person)
        self.groups = [group for i, group in enumerate(self.groups) if i not in consumed]

    def to_whoosh(self, language: str = "both") -> wq.Query:
        """Passages where the query's words (and names) occur in the text."""
        language = language if language in FIELDS else "both"
        required = [_group_query(group, language) for group in self.groups]
        through = bool(self.groups)  # a name alone is listed only where it occurs
        required += [_name_query(p, FIELDS[language], through) for p in self.interviewees]
        return self._excluding(required)

    def through_interviewees(self, language: str = "both") -> wq.Query | None:
        """Passages that match only because a named person was interviewed: every passage of
        their interviews when the query has no other words (with other words, those words
        must occur, so to_whoosh finds them). None when the query names nobody."""
        if not self.interviewees or self.groups:
            return None
        return self._excluding([_interviewee_query(person) for person in self.interviewees])

    def _excluding(self, required: list[wq.Query]) -> wq.Query:
        positive = wq.And(required) if len(required) > 1 else required[0]
        if not self.excluded:
            return positive
        # Exclusions apply to the passage text in any language.
        negative = wq.Or([_passage_query(c, "both") for c in self.excluded])
        return wq.AndNot(positive, negative)


def clean_query(raw: str) -> tuple[str, list[str]]:
    """Remove control characters and cut overlong input; say what was changed."""
    notices = []
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char for char in raw or ""
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(
            _("Your query was shortened to its first %(n)d characters.") % {"n": MAX_QUERY_CHARS}
        )
    return text, notices


def parse_query(raw: str) -> ParsedQuery:
    """Parse user input; raise QueryError with a friendly message if nothing can be searched."""
    text, notices = clean_query(raw)
    parsed = ParsedQuery(notices=notices)
    if not text:
        raise QueryError(_("Type a word or phrase to search for, in Chinese or English."))
    clauses, joins = _clauses(text)
    if len(clauses) > MAX_CLAUSES:
        clauses, joins = clauses[:MAX_CLAUSES], joins[:MAX_CLAUSES]
        parsed.notices.append(
            _("Only the first %(n)d words and phrases were used.") % {"n": MAX_CLAUSES}
        )
    for clause, join_or in zip(clauses, joins, strict=True):
        if clause.excluded:
            parsed.excluded.append(clause)
        elif join_or and parsed.groups:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
    if not parsed.groups:
        if parsed.excluded:
            raise QueryError(
                _(
                    "Add a word to search for: a query that only excludes (NOT …, -…) "
                    "would match nearly everything."
                )
            )
        raise QueryError(_("There is nothing to search for in that query; try a word or phrase."))
    return parsed


def _clauses(text: str) -> tuple[list[Clause], list[bool]]:
    """Clauses with searchable terms, and whether each was joined to the previous by OR."""
    clauses: list[Clause] = []
    joins: list[bool] = []
    negate_next = join_next = False
    for match in _TOKENS.finditer(text):
        token = match.group()
        minus_phrase = token == "-" and text.startswith('"', match.end())  # -"a phrase"
        if match["word"] in _OPERATORS or minus_phrase:
            negate_next = negate_next or token == "NOT" or minus_phrase
            join_next = token == "OR" and bool(clauses)
            continue
        excluded = negate_next
        if match["phrase"]:
            body, phrase = token.strip('"'), True
        else:
            body, phrase = token, False
            if body.startswith("-") and len(body) > 1:
                body, excluded = body[1:], True
        pieces = [body] if phrase else _SCRIPT_RUNS.findall(body)
        for piece in pieces:
            if query_terms(piece):
                clauses.append(Clause(piece, phrase=phrase, excluded=excluded))
                joins.append(join_next)
                join_next = False
        negate_next = False
    return clauses, joins


def only_han(text: str) -> bool:
    """True when the text's only word characters are Han characters."""
    return not _WORD_CHAR.search(re.sub(f"[{HAN}]", "", fold(text)))


def typed_in(text: str) -> str:
    """The language a query is typed in, as the concordance and the search page's leads read
    it: Chinese when it holds a Han character, else English."""
    return "zh" if HAN_CHAR.search(text) else "en"


def _han_runs(text: str) -> list[str]:
    return re.findall(f"[{HAN}]+", fold(text))


def _group_query(group: list[Clause], language: str) -> wq.Query:
    """Any of the alternatives in the passage text."""
    queries = [_passage_query(c, language) for c in group]
    return wq.Or(queries) if len(queries) > 1 else queries[0]


def _name_query(person: Interviewee, fieldname: str, through: bool) -> wq.Query:
    """The person's name, in any of its forms, in the passage text; with `through`, also any
    passage of their interviews (the query's other words must then occur in it)."""
    queries = [
        _field_query(Clause(name), fieldname, characters=fieldname != "text_en")
        for name in person.names
        if query_terms(name)
    ]
    if through:
        queries.append(_interviewee_query(person, boost=INTERVIEWEE_BOOST))
    return wq.Or(queries) if len(queries) > 1 else queries[0]


def _interviewee_query(person: Interviewee, boost: float = 1.0) -> wq.Query:
    terms = [wq.Term("interviewee", pk, boost=boost) for pk in person.pks]
    return wq.Or(terms) if len(terms) > 1 else terms[0]


def _passage_query(clause: Clause, language: str) -> wq.Query:
    """The clause in the passage text of the chosen language: exact forms for a quoted
    phrase of Latin words, stemmed words (and Chinese characters) otherwise."""
    if clause.exact:
        terms = query_terms(clause.text, stemmed=False)
        queries = [_terms_query(name, terms) for name in EXACT_FIELDS[language]]
        return queries[0] if len(queries) == 1 else wq.Or(queries)
    fieldname = FIELDS[language]
    return _field_query(clause, fieldname, characters=fieldname != "text_en")


def _field_query(
    clause: Clause, fieldname: str, boost: float = 1.0, characters: bool = False
) -> wq.Query:
    """Words as a term or phrase. Chinese, where the gram field applies, is looked up there
    (any substring matches); if the segmenter sees one word, its word is also scored."""
    terms = query_terms(clause.text)
    runs = _han_runs(clause.text)
    if characters and len(runs) == 1 and only_han(clause.text):
        grams = han_query_grams(runs[0])
        by_gram = (
            wq.Term(CHARACTER_FIELD, grams[0], boost=boost)
            if len(grams) == 1
            else wq.Phrase(CHARACTER_FIELD, grams, boost=boost)
        )
        if len(terms) == 1 and len(grams) > 1:
            return wq.Or([wq.Term(fieldname, terms[0], boost=boost), by_gram])
        return by_gram
    return _terms_query(fieldname, terms, boost)


def _terms_query(fieldname: str, terms: list[str], boost: float = 1.0) -> wq.Query:
    if len(terms) == 1:
        return wq.Term(fieldname, terms[0], boost=boost)
    return wq.Phrase(fieldname, terms, boost=boost)
