"""A parsed query (archive/search/query.py) as an Elasticsearch query, clause for clause the
query that ParsedQuery.to_whoosh builds.

Where Whoosh is given the terms our analyzer produced, Elasticsearch is given the clause's
text, to be analysed by the field's own analyzer (archive/search/elasticsearch.json): its
word segmentation is ICU's, not jieba's, so terms cut here would not be the terms it indexed.
Text still only ever reaches `match_phrase` for fields chosen here, never a query parser.

- a word or unquoted Chinese run: a phrase of its words in the text field of the language;
  a run of Han characters is looked up as a phrase of character pairs in text_han (any
  substring matches), and also in the word field where our segmenter sees one word;
- a quoted phrase of Latin words: a phrase in the exact (unstemmed) fields;
- alternatives (OR): any of them; groups: all of them; exclusions: none of them, in any
  language; a named interviewee: the name where it occurs, or (with other words) any passage
  of their interviews, at INTERVIEWEE_BOOST.
"""

from __future__ import annotations

from .query import (
    CHARACTER_FIELD,
    EXACT_FIELDS,
    FIELDS,
    INTERVIEWEE_BOOST,
    Clause,
    Interviewee,
    ParsedQuery,
    _han_runs,
    han_query_grams,
    only_han,
    query_terms,
)


def passage_query(parsed: ParsedQuery, language: str = "both") -> dict:
    """Passages where the query's words (and names) occur in the text (to_whoosh)."""
    language = language if language in FIELDS else "both"
    required = [_any([_passage(clause, language) for clause in group]) for group in parsed.groups]
    through = bool(parsed.groups)
    required += [_name(person, FIELDS[language], through) for person in parsed.interviewees]
    return _excluding(parsed, required)


def through_query(parsed: ParsedQuery) -> dict | None:
    """Every passage of the named people's interviews, when the query has no other words
    (through_interviewees); None otherwise."""
    if not parsed.interviewees or parsed.groups:
        return None
    return _excluding(parsed, [_interviewee(person) for person in parsed.interviewees])


def filter_clauses(filters: dict[str, str]) -> list[dict]:
    """Exact facet filters (interviewee, year, asker…), which do not score."""
    return [{"term": {name: value}} for name, value in filters.items()]


def _excluding(parsed: ParsedQuery, required: list[dict]) -> dict:
    query: dict = {"must": required}
    if parsed.excluded:  # exclusions apply to the passage text in any language
        query["must_not"] = [_passage(clause, "both") for clause in parsed.excluded]
    return {"bool": query}


def _any(queries: list[dict]) -> dict:
    if len(queries) == 1:
        return queries[0]
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def _passage(clause: Clause, language: str) -> dict:
    if clause.exact:
        return _any([_phrase(name, clause.text) for name in EXACT_FIELDS[language]])
    fieldname = FIELDS[language]
    return _field(clause.text, fieldname, characters=fieldname != "text_en")


def _field(text: str, fieldname: str, boost: float = 1.0, characters: bool = False) -> dict:
    runs = _han_runs(text)
    if characters and len(runs) == 1 and only_han(text):
        by_pairs = _phrase(CHARACTER_FIELD, runs[0], boost)
        if len(query_terms(text)) == 1 and len(han_query_grams(runs[0])) > 1:
            return _any([_phrase(fieldname, text, boost), by_pairs])
        return by_pairs
    return _phrase(fieldname, text, boost)


def _name(person: Interviewee, fieldname: str, through: bool) -> dict:
    queries = [
        _field(name, fieldname, characters=fieldname != "text_en")
        for name in person.names
        if query_terms(name)
    ]
    if through:
        queries.append(_interviewee(person, boost=INTERVIEWEE_BOOST))
    return _any(queries)


def _interviewee(person: Interviewee, boost: float = 1.0) -> dict:
    return {"terms": {"interviewee": list(person.pks), "boost": boost}}


def _phrase(fieldname: str, text: str, boost: float = 1.0) -> dict:
    return {"match_phrase": {fieldname: {"query": text, "boost": boost}}}
