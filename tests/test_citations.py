"""Citing an interview or a passage: Chicago, APA and MLA text, BibTeX, RIS and CSL-JSON files
read back by real parsers, and the metadata reference managers read from the reading page."""

import datetime as dt
import json

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from archive.models import Interview

from .factories import (
    InterviewFactory,
    OrganizationFactory,
    PersonFactory,
    build_question,
)

pytestmark = pytest.mark.django_db

SITE = "https://duihua.example"
HOSTILE = 'A </script><script>alert(1)</script> {b} & "c" % $ # _ ~ ^ \\ <i>d</i>'


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def interview():
    """Wang Yi interviewed by Xinhua, published by the foreign ministry, on 3 March 2021."""
    interview = InterviewFactory(
        slug="2021-03-03-wang-yi",
        title_zh="王毅接受新华社专访",
        title_en="Wang Yi's Interview with Xinhua",
        date=dt.date(2021, 3, 3),
        source=OrganizationFactory(name_zh="外交部", name_en="Ministry of Foreign Affairs"),
        outlet=OrganizationFactory(name_zh="新华社", name_en="Xinhua News Agency"),
    )
    interview.interviewees.add(PersonFactory(name_zh="王毅", name_en="Wang Yi"))
    return interview


@pytest.fixture
def answer(interview):
    """Question 2, paragraph 3."""
    question = build_question(
        [("甲", "A"), ("乙", "B"), ("丙", "C")], interview=interview, number=2
    )
    return question.answers.get(position=3)


