"""What the database says the search index should hold, to compare with what it does hold."""

from whoosh.fields import TEXT, Schema

from archive.models import Interview
from archive.search.analysis import SpanText
from archive.search.indexing import backend, documents_for


def expected_documents() -> dict[str, str]:
    """identifier → content digest of every document the database says should exist."""
    published = set(Interview.objects.published().values_list("pk", flat=True))
    expected = {}
    for index, obj in documents_for(published):
        prepared = index.full_prepare(obj)
        expected[prepared["id"]] = prepared["digest"]
    return expected


def assert_index_matches_database() -> None:
    """Every document the database calls for is indexed, up to date, and nothing else is."""
    indexed, expected = backend().indexed_documents(), expected_documents()
    assert indexed.keys() == expected.keys(), (
        f"missing: {sorted(expected.keys() - indexed.keys())[:5]}, "
        f"stale: {sorted(indexed.keys() - expected.keys())[:5]}"
    )
    outdated = [key for key in expected if indexed[key] != expected[key]]
    assert outdated == []


def whoosh_text_fields(schema):
    """The schema with Whoosh's own TEXT fields where the index has SpanText."""

    def stock(field):
        if not isinstance(field, SpanText):
            return field
        return TEXT(analyzer=field.analyzer, field_boost=field.format.field_boost, phrase=True)

    fields = {name: stock(schema[name]) for name in schema.names()}
    assert any(isinstance(schema[name], SpanText) for name in schema.names())
    return Schema(**fields)
