"""The Elasticsearch index for the same SearchIndex classes: its analysis and its fields, kept
as data in elasticsearch.json (an index-creation body: `PUT /<index>` with the file as it is).

The analysis matches the Whoosh analyzers of archive/search/analysis.py field by field:

- word fields (text, text_zh, text_en; BilingualAnalyzer): NFKC (ICU normalizer), words by
  the ICU tokenizer (dictionary segmentation of Chinese, where Whoosh uses jieba),
  traditional→simplified (ICU transform "Traditional-Simplified"), lower case, Porter stems;
  no stop words;
- the character field (text_han; HanCharAnalyzer): each Han character and each pair of
  adjacent ones (cjk_bigram with unigrams), traditional folded to simplified, nothing else;
  queries are analysed to the overlapping pairs only (a single character stays itself), the
  same lookup as han_query_grams, so a quoted or unsegmentable run matches as a phrase of pairs;
- exact fields (exact_zh, exact_en; ExactWordAnalyzer): the Latin words lower-cased and not
  stemmed; Han words are dropped and leave a gap, so words either side are not adjacent;
- metadata: keyword (one value or several), and the day number as an integer.

`properties(fields)` checks the file against the SearchIndex fields and refuses to go on
when they differ, so the two cannot drift apart unnoticed. Needs the analysis-icu plugin.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from haystack.constants import DJANGO_CT, DJANGO_ID, ID

from .analysis import BilingualTokenizer, ExactWordTokenizer, HanCharTokenizer
from .fields import DAY_FIELD, EXACT_FIELDS, MULTI_FIELDS

MAPPING_FILE = Path(__file__).with_name("elasticsearch.json")

# Whoosh analyzer → the analyzers of elasticsearch.json that do the same.
ANALYZERS = {
    BilingualTokenizer: {"analyzer": "duihua_words"},
    ExactWordTokenizer: {"analyzer": "duihua_exact"},
    HanCharTokenizer: {"analyzer": "duihua_han", "search_analyzer": "duihua_han_query"},
}
KEYWORD = {"type": "keyword"}
HAYSTACK_FIELDS = (ID, DJANGO_CT, DJANGO_ID)  # added to every document by Haystack


@functools.cache
def index_body() -> dict:
    """The whole file: {"settings": {"analysis": …}, "mappings": {"properties": …}}."""
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def expected(field) -> dict:
    """What a SearchIndex field must be in Elasticsearch to behave as it does in Whoosh."""
    name = field.index_fieldname
    if name in EXACT_FIELDS or name in MULTI_FIELDS:
        return KEYWORD
    if name == DAY_FIELD:
        return {"type": "integer"}
    if field.analyzer is not None and type(field.analyzer) in ANALYZERS:
        return {"type": "text", **ANALYZERS[type(field.analyzer)]}
    raise ImproperlyConfigured(
        f"The search field {name!r} has no Elasticsearch counterpart: say in "
        "archive/search/elastic_mapping.py how it is indexed."
    )


def differences(fields: dict, mapped: dict) -> list[str]:
    """How the mapped properties differ from the SearchIndex fields, one line each."""
    wanted = {name: KEYWORD for name in HAYSTACK_FIELDS}
    wanted |= {field.index_fieldname: expected(field) for field in fields.values()}
    lines = [
        f"{name}: the SearchIndex needs {want}, {MAPPING_FILE.name} has {mapped.get(name)}"
        for name, want in wanted.items()
        if mapped.get(name) != want
    ]
    lines += [
        f"{name}: in {MAPPING_FILE.name} but no SearchIndex has it"
        for name in mapped
        if name not in wanted
    ]
    return lines


def properties(fields: dict) -> dict:
    """The mapped properties, once checked against the SearchIndex fields."""
    mapped = index_body()["mappings"]["properties"]
    if problems := differences(fields, mapped):
        raise ImproperlyConfigured(
            "The Elasticsearch mapping does not match the search fields:\n" + "\n".join(problems)
        )
    return mapped