def page(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html5lib")


def citations(client, url) -> dict[str, str]:
    soup = page(client, url)
    return {
        section["id"]: section.select_one(".citation-text").get_text()
        for section in soup.select("section.citation")
    }


def download(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode("utf-8")


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(
        text, append_middleware=[LatexDecodingMiddleware(), SeparateCoAuthors()]
    )
    assert library.failed_blocks == []
    (entry,) = library.entries
    return entry


class TestPassageCitation:
    def test_the_chicago_note_names_interviewee_titles_outlet_source_date_place_and_link(
        self, client, answer
    ):
        link = f"{SITE}/p/{answer.uid}/"
        text = citations(client, reverse("passage_cite", args=[answer.uid]))
        assert text["chicago-note"] == (
            "Wang Yi 王毅, “王毅接受新华社专访 [Wang Yi's Interview with Xinhua],” "
            "interview by Xinhua News Agency 新华社, Ministry of Foreign Affairs 外交部, "
            f"March 3, 2021, question 2, paragraph 3, Duihua 对话, {link}."
        )
        assert text["chicago-bibliography"] == (
            "Wang Yi 王毅. “王毅接受新华社专访 [Wang Yi's Interview with Xinhua].” "
            "Interview by Xinhua News Agency 新华社. Ministry of Foreign Affairs 外交部, "
            f"March 3, 2021. Question 2, paragraph 3. Duihua 对话. {link}."
        )

    def test_apa_and_mla_give_the_date_in_their_own_forms(self, client, answer):
        link = f"{SITE}/p/{answer.uid}/"
        text = citations(client, reverse("passage_cite", args=[answer.uid]))
        assert text["apa"] == (
            "Wang Yi 王毅. (2021, March 3). 王毅接受新华社专访 [Wang Yi's Interview with Xinhua] "
            "(Xinhua News Agency 新华社, interviewer). Ministry of Foreign Affairs 外交部. "
            f"Duihua 对话 (question 2, paragraph 3). {link}"
        )
        assert text["mla"] == (
            "Wang Yi 王毅. “王毅接受新华社专访 [Wang Yi's Interview with Xinhua].” "
            "Interview by Xinhua News Agency 新华社. Ministry of Foreign Affairs 外交部, "
            f"3 Mar. 2021, Duihua 对话, question 2, paragraph 3, {link}."
        )

    def test_a_question_is_cited_by_its_number(self, client, answer):
        question = answer.question
        text = citations(client, reverse("passage_cite", args=[question.uid]))
        assert f", question 2, Duihua 对话, {SITE}/p/{question.uid}/." in text["chicago-note"]

    def test_the_page_shows_the_passage_and_its_permanent_link(self, client, answer):
        soup = page(client, reverse("passage_cite", args=[answer.uid]))
        assert soup.select_one(".cited-passage .side.zh").get_text(strip=True) == "丙"
        assert soup.select_one(".cited-passage .side.en").get_text(strip=True) == "C"
        assert soup.select_one("a.permalink")["href"] == f"{SITE}/p/{answer.uid}/"
        context = soup.select_one(".cited-passage figcaption a")["href"]
        assert context == answer.question.interview.get_absolute_url() + "#q2-a3"

    def test_chinese_in_a_citation_is_marked_as_chinese(self, client, answer):
        soup = page(client, reverse("passage_cite", args=[answer.uid]))
        note = soup.select_one("#chicago-note .citation-text")
        assert note["lang"] == "en"
        assert [span.text for span in note.select("span[lang=zh-Hans]")][:2] == [
            "王毅",
            "王毅接受新华社专访",
        ]

    def test_a_draft_passage_has_no_cite_page_and_no_downloads(self, client):
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        answer = build_question([("草稿", "draft")], interview=draft).answers.get()
        assert client.get(reverse("passage_cite", args=[answer.uid])).status_code == 404
        url = reverse("passage_citation", args=[answer.uid, "ris"])
        assert client.get(url).status_code == 404


class TestInterviewCitation:
    def test_the_interview_is_cited_with_its_reading_page_address(self, client, interview):
        text = citations(client, reverse("interview_cite", args=[interview.slug]))
        assert text["chicago-note"] == (
            "Wang Yi 王毅, “王毅接受新华社专访 [Wang Yi's Interview with Xinhua],” "
            "interview by Xinhua News Agency 新华社, Ministry of Foreign Affairs 外交部, "
            f"March 3, 2021, Duihua 对话, {SITE}/interviews/2021-03-03-wang-yi/."
        )

    def test_an_undated_interview_is_cited_nd_with_the_day_it_was_consulted(self, client):
        undated = InterviewFactory(date=None, title_en="", title_zh="无日期专访")
        text = citations(client, reverse("interview_cite", args=[undated.slug]))
        today = timezone.localdate()
        assert ", n.d., " in text["chicago-note"]
        assert f"accessed {today:%B} {today.day}, {today.year}," in text["chicago-note"]
        assert "(n.d.)." in text["apa"]
        assert "无日期专访 [" not in text["chicago-note"]  # one title, no empty brackets

    def test_without_interviewees_the_publishing_body_stands_as_author(self, client):
        source = OrganizationFactory(name_zh="外交部", name_en="Ministry of Foreign Affairs")
        nameless = InterviewFactory(source=source, outlet=None, title_en="Press conference")
        text = citations(client, reverse("interview_cite", args=[nameless.slug]))
        assert text["chicago-bibliography"].startswith("Ministry of Foreign Affairs 外交部. ")
        assert text["chicago-bibliography"].count("Press conference") == 1

    def test_without_a_source_the_outlet_is_where_it_appeared(self, client, interview):
        interview.source = None
        interview.save()
        text = citations(client, reverse("interview_cite", args=[interview.slug]))
        assert text["chicago-note"] == (
            "Wang Yi 王毅, “王毅接受新华社专访 [Wang Yi's Interview with Xinhua],” "
            "interview by Xinhua News Agency 新华社, Xinhua News Agency 新华社, "
            f"March 3, 2021, Duihua 对话, {SITE}/interviews/2021-03-03-wang-yi/."
        )
        assert "edition" not in " ".join(text.values()).lower()

    def test_an_english_only_title_is_cited_alone(self, client):
        english = InterviewFactory(title_zh="", title_en="An English Title")
        text = citations(client, reverse("interview_cite", args=[english.slug]))
        assert "“An English Title,”" in text["chicago-note"]

    def test_hostile_text_is_shown_as_text(self, client):
        hostile = InterviewFactory(title_zh="", title_en=HOSTILE)
        hostile.interviewees.add(PersonFactory(name_en="<b>Bold</b> & Co", name_zh=""))
        response = client.get(reverse("interview_cite", args=[hostile.slug]))
        assert b"<script>alert(1)" not in response.content
        assert b"<b>Bold" not in response.content
        soup = BeautifulSoup(response.content, "html5lib")
        assert [s.get("src") for s in soup.find_all("script")] == ["/static/js/duihua.js"]
        assert "A </script><script>alert(1)</script>" in soup.select_one("#mla").get_text()

    def test_the_cite_pages_are_public_cacheable_and_translated(self, client, answer):
        for url in (
            reverse("interview_cite", args=[answer.question.interview.slug]),
            reverse("passage_cite", args=[answer.uid]),
        ):
            response = client.get(url)
            assert response.cookies == {}
            assert "public" in response["Cache-Control"]
            soup = page(client, url + "?ui=zh-hans")
            assert soup.html["lang"] == "zh-Hans"
            assert soup.h1.get_text() in ("引用本段", "引用本访谈")


class TestDownloads:
    def test_bibtex_reads_back_with_names_kept_whole(self, client, answer):
        entry = parse_bibtex(
            download(client, reverse("passage_citation", args=[answer.uid, "bib"]))
        )
        assert entry.entry_type == "misc"
        assert entry["author"] == ["Wang Yi 王毅"]  # the whole name, braced
        assert entry["title"] == "王毅接受新华社专访 [Wang Yi's Interview with Xinhua]"
        assert entry["url"] == f"{SITE}/p/{answer.uid}/"
        assert entry["date"] == "2021-03-03"
        assert entry["note"] == "question 2, paragraph 3"

    def test_bibtex_escapes_every_special_character(self, client):
        hostile = InterviewFactory(title_zh="", title_en=HOSTILE + "\nsecond line")
        entry = parse_bibtex(
            download(client, reverse("interview_citation", args=[hostile.slug, "bib"]))
        )
        # pylatexenc reads \textasciicircum as the modifier letter, as LaTeX prints it
        title = entry["title"].replace("\u02c6", "^")
        assert title == HOSTILE + " second line"

    def test_ris_reads_back_with_every_field(self, client, answer):
        (record,) = rispy.loads(
            download(client, reverse("passage_citation", args=[answer.uid, "ris"]))
        )
        assert record == {
            "type_of_reference": "PCOMM",
            "authors": ["Wang Yi 王毅"],
            "secondary_authors": ["Xinhua News Agency 新华社"],
            "title": "王毅接受新华社专访 [Wang Yi's Interview with Xinhua]",
            "publisher": "Ministry of Foreign Affairs 外交部",
            "year": "2021",
            "date": "2021/03/03",
            "type_of_work": "Interview",
            "name_of_database": "Duihua 对话",
            "accession_number": "question 2, paragraph 3",
            "urls": [f"{SITE}/p/{answer.uid}/"],
            "language": "zh-Hans",
        }

    def test_ris_values_stay_on_one_line(self, client):
        hostile = InterviewFactory(title_zh="", title_en="line one\r\nER  - \nline two")
        text = download(client, reverse("interview_citation", args=[hostile.slug, "ris"]))
        (record,) = rispy.loads(text)
        assert record["title"] == "line one ER  - line two"

    def test_csl_json_is_one_interview_item(self, client, answer):
        text = download(client, reverse("passage_citation", args=[answer.uid, "json"]))
        (item,) = json.loads(text)
        assert item["type"] == "interview"
        assert item["author"] == [{"literal": "Wang Yi 王毅"}]
        assert item["interviewer"] == [{"literal": "Xinhua News Agency 新华社"}]
        assert item["issued"] == {"date-parts": [[2021, 3, 3]]}
        assert item["URL"] == f"{SITE}/p/{answer.uid}/"
        assert item["archive_location"] == "question 2, paragraph 3"

    def test_an_unknown_format_is_not_found(self, client, interview):
        url = reverse("interview_citation", args=[interview.slug, "doc"])
        assert client.get(url).status_code == 404


class TestReadingPageMetadata:
    def meta(self, soup, name) -> list[str]:
        return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]

    def test_highwire_tags_describe_the_interview(self, client, interview):
        interview.interviewees.add(PersonFactory(name_zh="华春莹", name_en="Hua Chunying"))
        soup = page(client, interview.get_absolute_url())
        title = "王毅接受新华社专访 [Wang Yi's Interview with Xinhua]"
        assert self.meta(soup, "citation_title") == [title]
        assert sorted(self.meta(soup, "citation_author")) == ["Hua Chunying 华春莹", "Wang Yi 王毅"]
        assert self.meta(soup, "citation_publication_date") == ["2021/03/03"]
        assert self.meta(soup, "citation_public_url") == [f"{SITE}/interviews/2021-03-03-wang-yi/"]
        assert self.meta(soup, "citation_language") == ["zh-Hans", "en"]
        assert self.meta(soup, "citation_publisher") == ["Ministry of Foreign Affairs 外交部"]

    def test_dublin_core_tags_describe_the_interview(self, client, interview):
        soup = page(client, interview.get_absolute_url())
        assert self.meta(soup, "DC.title") == [
            "王毅接受新华社专访 [Wang Yi's Interview with Xinhua]"
        ]
        assert self.meta(soup, "DC.creator") == ["Wang Yi 王毅"]
        assert self.meta(soup, "DC.date") == ["2021-03-03"]
        assert self.meta(soup, "DC.language") == ["zh-Hans", "en"]
        assert self.meta(soup, "DC.identifier") == [f"{SITE}/interviews/2021-03-03-wang-yi/"]

    def test_json_ld_names_both_languages(self, client, interview):
        soup = page(client, interview.get_absolute_url())
        (script,) = soup.find_all("script", attrs={"type": "application/ld+json"})
        data = json.loads(script.string)
        assert data["@type"] == "CreativeWork" and data["genre"] == "Interview"
        assert data["inLanguage"] == ["zh-Hans", "en"]
        assert data["name"] == "王毅接受新华社专访 [Wang Yi's Interview with Xinhua]"
        assert data["alternateName"] == ["王毅接受新华社专访", "Wang Yi's Interview with Xinhua"]
        assert data["author"] == [{"@type": "Person", "name": "Wang Yi 王毅"}]
        assert data["datePublished"] == "2021-03-03"
        assert data["url"] == f"{SITE}/interviews/2021-03-03-wang-yi/"

    def test_a_hostile_title_cannot_break_out_of_the_tags(self, client):
        hostile = InterviewFactory(title_zh="", title_en=HOSTILE)
        soup = page(client, hostile.get_absolute_url())
        assert self.meta(soup, "citation_title") == [HOSTILE]
        assert self.meta(soup, "DC.title") == [HOSTILE]
        (script,) = soup.find_all("script", attrs={"type": "application/ld+json"})
        assert json.loads(script.string)["name"] == HOSTILE
        assert len(soup.find_all("script")) == 2  # the site's file and the JSON-LD, no more

    def test_an_undated_interview_without_interviewees_has_no_empty_tags(self, client):
        bare = InterviewFactory(date=None)
        soup = page(client, bare.get_absolute_url())
        assert self.meta(soup, "citation_author") == []
        assert self.meta(soup, "citation_publication_date") == []
        assert self.meta(soup, "DC.date") == []
        assert all(tag["content"] for tag in soup.find_all("meta", attrs={"name": True}))

    def test_the_reading_page_links_to_the_interviews_cite_page(self, client, interview):
        soup = page(client, interview.get_absolute_url() + "?ui=zh-hans")
        link = soup.select_one(".cite-interview a")
        assert link["href"] == reverse("interview_cite", args=[interview.slug]) + "?ui=zh-hans"
