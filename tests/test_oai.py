"""OAI-PMH 2.0 at /oai/: what a library harvester sees, every response checked against the
protocol's XML Schema (tests/schemas/, see its README)."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from archive import curation
from archive.models import Interview

from .factories import InterviewFactory, OrganizationFactory, PersonFactory, TopicFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# One schema for the envelope and the metadata inside it (the envelope's <any> is strict).
BOTH = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:tests">
  <xs:import namespace="{NS["oai"]}" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="{NS["oai_dc"]}" schemaLocation="oai_dc.xsd"/>
</xs:schema>"""


class LocalCopies(etree.Resolver):
    """The W3C's xml.xsd, imported by simpledc by its web address, from the local copy."""

    def resolve(self, url, public_id, context):
        if url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def load_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalCopies())
    document = etree.fromstring(BOTH.encode(), parser, base_url=str(SCHEMAS / "both.xsd"))
    return etree.XMLSchema(document)


SCHEMA = load_schema()


def harvest(client, method="get", **params):
    """The response to one OAI-PMH request, after checking it against the schema."""
    response = getattr(client, method)(reverse("oai"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    tree = etree.fromstring(response.content)
    SCHEMA.assertValid(tree)
    return tree


def error_of(tree) -> str | None:
    error = tree.find("oai:error", NS)
    return None if error is None else error.get("code")


def identifiers(tree) -> list[str]:
    return tree.xpath("//oai:header/oai:identifier/text()", namespaces=NS)


def oai_id(interview) -> str:
    return f"oai:duihua.archive:interview/{interview.pk}"


def dc(tree, element) -> list[tuple[str | None, str]]:
    return [(e.get(XML_LANG), e.text) for e in tree.iterfind(f".//dc:{element}", NS)]


@pytest.fixture
def interview(db):
    person = PersonFactory(name_zh="李勇", name_en="Li Yong")
    source = OrganizationFactory(name_zh="联合国工业发展组织", name_en="UNIDO")
    found = InterviewFactory(
        title_zh="总干事接受专访",
        title_en="Director General interviewed",
        date=dt.date(2020, 10, 15),
        source=source,
        outlet=source,
        source_url="https://www.unido.org/news/1",
    )
    found.interviewees.add(person)
    found.topics.add(TopicFactory(name_zh="绿色工业", name_en="Green industry"))
    return found


def never_published():
    hidden = InterviewFactory(status=Interview.Status.DRAFT, published_at=None)
    hidden.topics.add(TopicFactory(slug="secret-topic", name_en="Secret topic"))
    return hidden


class TestIdentifyAndFormats:
    def test_identify_describes_the_repository(self, client, interview):
        tree = harvest(client, verb="Identify")
        identify = tree.find("oai:Identify", NS)
        assert identify.findtext("oai:baseURL", namespaces=NS) == "http://testserver/oai/"
        assert identify.findtext("oai:deletedRecord", namespaces=NS) == "transient"
        assert identify.findtext("oai:granularity", namespaces=NS) == "YYYY-MM-DD"
        earliest = identify.findtext("oai:earliestDatestamp", namespaces=NS)
        assert earliest == interview.updated_at.astimezone(dt.UTC).date().isoformat()
        assert tree.find("oai:request", NS).get("verb") == "Identify"

    def test_identify_answers_an_empty_archive(self, client):
        assert error_of(harvest(client, verb="Identify")) is None

    def test_records_are_offered_as_oai_dc(self, client, interview):
        tree = harvest(client, verb="ListMetadataFormats", identifier=oai_id(interview))
        prefixes = tree.xpath("//oai:metadataPrefix/text()", namespaces=NS)
        assert prefixes == ["oai_dc"]

    def test_sets_are_sources_and_topics_of_published_interviews(self, client, interview):
        never_published()
        tree = harvest(client, verb="ListSets")
        specs = tree.xpath("//oai:setSpec/text()", namespaces=NS)
        topic = interview.topics.get()
        assert specs == ["source", "topic", f"source:{interview.source_id}", f"topic:{topic.pk}"]
        assert "Secret topic" not in etree.tostring(tree, encoding="unicode")


class TestRecords:
    def test_a_record_is_dublin_core_in_both_languages(self, client, interview):
        tree = harvest(
            client, verb="GetRecord", identifier=oai_id(interview), metadataPrefix="oai_dc"
        )
        assert dc(tree, "title") == [
            ("zh-Hans", "总干事接受专访"),
            ("en", "Director General interviewed"),
        ]
        assert dc(tree, "creator") == [("zh-Hans", "李勇"), ("en", "Li Yong")]
        assert dc(tree, "date") == [(None, "2020-10-15")]
        assert dc(tree, "language") == [(None, "zh"), (None, "en")]
        assert dc(tree, "publisher") == [("zh-Hans", "联合国工业发展组织"), ("en", "UNIDO")]
        assert dc(tree, "identifier") == [(None, f"http://testserver/interviews/{interview.slug}/")]
        assert ("en", "Green industry") in dc(tree, "subject")
        assert identifiers(tree) == [oai_id(interview)]

    def test_records_do_not_depend_on_the_interface_language(self, client, interview):
        def record():
            tree = harvest(
                client, verb="GetRecord", identifier=oai_id(interview), metadataPrefix="oai_dc"
            )
            return etree.tostring(tree.find("oai:GetRecord", NS))

        english = record()
        client.cookies["django_language"] = "zh-hans"
        assert record() == english

    def test_a_harvester_lists_every_published_record_page_by_page(self, client, settings):
        settings.OAI_PAGE_SIZE = 2
        published = [InterviewFactory() for _ in range(5)]
        never_published()
        tree = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        seen, tokens = identifiers(tree), []
        while (token := tree.find(".//oai:resumptionToken", NS)) is not None and token.text:
            tokens.append((token.get("cursor"), token.get("completeListSize")))
            assert token.get("expirationDate").endswith("Z")
            tree = harvest(client, verb="ListRecords", resumptionToken=token.text)
            seen += identifiers(tree)
        last = tree.find(".//oai:resumptionToken", NS)
        assert (last.get("cursor"), last.get("completeListSize"), last.text) == ("4", "5", None)
        assert tokens == [("0", "5"), ("2", "5")]
        assert sorted(seen) == sorted(oai_id(i) for i in published)

    def test_list_identifiers_gives_headers_with_their_sets(self, client, interview):
        tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert identifiers(tree) == [oai_id(interview)]
        assert tree.find(".//oai:metadata", NS) is None
        topic = interview.topics.get()
        specs = tree.xpath("//oai:header/oai:setSpec/text()", namespaces=NS)
        assert specs == [f"source:{interview.source_id}", f"topic:{topic.pk}"]

    def test_from_and_until_select_by_the_day_of_the_last_change(self, client):
        old, new = InterviewFactory(), InterviewFactory()
        Interview.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(9))
        today = timezone.now().astimezone(dt.UTC).date()
        since = harvest(
            client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": str(today)}
        )
        assert identifiers(since) == [oai_id(new)]
        before = str(today - dt.timedelta(days=1))
        until = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until=before)
        assert identifiers(until) == [oai_id(old)]

    def test_sets_select_by_source_and_by_topic(self, client, interview):
        other = InterviewFactory()
        topic = interview.topics.get()
        for spec, expected in [
            (f"source:{interview.source_id}", [interview]),
            (f"source:{other.source_id}", [other]),
            (f"topic:{topic.pk}", [interview]),
            ("topic", [interview]),
        ]:
            tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
            assert identifiers(tree) == [oai_id(i) for i in expected], spec
        tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set="source")
        assert sorted(identifiers(tree)) == sorted([oai_id(interview), oai_id(other)])

    def test_a_list_runs_the_same_queries_for_1_or_20_records(
        self, client, django_assert_max_num_queries
    ):
        InterviewFactory().interviewees.add(PersonFactory())
        with django_assert_max_num_queries(8) as few:
            harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        for _ in range(19):
            InterviewFactory().interviewees.add(PersonFactory())
        with django_assert_max_num_queries(len(few.captured_queries)):
            harvest(client, verb="ListRecords", metadataPrefix="oai_dc")

    def test_arguments_may_be_posted(self, client, interview):
        tree = harvest(client, "post", verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert identifiers(tree) == [oai_id(interview)]


class TestDraftsAndDeletions:
    def test_a_draft_never_published_is_no_record_at_all(self, client, interview):
        hidden = never_published()
        tree = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        assert identifiers(tree) == [oai_id(interview)]
        for verb, extra in (
            ("GetRecord", {"metadataPrefix": "oai_dc"}),
            ("ListMetadataFormats", {}),
        ):
            tree = harvest(client, verb=verb, identifier=oai_id(hidden), **extra)
            assert error_of(tree) == "idDoesNotExist"

    def test_an_unpublished_interview_is_a_deleted_record_without_metadata(self, client, interview):
        curation.unpublish([interview])
        tree = harvest(client, verb="ListRecords", metadataPrefix="oai_dc")
        header = tree.find(".//oai:header", NS)
        assert header.get("status") == "deleted"
        assert header.findtext("oai:identifier", namespaces=NS) == oai_id(interview)
        assert tree.find(".//oai:metadata", NS) is None
        assert "总干事" not in etree.tostring(tree, encoding="unicode")
        got = harvest(
            client, verb="GetRecord", identifier=oai_id(interview), metadataPrefix="oai_dc"
        )
        assert got.find(".//oai:header", NS).get("status") == "deleted"

    def test_a_deleted_interview_is_a_deleted_record_in_its_former_sets(self, client, interview):
        source, topic, pk = interview.source_id, interview.topics.get().pk, interview.pk
        curation.delete_interview(interview)
        today = timezone.now().astimezone(dt.UTC).date().isoformat()
        for spec in (f"source:{source}", f"topic:{topic}", None):
            params = {"set": spec} if spec else {}
            tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
            header = tree.find(".//oai:header", NS)
            assert header.get("status") == "deleted"
            assert (
                header.findtext("oai:identifier", namespaces=NS)
                == f"oai:duihua.archive:interview/{pk}"
            )
            assert header.findtext("oai:datestamp", namespaces=NS) == today
        got = harvest(
            client,
            verb="GetRecord",
            identifier=f"oai:duihua.archive:interview/{pk}",
            metadataPrefix="oai_dc",
        )
        assert got.find(".//oai:header", NS).get("status") == "deleted"

    def test_a_draft_deleted_before_publication_leaves_no_record(self, client):
        curation.delete_interview(never_published())
        tree = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert error_of(tree) == "noRecordsMatch"


BAD_REQUESTS = [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-13-01"}, "badArgument"),
    (
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01T00:00:00Z"},
        "badArgument",
    ),
    (
        {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "from": "2021-01-01",
            "until": "2020-01-01",
        },
        "badArgument",
    ),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "源"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "oai:duihua.archive:interview/1"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "nonsense", "metadataPrefix": "oai_dc"}, "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere:1"}, "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2999-01-01"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "topic:999"}, "noRecordsMatch"),
    ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "forged"}, "badResumptionToken"),
]


