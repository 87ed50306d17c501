"""Exports: an interview or a search taken away as TMX, TEI, CSV/TSV, JSON or plain text.

Every format is read back with a real parser for it (translate-toolkit for TMX, lxml and the
TEI RelaxNG schema for TEI, the csv and json modules) and compared with what is stored.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from lxml import etree
from translate.storage.tmx import tmxfile

from archive import exports
from archive.exports.base import xml_text
from archive.importing import import_file, import_text
from archive.models import Interview, Organization, Person, Topic

from .factories import (
    AnswerFactory,
    InterviewFactory,
    OrganizationFactory,
    PersonFactory,
    QuestionFactory,
    TopicFactory,
    build_interview,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
# Real transcripts with speaker labels, opening statements, traditional script and metadata.
REAL_FILES = [
    REAL / "press_conference" / "mfa_2019-03-25_geng_shuang.txt",
    REAL / "traditional" / "mfa_presser_2018_page3_pinyin_glosses_grouped.txt",
    REAL / "speaker_turns" / "wang_yi_npc_press_2014-03-08.txt",
    REAL / "json" / "liu_xiaoming_bbc_hardtalk_2020-04-28.json",
]
TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Markup, entities, quotes, a tab, line breaks of three kinds, a line separator, a CDATA end,
# and control characters (which XML 1.0 cannot hold at all).
AWKWARD_ZH = '他说:"<b>不</b> & 再见"\t制表\n第二行\r\n第三行\u2028分隔 ]]> -- \x01\x1f尾'
AWKWARD_EN = "He said: 'a < b && c > d'\t\"tab\"\nsecond line\r\nthird\u2028sep ]]> \x7f\x0b end"
AWKWARD_QUESTION = 'Is <this> & "that" a question?\n(Yes.)'


@pytest.fixture(scope="session")
def tei_schema():
    """TEI P5 tei_all (tests/schemas/README.md); compiling it takes lxml about 20 seconds."""
    return etree.RelaxNG(etree.parse(str(ROOT / "tests" / "schemas" / "tei_all.rng")))


def reload(interview: Interview) -> Interview:
    return Interview.objects.for_export().get(pk=interview.pk)


def render(extension: str, interview: Interview, **options) -> str:
    exporter = exports.FORMATS[extension](base_url="https://duihua.example.org", **options)
    return exporter.render([reload(interview)])


@pytest.fixture
def awkward_interview(db):
    """A press conference whose texts hold everything a format must escape."""
    interview = InterviewFactory(
        slug="2024-05-01-awkward",
        title_en='Ampersands & "quotes"',
        source_url="https://example.com/transcript?id=1&lang=zh",
        original_filename="awkward.txt",
        layout="turns",
    )
    interview.interviewees.add(PersonFactory(name_zh="王毅", name_en="Wang Yi"))
    opening = QuestionFactory(interview=interview, number=0, text_zh="", text_en="")
    AnswerFactory(question=opening, position=1, speaker_zh="王毅", speaker_en="Wang Yi")
    question = QuestionFactory(
        interview=interview,
        number=1,
        text_zh="这是<问题>吗?",
        text_en=AWKWARD_QUESTION,
        asker_zh="路透社记者",
        asker_en="Reuters",
    )
    AnswerFactory(
        question=question,
        position=1,
        text_zh=AWKWARD_ZH,
        text_en=AWKWARD_EN,
        speaker_zh="王毅",
        speaker_en="Wang Yi",
        confidence=0.5,
    )
    AnswerFactory(question=question, position=2, text_zh="只有中文。", text_en="")
    return interview


@pytest.fixture
def real_interviews(db):
    interviews = []
    for path in REAL_FILES:
        result = import_file(path, publish=True)
        assert result.status == "created", result.error
        interviews.append(result.interview)
    return interviews


def read_tmx(text: str) -> tmxfile:
    return tmxfile.parsestring(text.encode("utf-8"))


def tmx_units(text: str) -> list[dict]:
    """Each unit as {"props": {...}, "zh-Hans": text, "en": text …}."""
    units = []
    for unit in read_tmx(text).units:
        element = unit.xmlelement
        entry = {"props": {p.get("type"): p.text for p in element.iter("{*}prop", "prop")}}
        for node in unit.getlanguageNodes():
            entry[node.get(XML_LANG)] = unit.getNodeText(node)
        units.append(entry)
    return units


def read_rows(text: str, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def tei_tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


class TestTmx:
    def test_each_question_and_paragraph_pair_is_one_unit_in_zh_hans_and_en(self, sample_interview):
        units = tmx_units(render("tmx", sample_interview))
        kinds = [unit["props"]["x-type"] for unit in units]
        assert kinds.count("question") == 6
        assert kinds.count("answer") == 18
        assert kinds[0] == "introduction"
        pair = next(u for u in units if u["props"]["x-anchor"] == "q2-a4")
        assert "绿色工业" in pair["zh-Hans"]
        assert "green industries" in pair["en"]

    def test_the_header_names_duihua_and_the_interviews_script_as_source_language(
        self, sample_interview
    ):
        header = read_tmx(render("tmx", sample_interview)).document.getroot().find("header")
        assert header.get("creationtool") == "Duihua"
        assert header.get("srclang") == "zh-Hans"
        assert header.get("segtype") == "paragraph"

    def test_units_name_the_interview_the_passage_and_who_speaks(self, real_interviews):
        press = real_interviews[0]
        units = tmx_units(render("tmx", press))
        answer = press.questions.get(number=1).answers.first()
        unit = next(u for u in units if u["props"]["x-anchor"] == "q1-a1")
        assert unit["props"]["x-interview"] == press.slug
        assert unit["props"]["x-speaker"] == f"{answer.speaker_zh} / {answer.speaker_en}"
        assert unit["zh-Hans"] == answer.text_zh

    def test_a_traditional_chinese_interview_is_tagged_zh_hant(self, real_interviews):
        traditional = real_interviews[1]
        assert traditional.script == "zh-Hant"
        store = read_tmx(render("tmx", traditional))
        assert store.document.getroot().find("header").get("srclang") == "zh-Hant"
        languages = {node.get(XML_LANG) for u in store.units for node in u.getlanguageNodes()}
        assert languages == {"zh-Hant", "en"}

    def test_a_pair_with_one_side_empty_keeps_only_the_side_present(self, awkward_interview):
        units = tmx_units(render("tmx", awkward_interview))
        lonely = next(u for u in units if u["props"]["x-anchor"] == "q1-a2")
        assert lonely["zh-Hans"] == "只有中文。"
        assert "en" not in lonely

    def test_the_archives_own_tmx_import_reads_the_export_back(self, real_interviews):
        press = real_interviews[0]
        again = import_text(render("tmx", press), source="again.tmx").transcript
        stored = [a.text_zh for q in press.questions.all() for a in q.answers.all()]
        assert [a.text_zh for q in again.questions for a in q.answers] == stored


class TestTei:
    def test_every_export_is_valid_tei_all(
        self, tei_schema, sample_interview, real_interviews, awkward_interview
    ):
        for interview in [sample_interview, *real_interviews, awkward_interview]:
            tree = tei_tree(render("tei.xml", interview))
            assert tei_schema.validate(tree), (interview.slug, tei_schema.error_log)
        corpus = exports.TeiExporter().render([reload(i) for i in real_interviews])
        assert tei_schema.validate(tei_tree(corpus)), tei_schema.error_log

    def test_the_header_has_both_titles_the_source_and_the_provenance(self, awkward_interview):
        interview = awkward_interview
        tree = tei_tree(render("tei.xml", interview))
        titles = tree.findall("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title", TEI_NS)
        assert {t.get(XML_LANG): t.text for t in titles} == {
            interview.script: interview.title_zh,
            "en": interview.title_en,
        }
        bibl = tree.find(".//tei:sourceDesc/tei:bibl", TEI_NS)
        assert bibl.find("tei:ref", TEI_NS).get("target") == interview.source_url
        assert bibl.find("tei:date", TEI_NS).get("when") == interview.date.isoformat()
        assert bibl.find("tei:respStmt/tei:orgName", TEI_NS).text == str(interview.outlet)
        provenance = "".join(bibl.find("tei:note[@type='provenance']", TEI_NS).itertext())
        assert interview.original_filename in provenance
        assert interview.created_at.date().isoformat() in provenance
        assert f"layout {interview.layout}" in provenance
        idno = tree.find(".//tei:publicationStmt/tei:idno", TEI_NS).text
        assert idno == f"https://duihua.example.org/interviews/{interview.slug}/"

    def test_each_turn_is_an_utterance_by_a_listed_speaker_in_its_language(self, real_interviews):
        press = real_interviews[0]
        tree = tei_tree(render("tei.xml", press))
        people = {p.get(XML_ID): p for p in tree.iterfind(".//tei:particDesc//tei:person", TEI_NS)}
        answer = press.questions.get(number=1).answers.first()
        zh = tree.find(".//tei:u[@xml:id='q1-a1-zh']", TEI_NS)
        en = tree.find(".//tei:u[@xml:id='q1-a1-en']", TEI_NS)
        assert (zh.text, zh.get(XML_LANG)) == (answer.text_zh, "zh-Hans")
        assert (en.text, en.get(XML_LANG)) == (answer.text_en, "en")
        speaker = people[zh.get("who").removeprefix("#")]
        names = {n.text for n in speaker.iterfind("tei:persName", TEI_NS)}
        assert names == {answer.speaker_zh, answer.speaker_en}
        assert en.get("who") == zh.get("who")

    def test_the_opening_statement_is_division_zero(self, real_interviews):
        tree = tei_tree(render("tei.xml", real_interviews[1]))
        first = tree.find(".//tei:body/tei:div[@n]", TEI_NS)
        assert (first.get("type"), first.get("n")) == ("opening-statement", "0")

    def test_translations_are_linked_pair_by_pair(self, awkward_interview):
        tree = tei_tree(render("tei.xml", awkward_interview))
        group = tree.find(".//tei:linkGrp[@type='translation']", TEI_NS)
        targets = [link.get("target") for link in group]
        assert targets == ["#q0-a1-zh #q0-a1-en", "#q1-zh #q1-en", "#q1-a1-zh #q1-a1-en"]
        ids = {node.get(XML_ID) for node in tree.iter()}
        assert "q1-a2-zh" in ids and "q1-a2-en" not in ids  # one side, nothing to link


class TestTables:
    @pytest.mark.parametrize("extension,delimiter", [("csv", ","), ("tsv", "\t")])
    def test_one_row_per_pair_with_question_speaker_anchor_and_permanent_url(
        self, real_interviews, extension, delimiter
    ):
        press = real_interviews[0]
        rows = read_rows(render(extension, press), delimiter)
        answers = [a for q in press.questions.all() for a in q.answers.all()]
        # a question without answers (the transcript ends with it) is a row of its own
        anchors = [a.anchor for q in press.questions.all() for a in q.answers.all() or [q]]
        assert [row["anchor"] for row in rows] == anchors
        row, answer = rows[0], answers[0]
        assert row["interview"] == press.slug
        assert row["question"] == str(answer.question.number)
        assert (row["speaker_zh"], row["speaker_en"]) == (answer.speaker_zh, answer.speaker_en)
        assert (row["zh"], row["en"]) == (answer.text_zh, answer.text_en)
        assert float(row["confidence"]) == answer.confidence
        assert row["url"] == f"https://duihua.example.org/p/{answer.uid}/"

    def test_each_row_repeats_its_question_and_who_asked(self, awkward_interview):
        rows = read_rows(render("csv", awkward_interview))
        asked = [row for row in rows if row["question"] == "1"]
        assert {row["question_en"] for row in asked} == {AWKWARD_QUESTION}
        assert {(row["asker_zh"], row["asker_en"]) for row in asked} == {("路透社记者", "Reuters")}


class TestJson:
    def test_the_export_is_valid_transcript_json(self, sample_interview, real_interviews):
        schema = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())
        for interview in [sample_interview, *real_interviews]:
            jsonschema.validate(json.loads(render("json", interview)), schema)

    def test_every_published_interview_survives_export_and_import_into_an_empty_archive(
        self, sample_interview, real_interviews, awkward_interview
    ):
        Topic.objects.create(name_zh="外交", name_en="", slug="diplomacy")
        sample_interview.topics.add(TopicFactory(name_zh="", name_en="Green industry"))
        ministry, _ = Organization.objects.get_or_create(name_zh="外交部", defaults={"slug": "mfa"})
        second = PersonFactory(
            name_zh="华春莹", name_en="Hua Chunying", role_zh="发言人", affiliation=ministry
        )
        sample_interview.interviewees.add(second)  # an interview with two interviewees
        before = {i.slug: snapshot(i) for i in Interview.objects.published().for_export()}
        files = {slug: render("json", Interview.objects.get(slug=slug)) for slug in before}
        Interview.objects.all().delete()
        Person.objects.all().delete()
        Organization.objects.all().delete()
        Topic.objects.all().delete()
        for slug, text in files.items():
            result = import_text(text, source=f"{slug}.json", publish=True)
            assert result.status == "created", result.error
        after = {i.slug: snapshot(i) for i in Interview.objects.published().for_export()}
        assert after == before


def snapshot(interview: Interview) -> dict:
    """What a researcher sees of an interview: metadata, questions and pairs."""

    def names(org):
        return (org.name_zh, org.name_en) if org else None

    return {
        "titles": (interview.title_zh, interview.title_en),
        "date": interview.date,
        "script": interview.script,
        "intro": (interview.intro_zh, interview.intro_en),
        "outlet": names(interview.outlet),
        "source": names(interview.source),
        "source_url": interview.source_url,
        "interviewees": [
            (p.name_zh, p.name_en, p.role_zh, p.affiliation.name_zh if p.affiliation else "")
            for p in interview.interviewees.all()
        ],
        "topics": sorted((t.name_zh, t.name_en) for t in interview.topics.all()),
        "questions": [
            (
                q.number,
                q.text_zh,
                q.text_en,
                q.asker_zh,
                q.asker_en,
                [
                    (a.position, a.text_zh, a.text_en, a.speaker_zh, a.speaker_en, a.confidence)
                    for a in q.answers.all()
                ],
            )
            for q in interview.questions.all()
        ],
    }


class TestText:
    def test_both_languages_with_question_headings_and_speakers(self, real_interviews):
        press = real_interviews[0]
        text = render("txt", press)
        answer = press.questions.get(number=1).answers.first()
        assert "问题1 / Q1" in text
        assert f"{answer.speaker_zh} / {answer.speaker_en}:\n\n{answer.text_zh}" in text
        assert f"{answer.text_zh}\n\n{answer.text_en}" in text

    def test_chinese_only_and_english_only(self, real_interviews):
        press = real_interviews[0]
        answer = press.questions.get(number=1).answers.first()
        chinese, english = render("txt", press, lang="zh"), render("txt", press, lang="en")
        assert answer.text_zh in chinese and answer.text_en not in chinese
        assert "问题1\n" in chinese and "Q1" not in chinese
        assert f"{answer.speaker_zh}:" in chinese
        assert answer.text_en in english and answer.text_zh not in english
        assert f"{answer.speaker_en}:" in english

    def test_the_opening_statement_has_its_own_heading(self, awkward_interview):
        assert "开场发言 / Opening statement" in render("txt", awkward_interview)


class TestEscaping:
    """A paragraph with markup, quotes, tabs, line breaks and controls survives each format."""

    def test_tmx(self, awkward_interview):
        unit = next(
            u
            for u in tmx_units(render("tmx", awkward_interview))
            if u["props"]["x-anchor"] == "q1-a1"
        )
        assert (unit["zh-Hans"], unit["en"]) == (xml_text(AWKWARD_ZH), xml_text(AWKWARD_EN))

    def test_tei(self, awkward_interview, tei_schema):
        tree = tei_tree(render("tei.xml", awkward_interview))
        assert tei_schema.validate(tree), tei_schema.error_log
        zh = tree.find(".//tei:u[@xml:id='q1-a1-zh']", TEI_NS)
        en = tree.find(".//tei:u[@xml:id='q1-a1-en']", TEI_NS)
        assert (zh.text, en.text) == (xml_text(AWKWARD_ZH), xml_text(AWKWARD_EN))
        assert tree.find(".//tei:u[@xml:id='q1-en']", TEI_NS).text == AWKWARD_QUESTION

    def test_xml_loses_only_the_control_characters_xml_cannot_hold(self):
        assert xml_text(AWKWARD_ZH) == AWKWARD_ZH.replace("\x01", "").replace("\x1f", "")
        assert xml_text(AWKWARD_EN) == AWKWARD_EN.replace("\x0b", "")  # DEL is allowed

    @pytest.mark.parametrize("extension,delimiter", [("csv", ","), ("tsv", "\t")])
    def test_tables(self, awkward_interview, extension, delimiter):
        rows = read_rows(render(extension, awkward_interview), delimiter)
        row = next(row for row in rows if row["anchor"] == "q1-a1")
        assert (row["zh"], row["en"], row["question_en"]) == (
            AWKWARD_ZH,
            AWKWARD_EN,
            AWKWARD_QUESTION,
        )

    def test_json(self, awkward_interview):
        data = json.loads(render("json", awkward_interview))
        answer = data["turns"][1]["answers"][0]
        assert (answer["zh"], answer["en"]) == (AWKWARD_ZH, AWKWARD_EN)
        assert data["title_en"] == 'Ampersands & "quotes"'

    def test_json_lines_keep_one_interview_per_line(self, awkward_interview):
        out = io.StringIO()
        exports.ARCHIVE_FORMATS["jsonl"]().write_many([reload(awkward_interview)], out)
        lines = out.getvalue().splitlines()  # splits at U+2028 too: it must be escaped
        assert len(lines) == 1
        assert json.loads(lines[0])["turns"][1]["answers"][0]["en"] == AWKWARD_EN

    def test_text(self, awkward_interview):
        text = render("txt", awkward_interview)
        assert AWKWARD_ZH in text and AWKWARD_EN in text


EXTENSIONS = {
    "tmx": "application/x-tmx+xml; charset=utf-8",
    "tei.xml": "application/tei+xml; charset=utf-8",
    "csv": "text/csv; charset=utf-8; header=present",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
}


class TestDownloads:
    @pytest.mark.parametrize("extension", EXTENSIONS)
    def test_each_format_downloads_under_the_interviews_slug(
        self, client, sample_interview, extension
    ):
        url = reverse("interview_export", args=[sample_interview.slug, extension])
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == EXTENSIONS[extension]
        expected = f'attachment; filename="{sample_interview.slug}.{extension}"'
        assert response["Content-Disposition"] == expected

    def test_text_in_one_language_says_so_in_its_name(self, client, sample_interview):
        url = reverse("interview_export", args=[sample_interview.slug, "txt"]) + "?lang=zh"
        response = client.get(url)
        assert f'filename="{sample_interview.slug}-zh.txt"' in response["Content-Disposition"]
        assert "green industries" not in response.content.decode()

    def test_permanent_urls_use_the_address_the_request_came_to(self, client, sample_interview):
        url = reverse("interview_export", args=[sample_interview.slug, "csv"])
        rows = read_rows(client.get(url, HTTP_HOST="localhost:8000").content.decode())
        assert rows[0]["url"] == f"http://localhost:8000/interviews/{sample_interview.slug}/"
        assert rows[1]["anchor"] == "q1-a1"
        assert rows[1]["url"].startswith("http://localhost:8000/p/")
        # The permanent URL leads to the passage where it is now.
        followed = client.get(rows[1]["url"].removeprefix("http://localhost:8000"))
        assert followed["Location"].endswith(f"/interviews/{sample_interview.slug}/#q1-a1")

    @override_settings(SITE_URL="https://duihua.example.org")
    def test_or_the_configured_site_address(self, client, sample_interview):
        url = reverse("interview_export", args=[sample_interview.slug, "csv"])
        rows = read_rows(client.get(url).content.decode())
        assert rows[1]["url"].startswith("https://duihua.example.org/p/")

    @pytest.mark.parametrize("extension", EXTENSIONS)
    def test_drafts_are_not_found(self, client, extension):
        draft = build_interview(1, 1, status=Interview.Status.DRAFT)
        response = client.get(reverse("interview_export", args=[draft.slug, extension]))
        assert response.status_code == 404

    def test_an_unknown_format_is_not_found(self, client, sample_interview):
        response = client.get(reverse("interview_export", args=[sample_interview.slug, "exe"]))
        assert response.status_code == 404

    def test_the_reading_page_links_to_every_format(self, client, sample_interview):
        page = BeautifulSoup(client.get(sample_interview.get_absolute_url()).content, "html.parser")
        links = page.select("nav.downloads a")
        hrefs = [link["href"] for link in links]
        for extension in EXTENSIONS:
            assert any(f"/export.{extension}" in href for href in hrefs), extension
        assert f"/interviews/{sample_interview.slug}/export.txt?lang=zh" in hrefs
        assert [link.text for link in links][:3] == ["TMX", "TEI", "CSV"]
        assert not page.select("nav.downloads [style]")

    def test_the_download_labels_are_translated(self, client, sample_interview):
        url = sample_interview.get_absolute_url() + "?ui=zh-hans"  # the interface language link
        page = BeautifulSoup(client.get(url).content, "html.parser")
        downloads = page.select_one("nav.downloads")
        assert "下载" in downloads.text
        assert "纯文本,中文" in downloads.text

    @pytest.mark.parametrize("questions,answers", [(1, 1), (30, 20)])
    @pytest.mark.parametrize("extension", EXTENSIONS)
    def test_one_interview_takes_a_fixed_number_of_queries_whatever_its_size(
        self, client, django_assert_num_queries, extension, questions, answers
    ):
        interview = build_interview(questions, answers)
        interview.topics.add(TopicFactory())
        interview.interviewees.update(affiliation=OrganizationFactory())
        url = reverse("interview_export", args=[interview.slug, extension])
        # the interview with outlet and source; interviewees; their affiliations; topics;
        # questions; paragraph pairs
        with django_assert_num_queries(6):
            response = client.get(url)
        assert response.status_code == 200


class TestSearchExports:
    @pytest.fixture
    def found(self, indexed_sample, client):
        def get(extension, query="q=绿色工业", **headers):
            return client.get(f"{reverse('search_export', args=[extension])}?{query}", **headers)

        return get

    def test_only_the_passages_found_are_exported_in_result_order(self, found, indexed_sample):
        rows = read_rows(found("csv").content.decode())
        assert rows and all("绿色工业" in row["zh"] + row["question_zh"] for row in rows)
        assert {row["interview"] for row in rows} == {indexed_sample.slug}
        assert len(rows) < indexed_sample.questions.count() * 3

    def test_the_query_is_recorded_in_every_format(self, found):
        rows = read_rows(found("csv").content.decode())
        assert rows[0]["query"] == "绿色工业"
        assert "/search/?q=" in rows[0]["search_url"]
        header = read_tmx(found("tmx").content.decode()).document.getroot().find("header")
        props = {p.get("type"): p.text for p in header.iter("prop")}
        assert props["x-query"] == "绿色工业"
        tree = tei_tree(found("tei.xml").content.decode())
        sampling = tree.find("tei:teiHeader//tei:samplingDecl/tei:p", TEI_NS).text
        assert "'绿色工业'" in sampling
        data = json.loads(found("json").content)
        assert data["query"] == "绿色工业" and data["limit"] == 1000
        assert data["interviews"][0]["turns"]
        assert "'绿色工业'" in found("txt").content.decode().splitlines()[0]

    def test_the_search_results_tei_is_a_valid_corpus(self, found, tei_schema):
        tree = tei_tree(found("tei.xml").content.decode())
        assert tree.tag == "{http://www.tei-c.org/ns/1.0}teiCorpus"
        assert tei_schema.validate(tree), tei_schema.error_log

    @override_settings(EXPORT_SEARCH_LIMIT=2)
    def test_an_export_holds_at_most_the_documented_limit(self, found):
        data = json.loads(found("json").content)
        exported = sum(len(t["answers"]) or 1 for i in data["interviews"] for t in i["turns"])
        assert data["exported"] == 2 == exported
        assert data["total"] > 2

    def test_text_in_one_language_is_asked_for_with_text_not_lang(self, found):
        response = found("txt", "q=green+industries&lang=en&text=zh")
        assert "绿色工业" in response.content.decode()
        assert response["Content-Disposition"].endswith('-zh.txt"')

    def test_nothing_to_search_is_a_bad_request(self, found):
        assert found("csv", "q=").status_code == 400

    def test_the_search_page_offers_the_downloads_with_the_same_parameters(
        self, client, indexed_sample
    ):
        page = BeautifulSoup(
            client.get("/search/?q=绿色工业&lang=zh&page=1").content, "html.parser"
        )
        hrefs = [a["href"] for a in page.select("nav.downloads a")]
        assert "/search/export.tmx?q=%E7%BB%BF%E8%89%B2%E5%B7%A5%E4%B8%9A&lang=zh" in hrefs


class TestExportArchiveCommand:
    @pytest.mark.parametrize("name", ["jsonl", "tmx", "tei", "csv"])
    def test_the_whole_published_archive_is_written_and_drafts_are_not(
        self, tmp_path, sample_interview, real_interviews, name, tei_schema
    ):
        draft = build_interview(1, 1, status=Interview.Status.DRAFT, slug="a-draft")
        out = tmp_path / f"archive.{name}"
        call_command(
            "export_archive", "--format", name, str(out), stdout=io.StringIO(), stderr=io.StringIO()
        )
        text = out.read_text(encoding="utf-8")
        published = [sample_interview, *real_interviews]
        for interview in published:
            assert interview.slug in text
        assert draft.slug not in text
        if name == "jsonl":
            lines = [json.loads(line) for line in text.splitlines()]
            assert {line["slug"] for line in lines} == {i.slug for i in published}
        if name == "tei":
            assert tei_schema.validate(tei_tree(text)), tei_schema.error_log

    def test_a_progress_bar_counts_the_interviews(self, tmp_path, real_interviews):
        stderr = io.StringIO()
        call_command(
            "export_archive",
            "--format",
            "csv",
            str(tmp_path / "a.csv"),
            stdout=io.StringIO(),
            stderr=stderr,
        )
        assert f"{len(real_interviews)}/{len(real_interviews)}" in stderr.getvalue()
