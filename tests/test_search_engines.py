"""SEARCH_URL chooses the search engine; the Elasticsearch mapping mirrors the SearchIndex
fields and the Whoosh analysis, and its query the Whoosh query; a backend without the passage
search says so."""

import copy
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from haystack import connections

from archive.search import elastic_mapping, elastic_query, engines, service
from archive.search.analysis import BilingualAnalyzer, ExactWordAnalyzer, HanCharAnalyzer
from archive.search.query import (
    INTERVIEWEE_BOOST,
    Clause,
    Interviewee,
    ParsedQuery,
    parse_query,
)

DEFAULT = "/var/duihua/whoosh"
ES = engines.ELASTICSEARCH_ENGINE


def search_fields() -> dict:
    return connections["default"].get_unified_index().all_searchfields()


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TestSearchUrl:
    @pytest.mark.parametrize("value", ["", "   "])
    def test_unset_keeps_the_whoosh_index_on_local_disk(self, value):
        assert engines.connection(value, DEFAULT) == {
            "ENGINE": engines.WHOOSH_ENGINE,
            "PATH": DEFAULT,
        }

    def test_a_whoosh_url_names_the_index_directory(self):
        options = engines.connection("whoosh:///srv/duihua/index", DEFAULT)
        assert options == {"ENGINE": engines.WHOOSH_ENGINE, "PATH": "/srv/duihua/index"}

    @pytest.mark.parametrize(
        ("value", "url", "index"),
        [
            ("elasticsearch://127.0.0.1:9200/duihua", "http://127.0.0.1:9200/", "duihua"),
            ("elasticsearch://search.internal/duihua-test", "http://search.internal:9200/", None),
            (
                "elasticsearch+https://es.example.org:443/archive",
                "https://es.example.org:443/",
                None,
            ),
            (
                "elasticsearch://duihua:s3cret@10.0.0.5:9201/a_1",
                "http://duihua:s3cret@10.0.0.5:9201/",
                None,
            ),
            ("elasticsearch://[::1]:9200/duihua", "http://[::1]:9200/", None),
        ],
    )
    def test_an_elasticsearch_url_names_the_server_and_the_index(self, value, url, index):
        options = engines.connection(value, DEFAULT)
        assert options["ENGINE"] == ES
        assert options["URL"] == url
        assert options["INDEX_NAME"] == (index or value.rsplit("/", 1)[1])
        assert options["SILENTLY_FAIL"] is False

    @pytest.mark.parametrize(
        ("value", "says"),
        [
            ("solr://127.0.0.1:8983/duihua", "names no search engine"),
            ("127.0.0.1:9200/duihua", "names no search engine"),
            ("elasticsearch://127.0.0.1:9200", "needs an index name"),
            ("elasticsearch://127.0.0.1:9200/Duihua", "needs an index name"),
            ("elasticsearch://127.0.0.1:9200/_duihua", "needs an index name"),
            ("elasticsearch://127.0.0.1:9200/a/b", "needs an index name"),
            ("elasticsearch:///duihua", "names no server"),
            ("elasticsearch://127.0.0.1:port/duihua", "Port could not be cast"),
            ("elasticsearch://127.0.0.1:9200/duihua?timeout=5", "options after ? or #"),
            ("whoosh://relative/path", "three slashes"),
        ],
    )
    def test_a_value_that_cannot_be_read_is_refused_with_the_accepted_forms(self, value, says):
        with pytest.raises(ImproperlyConfigured, match=says.replace("?", r"\?")):
            engines.connection(value, DEFAULT)

    def test_a_password_never_appears_in_the_message(self):
        with pytest.raises(ImproperlyConfigured) as refused:
            engines.connection("elasticsearch://duihua:s3cret@127.0.0.1:9200/", DEFAULT)
        assert "s3cret" not in str(refused.value)
        assert "duihua:***@127.0.0.1" in str(refused.value)

    def test_the_settings_refuse_to_start_on_a_bad_value(self):
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "SEARCH_URL": "solr://127.0.0.1:8983/duihua"}
        run = subprocess.run(
            [sys.executable, "-c", "import archive.settings"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode != 0
        assert "ImproperlyConfigured: SEARCH_URL 'solr://127.0.0.1:8983/duihua'" in run.stderr


class TestReachability:
    def test_a_whoosh_index_is_a_directory_and_always_usable(self):
        assert engines.unreachable(engines.connection("", DEFAULT)) == ""

    def test_a_server_that_does_not_answer_is_named_with_the_reason(self):
        url = f"elasticsearch://127.0.0.1:{closed_port()}/duihua-test"
        reason = engines.unreachable(engines.connection(url, DEFAULT), url)
        assert reason.startswith(f"SEARCH_URL names {url} which is not reachable: ")
        assert "refused" in reason.lower()

    def test_the_reason_hides_the_password(self):
        url = f"elasticsearch://duihua:s3cret@127.0.0.1:{closed_port()}/duihua-test"
        reason = engines.unreachable(engines.connection(url, DEFAULT), url)
        assert "s3cret" not in reason and "duihua:***@" in reason


class TestMapping:
    def test_every_search_field_is_mapped_as_it_is_analysed_on_whoosh(self):
        mapped = elastic_mapping.index_body()["mappings"]["properties"]
        assert elastic_mapping.differences(search_fields(), mapped) == []
        assert elastic_mapping.properties(search_fields()) == mapped

    def test_the_text_fields_use_the_analyzers_that_mirror_whoosh(self):
        mapped = elastic_mapping.properties(search_fields())
        for name in ("text", "text_zh", "text_en"):
            assert mapped[name] == {"type": "text", "analyzer": "duihua_words"}
        for name in ("exact_zh", "exact_en"):
            assert mapped[name] == {"type": "text", "analyzer": "duihua_exact"}
        assert mapped["text_han"]["analyzer"] == "duihua_han"
        assert mapped["text_han"]["search_analyzer"] == "duihua_han_query"
        assert {mapped[name]["type"] for name in ("kind", "interview", "topic", "asker")} == {
            "keyword"
        }
        assert mapped["day"] == {"type": "integer"}

    def test_each_whoosh_analyzer_has_its_elasticsearch_counterpart(self):
        analyzers = elastic_mapping.index_body()["settings"]["analysis"]["analyzer"]
        for whoosh in (BilingualAnalyzer(), ExactWordAnalyzer(), HanCharAnalyzer()):
            named = elastic_mapping.ANALYZERS[type(whoosh)].values()
            assert set(named) <= set(analyzers)

    def test_the_analysis_names_only_what_it_defines_or_elasticsearch_provides(self):
        analysis = elastic_mapping.index_body()["settings"]["analysis"]
        provided = {"icu_tokenizer", "standard", "lowercase", "porter_stem"}
        for analyzer in analysis["analyzer"].values():
            assert analyzer["tokenizer"] in provided
            assert set(analyzer["filter"]) <= set(analysis["filter"]) | provided
            assert set(analyzer["char_filter"]) <= set(analysis["char_filter"])

    def test_the_chinese_chain_folds_traditional_and_stems_english(self):
        analysis = elastic_mapping.index_body()["settings"]["analysis"]
        words = analysis["analyzer"]["duihua_words"]["filter"]
        assert analysis["filter"]["duihua_t2s"] == {
            "type": "icu_transform",
            "id": "Traditional-Simplified",
        }
        assert words.index("lowercase") < words.index("porter_stem")  # the stemmer needs it
        assert "porter_stem" not in analysis["analyzer"]["duihua_exact"]["filter"]
        grams = analysis["filter"]["duihua_han_grams"]
        pairs = analysis["filter"]["duihua_han_pairs"]
        assert (grams["type"], grams["output_unigrams"]) == ("cjk_bigram", True)
        assert (pairs["type"], pairs["output_unigrams"]) == ("cjk_bigram", False)

    def test_every_document_holds_only_mapped_fields(self, sample_interview):
        """The mapping is strict: a document with a field it lacks would be refused."""
        from archive.search.documents import documents_for

        mapped = elastic_mapping.index_body()["mappings"]["properties"]
        kinds = set()
        for index, obj in documents_for({sample_interview.pk}):
            document = index.full_prepare(obj)
            assert set(document) <= set(mapped)
            kinds.add(document["kind"])
        assert kinds == {"interview", "question", "answer"}

    def test_the_last_page_the_search_page_offers_is_within_the_result_window(self):
        last = service.SearchRequest.from_params({"page": "99999999"}).page
        window = elastic_mapping.index_body()["settings"]["index"]["max_result_window"]
        assert last * service.PER_PAGE <= window

    @pytest.mark.parametrize(
        ("change", "says"),
        [
            (lambda m: m.pop("text_han"), "text_han: the SearchIndex needs"),
            (lambda m: m["text_zh"].update(analyzer="standard"), "text_zh: the SearchIndex needs"),
            (lambda m: m.update(speaker={"type": "keyword"}), "speaker: in elasticsearch.json"),
            (lambda m: m.update(day={"type": "date"}), "day: the SearchIndex needs"),
        ],
    )
    def test_a_mapping_that_drifts_from_the_fields_is_refused(self, change, says):
        mapped = copy.deepcopy(elastic_mapping.index_body()["mappings"]["properties"])
        change(mapped)
        assert any(
            line.startswith(says) for line in elastic_mapping.differences(search_fields(), mapped)
        )

    def test_a_search_field_without_a_counterpart_is_named(self):
        from haystack import indexes

        field = indexes.CharField()
        field.set_instance_name("notes")
        with pytest.raises(ImproperlyConfigured, match="'notes' has no Elasticsearch"):
            elastic_mapping.expected(field)


class TestElasticsearchBackend:
    """The backend itself, where the 7.x client is installed (no server is needed)."""

    @pytest.fixture
    def elastic(self):
        pytest.importorskip("elasticsearch", reason="the Elasticsearch client is not installed")
        from archive.search.elastic import DuihuaElasticsearchBackend

        options = engines.connection(f"elasticsearch://127.0.0.1:{closed_port()}/t-test", "")
        return DuihuaElasticsearchBackend("default", **options)

    def test_it_creates_the_index_with_the_analysis_and_the_checked_fields(self, elastic):
        content, mapped = elastic.build_schema(search_fields())
        assert content == "text"
        body = elastic_mapping.index_body()
        assert body == elastic.DEFAULT_SETTINGS
        assert elastic._get_current_mapping(mapped) == body["mappings"]

    def test_a_server_that_does_not_answer_makes_the_index_unavailable(self, elastic):
        with pytest.raises(service.IndexUnavailable, match="'t-test' cannot be used"):
            elastic.document_count()


class TestPassageSearchSeam:
    class OtherBackend:
        """Any backend but Whoosh's: the passage query is not ported to it."""

    def test_whoosh_runs_the_passage_search(self, search_index):
        assert service.passage_search_ported(search_index)

    def test_another_backend_answers_that_search_is_unavailable(self, monkeypatch, db, client):
        monkeypatch.setattr(service, "backend", self.OtherBackend)
        with pytest.raises(service.PassageSearchNotPorted, match="OtherBackend has neither"):
            service.search(service.SearchRequest(q="绿色工业"))
        response = client.get(reverse("search"), {"q": "绿色工业"})
        assert response.status_code == 503

    def test_the_concordance_reads_whoosh_only_and_says_so(self, monkeypatch, db, client):
        from archive.concordance import kwic

        monkeypatch.setattr(kwic, "backend", self.OtherBackend)
        response = client.get(reverse("concordance"), {"q": "绿色"})
        assert response.status_code == 503


def leaf_fields(query: dict) -> set[str]:
    """The fields an Elasticsearch query's leaves look in."""
    found = set()
    for key, value in query.items():
        if key == "match_phrase":
            found |= set(value)
        elif key == "terms":
            found |= set(value) - {"boost"}
        elif isinstance(value, dict):
            found |= leaf_fields(value)
        elif isinstance(value, list):
            for item in value:
                found |= leaf_fields(item)
    return found


def whoosh_fields(query) -> set[str]:
    return {fieldname for fieldname, _ in query.all_terms(phrases=True)}


class TestElasticsearchQuery:
    """The parse as an Elasticsearch query: the clause for clause counterpart of to_whoosh."""

    @pytest.mark.parametrize(
        ("q", "language"),
        [
            ("绿色工业", "both"),
            ("可持续", "zh"),
            ("联合国", "zh"),
            ("green industries", "en"),
            ('"green industries"', "both"),
            ('"green industries"', "en"),
            ('绿色工业 OR "green industry" -COVID', "both"),
            ("党", "both"),
            ("绿色工业", "en"),
        ],
    )
    def test_it_looks_in_the_fields_the_whoosh_query_looks_in(self, q, language):
        parsed = parse_query(q)
        es = elastic_query.passage_query(parsed, language)
        assert leaf_fields(es) == whoosh_fields(parsed.to_whoosh(language))

    def test_a_chinese_run_is_a_phrase_of_character_pairs_analysed_by_the_server(self):
        es = elastic_query.passage_query(parse_query("綠色工業"))
        assert es == {
            "bool": {"must": [{"match_phrase": {"text_han": {"query": "绿色工业", "boost": 1.0}}}]}
        }

    def test_a_run_our_segmenter_sees_as_one_word_is_also_looked_up_as_a_word(self):
        (query,) = elastic_query.passage_query(parse_query("联合国"), "zh")["bool"]["must"]
        assert query["bool"]["should"] == [
            {"match_phrase": {"text_zh": {"query": "联合国", "boost": 1.0}}},
            {"match_phrase": {"text_han": {"query": "联合国", "boost": 1.0}}},
        ]

    def test_a_quoted_english_phrase_looks_in_the_unstemmed_fields(self):
        (query,) = elastic_query.passage_query(parse_query('"green industries"'), "en")["bool"][
            "must"
        ]
        assert query == {"match_phrase": {"exact_en": {"query": "green industries", "boost": 1.0}}}

    def test_alternatives_any_groups_all_exclusions_none(self):
        es = elastic_query.passage_query(parse_query("green OR industry skills -COVID"), "en")
        alternatives, skills = es["bool"]["must"]
        assert alternatives["bool"]["minimum_should_match"] == 1
        assert len(alternatives["bool"]["should"]) == 2
        assert skills == {"match_phrase": {"text_en": {"query": "skills", "boost": 1.0}}}
        assert es["bool"]["must_not"] == [
            {"match_phrase": {"text": {"query": "COVID", "boost": 1.0}}}
        ]

    def test_a_named_interviewee_is_found_by_name_and_through_their_interviews(self):
        person = Interviewee(pks=("7", "9"), names=("李勇", "Li Yong"))
        alone = ParsedQuery(interviewees=[person])
        (by_name,) = elastic_query.passage_query(alone)["bool"]["must"]
        assert leaf_fields(by_name) == {"text", "text_han"}
        assert elastic_query.through_query(alone) == {
            "bool": {"must": [{"terms": {"interviewee": ["7", "9"], "boost": 1.0}}]}
        }
        with_words = ParsedQuery(groups=[[Clause("UNIDO")]], interviewees=[person])
        assert elastic_query.through_query(with_words) is None
        _, named = elastic_query.passage_query(with_words)["bool"]["must"]
        assert {"terms": {"interviewee": ["7", "9"], "boost": INTERVIEWEE_BOOST}} in (
            named["bool"]["should"]
        )

    def test_filters_are_exact_terms(self):
        assert elastic_query.filter_clauses({"year": "2021", "asker": "p3"}) == [
            {"term": {"year": "2021"}},
            {"term": {"asker": "p3"}},
        ]


class FakeClient:
    """Answers searches with the responses given, in order, and keeps the bodies asked; a
    scroll (scan) gets the responses as its first page and nothing more."""

    def __init__(self, *responses, indexing=(0, 0), documents=0):
        self.responses = list(responses)
        self.bodies = []
        self.indices = self
        self.stats_answer = {
            "_all": {
                "primaries": {
                    "indexing": {"index_total": indexing[0], "delete_total": indexing[1]},
                    "docs": {"count": documents},
                }
            }
        }

    def search(self, index, body=None, **scrolled):
        self.bodies.append(body if body is not None else scrolled)
        answer = self.responses.pop(0)
        return {**answer, "_scroll_id": "s1", "_shards": {"successful": 1, "total": 1}}

    def scroll(self, **kwargs):
        return {"_scroll_id": "s1", "hits": {"hits": []}, "_shards": {"total": 1}}

    def clear_scroll(self, **kwargs):
        pass

    def stats(self, index, metric):
        return self.stats_answer


def response(hits=(), total=0, interview=None, asker=None, answerer=None):
    def buckets(counts):
        return {"buckets": [{"key": k, "doc_count": n} for k, n in (counts or {}).items()]}

    return {
        "hits": {"total": {"value": total}, "hits": list(hits)},
        "aggregations": {
            "interview": buckets(interview),
            "asker": buckets(asker),
            "answerer": buckets(answerer),
        },
    }


class TestElasticsearchPassageSearch:
    """The backend's search_parsed, on canned server responses (the client is needed)."""

    @pytest.fixture
    def elastic(self):
        pytest.importorskip("elasticsearch", reason="the Elasticsearch client is not installed")
        from archive.search.elastic import DuihuaElasticsearchBackend

        options = engines.connection(f"elasticsearch://127.0.0.1:{closed_port()}/t-test", "")
        backend = DuihuaElasticsearchBackend("default", **options)
        backend.setup_complete = True  # the index exists on the server the fake stands for
        return backend

    def search(self, elastic, parsed, **options):
        arguments = dict(
            language="both", filters={}, through=True, newest_first=False, page=1, per_page=20
        )
        return elastic.search_parsed(parsed, **(arguments | options))

    def test_a_page_of_hits_with_counts_per_interview_and_speaker(self, elastic):
        hit = {"_source": {"django_ct": "archive.answer", "django_id": "12"}, "_score": 2.5}
        elastic.conn = FakeClient(
            response([hit], total=41, interview={"3": 40, "5": 1}, asker={"p1": 4})
        )
        page = self.search(elastic, parse_query("绿色"), filters={"year": "2021"}, page=3)
        assert (page.hits[0].model, page.hits[0].pk, page.hits[0].score) == (
            "archive.answer",
            12,
            2.5,
        )
        assert page.total == 41
        assert page.per_interview == {"3": 40, "5": 1}
        assert page.per_speaker == {"asker": {"p1": 4}, "answerer": {}}
        (body,) = elastic.conn.bodies
        assert (body["from"], body["size"]) == (40, 20)
        assert body["query"]["bool"]["filter"] == [{"term": {"year": "2021"}}]
        assert "sort" not in body  # by relevance

    def test_newest_first_sorts_by_day(self, elastic):
        elastic.conn = FakeClient(response())
        self.search(elastic, parse_query("green"), newest_first=True)
        assert elastic.conn.bodies[0]["sort"] == [{"day": "desc"}, "_doc"]

    def test_passages_only_a_named_person_matches_are_counted_not_listed(self, elastic):
        person = Interviewee(pks=("7",), names=("李勇",))
        elastic.conn = FakeClient(
            response(total=2, interview={"3": 2}, answerer={"p7": 2}),
            response(total=9, interview={"3": 5, "4": 4}, answerer={"p7": 9}),
        )
        page = self.search(elastic, ParsedQuery(interviewees=[person]))
        main, through = elastic.conn.bodies
        assert through["size"] == 0
        assert through["query"]["bool"]["must_not"] == [main["query"]["bool"]["must"][0]]
        assert page.total == 2
        assert page.through == {"3": 5, "4": 4}
        assert page.per_interview == {"3": 7, "4": 4}
        assert page.per_speaker["answerer"] == {"p7": 11}

    def test_what_the_index_holds_is_read_by_scrolling(self, elastic):
        docs = [
            {"_id": "archive.answer.4", "_source": {"digest": "d4", "interview": "2"}},
            {"_id": "archive.interview.2", "_source": {"digest": "d2", "interview": "2"}},
        ]
        elastic.conn = FakeClient({"hits": {"hits": docs}})
        assert elastic.indexed_documents() == {
            "archive.answer.4": "d4",
            "archive.interview.2": "d2",
        }
        assert elastic.conn.bodies[0]["_source"] == ["digest"]
        elastic.conn = FakeClient({"hits": {"hits": docs}})
        assert elastic.indexed_interviews() == {2}

    def test_facet_values_of_every_interview_are_read_once_per_index_state(self, elastic):
        interview = {
            "_source": {
                "interview": "2",
                "interviewee": ["7", "9"],
                "year": "2021",
                "outlet": None,
                "source": "5",
                "topic": [],
            }
        }
        scrolled = {"hits": {"hits": [interview]}}
        elastic.conn = FakeClient(scrolled, scrolled, indexing=(31, 2), documents=29)
        expected = {
            "2": (("interviewee", "7"), ("interviewee", "9"), ("year", "2021"), ("source", "5"))
        }
        assert elastic.interview_facets() == expected
        assert elastic.interview_facets() == expected  # from the cache: no second scroll
        assert len(elastic.conn.bodies) == 1
        elastic.conn.stats_answer["_all"]["primaries"]["indexing"]["index_total"] = 32
        assert elastic.interview_facets() == expected  # a document was written: read again
        assert len(elastic.conn.bodies) == 2


class TestElasticsearchUpkeep:
    """sync_interviews and rebuild on a recording fake (the client is needed)."""

    @pytest.fixture
    def elastic(self, monkeypatch):
        pytest.importorskip("elasticsearch", reason="the Elasticsearch client is not installed")
        from archive.search.elastic import DuihuaElasticsearchBackend

        options = engines.connection(f"elasticsearch://127.0.0.1:{closed_port()}/t-test", "")
        backend = DuihuaElasticsearchBackend("default", **options)
        backend.setup_complete = True
        backend.calls = []
        monkeypatch.setattr(
            backend,
            "update",
            lambda index, objects, commit: backend.calls.append(("update", index, objects)),
        )
        return backend

    def test_an_interview_is_written_first_and_its_stale_documents_deleted_after(
        self, elastic, sample_interview
    ):
        from archive.search.documents import documents_for

        class Recording:
            def delete_by_query(self, index, body, conflicts, refresh):
                elastic.calls.append(("delete", body["query"]))

        elastic.conn = Recording()
        elastic.sync_interviews([sample_interview.pk], documents_for)
        *updates, (action, stale) = elastic.calls
        assert action == "delete"
        assert [index.kind_name for _, index, _ in updates] == ["interview", "question", "answer"]
        written = {
            f"{obj._meta.label_lower}.{obj.pk}" for *_, objects in updates for obj in objects
        }
        assert stale["bool"]["filter"] == [{"terms": {"interview": [str(sample_interview.pk)]}}]
        assert set(stale["bool"]["must_not"][0]["ids"]["values"]) == written

    def test_rebuild_empties_the_index_and_indexes_every_interview_in_batches(self, elastic):
        progress = []
        calls = elastic.calls

        def clear():
            calls.append(("clear",))

        class Refreshing:
            def refresh(self, index):
                calls.append(("refresh",))

        elastic.clear = clear
        elastic.conn = type("Conn", (), {"indices": Refreshing()})()
        batches = []

        def documents(ids):
            batches.append(sorted(ids))
            return iter(())

        indexed = elastic.rebuild(lambda: [1, 2, 3, 4, 5], documents, 2, progress.append)
        assert indexed == 5
        assert batches == [[1, 2], [3, 4], [5]]
        assert progress == [2, 2, 1]
        assert calls == [("clear",), ("refresh",)]


def test_a_machine_without_the_client_is_told_what_to_install(monkeypatch):
    options = engines.connection("elasticsearch://127.0.0.1:9200/duihua-test", DEFAULT)
    monkeypatch.setattr(engines.importlib.util, "find_spec", lambda name: None)
    assert engines.client_missing(options) == (
        "SEARCH_URL names http://127.0.0.1:9200/, but the Elasticsearch client is not "
        "installed: pip install -r requirements-elasticsearch.txt"
    )
    assert engines.client_missing(engines.connection("", DEFAULT)) == ""