@pytest.mark.parametrize("params, code", BAD_REQUESTS)
def test_a_bad_request_gets_the_protocols_error(client, interview, params, code):
    tree = harvest(client, **params)
    assert error_of(tree) == code
    request = tree.find("oai:request", NS)
    if code in ("badVerb", "badArgument"):
        assert dict(request.attrib) == {}  # only a valid request is echoed


class TestResumptionTokens:
    def first_token(self, client, settings, verb="ListIdentifiers"):
        settings.OAI_PAGE_SIZE = 1
        InterviewFactory(), InterviewFactory()
        tree = harvest(client, verb=verb, metadataPrefix="oai_dc")
        return tree.find(".//oai:resumptionToken", NS).text

    def test_an_expired_token_is_refused(self, client, settings):
        token = self.first_token(client, settings)
        settings.OAI_TOKEN_LIFETIME = dt.timedelta(seconds=-1)
        tree = harvest(client, verb="ListIdentifiers", resumptionToken=token)
        assert error_of(tree) == "badResumptionToken"

    def test_a_token_altered_or_used_for_another_verb_is_refused(self, client, settings):
        token = self.first_token(client, settings)
        for verb, value in (("ListIdentifiers", token[:-2] + "xx"), ("ListRecords", token)):
            tree = harvest(client, verb=verb, resumptionToken=value)
            assert error_of(tree) == "badResumptionToken"
