"""The public pages: reading an interview side by side, browsing, the home page."""

import datetime as dt
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from archive.models import Answer, Interview

from .factories import AnswerFactory, InterviewFactory, PersonFactory, build_interview

pytestmark = pytest.mark.django_db


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def reading_page(client, interview, query=""):
    return get_page(client, interview.get_absolute_url() + query)


class TestReadingPage:
    def test_all_six_questions_are_headed_in_both_languages(self, client, sample_interview):
        page = reading_page(client, sample_interview)
        headings = page.select("section.question > h2")
        assert [h.parent["id"] for h in headings] == [f"q{n}" for n in range(1, 7)]
        first = headings[0]
        assert "值此联合国成立七十五周年之际" in first.select_one(".zh").text
        assert "marking its 75th anniversary this year" in first.select_one(".en").text

    def test_each_paragraph_pair_sits_in_one_row_with_a_stable_anchor(
        self, client, sample_interview
    ):
        page = reading_page(client, sample_interview)
        rows = page.select("section.question .pair.passage")
        expected = [
            f"q{q}-a{a}" for q, n in enumerate([2, 4, 2, 3, 3, 4], 1) for a in range(1, n + 1)
        ]
        assert [row["id"] for row in rows] == expected
        row = page.find(id="q2-a4")
        assert "绿色工业" in row.select_one(".zh").text
        assert "green industries" in row.select_one(".en").text
        last = page.find(id="q6-a4")
        assert "一带一路" in last.select_one(".zh").text
        assert "including the Belt and Road." in last.select_one(".en").text

    def test_every_text_block_carries_its_language(self, client, sample_interview):
        page = reading_page(client, sample_interview)
        assert page.html["lang"] == "en"
        for side in page.select(".side"):
            expected = "zh-Hans" if "zh" in side["class"] else "en"
            assert side["lang"] == expected

    def test_the_intro_and_metadata_are_shown(self, client, sample_interview):
        page = reading_page(client, sample_interview)
        assert "时逢联合国成立七十五周年" in page.select_one(".intro .zh").text
        meta = page.select_one("dl.meta").text
        for expected in ["2020-10-15", "李勇", "总干事", "人民日报", "联合国工业发展组织"]:
            assert expected in meta
        assert "000_bc8751bc241665a7.txt" in meta

    def test_a_missing_english_intro_is_shown_as_missing(self, client, sample_interview):
        page = reading_page(client, sample_interview)
        missing = page.select_one(".intro .en.missing")
        assert missing is not None and missing["lang"] == "en"  # the interface language
        assert "missing" in missing.text

    def test_a_missing_translation_is_shown_not_hidden(self, client):
        answer = AnswerFactory(text_en="", position=1, question__number=1)
        page = reading_page(client, answer.question.interview)
        row = page.find(id="q1-a1")
        assert row.select_one(".zh").text.strip() == answer.text_zh
        assert "English translation missing" in row.select_one(".en.missing").text

    @pytest.mark.parametrize("mode", ["zh", "en"])
    def test_the_language_switch_works_without_javascript(self, client, sample_interview, mode):
        page = reading_page(client, sample_interview, f"?show={mode}")
        assert f"mode-{mode}" in page.select_one("article.interview")["class"]
        current = page.select_one(".reading-mode a[aria-current]")
        assert current["href"] == f"?show={mode}"
        css = Path(finders.find("css/duihua.css")).read_text()
        hidden = "en" if mode == "zh" else "zh"
        assert f".mode-{mode} .side.{hidden}" in css

    def test_an_unknown_mode_falls_back_to_both_languages(self, client, sample_interview):
        page = reading_page(client, sample_interview, "?show=<script>")
        assert "mode-both" in page.select_one("article.interview")["class"]

    def test_the_original_text_is_served_verbatim(self, client, sample_interview, sample_text):
        response = client.get(reverse("interview_original", args=[sample_interview.slug]))
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode() == sample_text

    def test_drafts_are_not_public(self, client):
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404
        original = reverse("interview_original", args=[draft.slug])
        assert client.get(original).status_code == 404

    def test_markup_in_transcript_text_is_shown_as_text(self, client):
        answer = AnswerFactory(
            text_zh="<script>alert(1)</script>", text_en='<img src=x onerror="x()">'
        )
        response = client.get(answer.question.interview.get_absolute_url())
        assert b"<script>alert" not in response.content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
        assert b"<img src=x" not in response.content


@pytest.mark.parametrize("questions,answers", [(1, 1), (40, 25)])
def test_the_reading_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, questions, answers
):
    interview = build_interview(questions=questions, answers_per_question=answers)
    # interview with outlet and source, interviewees, topics, questions, answers,
    # the earlier and later interviews, and the archive generation (for the ETag)
    with django_assert_num_queries(8):
        response = client.get(interview.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'class="pair passage"') == questions * answers


class TestBrowsing:
    def test_interviews_are_listed_newest_first_twenty_per_page(self, client):
        for _ in range(25):
            build_interview(questions=3, answers_per_question=1)
        InterviewFactory(status=Interview.Status.DRAFT, title_zh="草稿不应出现")
        first = get_page(client, reverse("interview_list"))
        cards = first.select(".interview-card")
        assert len(cards) == 20
        dates = [card.time["datetime"] for card in cards]
        assert dates == sorted(dates, reverse=True)
        assert "3 questions" in cards[0].text
        assert "Page 1 of 2" in first.select_one(".pagination").text
        second = get_page(client, reverse("interview_list") + "?page=2")
        assert len(second.select(".interview-card")) == 5
        assert "草稿不应出现" not in first.text + second.text

    def test_the_list_shows_both_titles_and_the_interviewee(self, client, sample_interview):
        card = get_page(client, reverse("interview_list")).select_one(".interview-card")
        assert "联合国工发组织总干事接受人民日报专访" in card.text
        assert "(no English title)" in card.text
        assert "李勇" in card.text
        assert "6 questions" in card.text

    def test_the_list_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        for _ in range(3):
            build_interview(questions=2, answers_per_question=1)
        # count, page, interviewees, one aggregate per filter (year, person, source, topic),
        # and the archive generation (for the ETag)
        with django_assert_num_queries(8):
            client.get(reverse("interview_list"))
        for _ in range(10):
            build_interview(questions=2, answers_per_question=1)
        cache.clear()  # rows written without a commit leave the generation, and the cache, as is
        with django_assert_num_queries(8):
            client.get(reverse("interview_list"))

    def test_a_page_number_out_of_range_shows_the_last_page(self, client, sample_interview):
        page = get_page(client, reverse("interview_list") + "?page=999")
        assert len(page.select(".interview-card")) == 1


def test_home_says_what_the_archive_holds(client, sample_interview):
    InterviewFactory(status=Interview.Status.DRAFT)
    page = get_page(client, reverse("home"))
    holdings = page.select_one(".holdings").text
    assert "1 interview" in holdings and "6 questions" in holdings
    assert (
        f"{Answer.objects.filter(question__interview=sample_interview).count()} aligned" in holdings
    )
    assert "李勇" in page.select_one(".interview-list").text


class TestNavigation:
    def test_the_reading_page_lists_its_questions_as_a_table_of_contents(
        self, client, sample_interview
    ):
        page = reading_page(client, sample_interview)
        links = [a["href"] for a in page.select(".toc a")]
        assert links == [f"#q{n}" for n in range(1, 7)]

    def test_earlier_and_later_interviews_are_linked(self, client):
        older, middle, newer = (build_interview(1, 1, date=dt.date(2020, 1, d)) for d in (1, 2, 3))
        page = reading_page(client, middle)
        assert page.select_one(".neighbours a[rel=prev]")["href"] == older.get_absolute_url()
        assert page.select_one(".neighbours a[rel=next]")["href"] == newer.get_absolute_url()
        assert not reading_page(client, newer).select_one(".neighbours a[rel=next]")

    def test_breadcrumbs_lead_back_to_the_list(self, client, sample_interview):
        crumbs = reading_page(client, sample_interview).select(".breadcrumbs a")
        assert [a["href"] for a in crumbs] == ["/", "/interviews/"]


class TestBrowseFilters:
    def test_filters_show_counts_narrow_and_can_be_removed(self, client):
        alice = PersonFactory(name_zh="王芳", slug="wang-fang")
        for year in (2019, 2019, 2021):
            interview = build_interview(1, 1, date=dt.date(year, 5, 1))
            interview.interviewees.add(alice)
        build_interview(1, 1, date=dt.date(2021, 6, 1))
        page = get_page(client, reverse("interview_list"))
        years = {
            li.a.text.strip(): li.select_one(".count").text
            for li in page.select(".facet")[1].select("li")
        }
        assert years == {"2021": "2", "2019": "2"}
        narrowed = get_page(client, reverse("interview_list") + "?person=wang-fang&year=2019")
        assert len(narrowed.select(".interview-card")) == 2
        chip = next(a for a in narrowed.select(".selected-filters a") if "王芳" in a.text)
        assert "person" not in chip["href"] and "year=2019" in chip["href"]

    def test_undated_interviews_are_counted_last_under_date_unknown(self, client):
        build_interview(1, 1, date=dt.date(2021, 6, 1))
        undated = build_interview(1, 1, date=None)
        page = get_page(client, reverse("interview_list"))
        years = [li.a.text.split() for li in page.select(".facet")[1].select("li")]
        assert years == [["2021"], ["date", "unknown", "日期不详"]]  # the interface's first
        link = page.select(".facet")[1].select("li")[-1].a["href"]
        narrowed = get_page(client, reverse("interview_list") + link)
        cards = narrowed.select(".interview-card-title a")
        assert [a["href"] for a in cards] == [undated.get_absolute_url()]

    def test_a_nonsense_filter_is_ignored(self, client, sample_interview):
        page = get_page(client, reverse("interview_list") + "?year=abcd&person=%3Cscript%3E")
        assert "<script>" not in str(page.select_one(".selected-filters") or "")


class TestPeople:
    def test_people_pages_list_their_published_interviews(self, client, sample_interview):
        listing = get_page(client, reverse("person_list"))
        link = listing.select_one(".people-list a")
        assert "李勇" in link.text
        person_page = get_page(client, link["href"])
        cards = person_page.select(".interview-card")
        assert len(cards) == 1 and "联合国工发组织总干事接受人民日报专访" in cards[0].text

    def test_a_person_with_only_drafts_is_not_listed(self, client):
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        draft.interviewees.add(PersonFactory(name_zh="隐藏"))
        assert "隐藏" not in get_page(client, reverse("person_list")).text


class TestInterfaceLanguage:
    def test_choosing_chinese_translates_the_interface_but_not_the_content(
        self, client, sample_interview
    ):
        page = get_page(client, reverse("interview_list") + "?ui=zh-hans")
        assert page.html["lang"] == "zh-Hans"
        assert page.select_one(".site-nav a").text == "访谈"
        # The content keeps its own language.
        assert page.select_one(".interview-card .title-zh")["lang"] == "zh-Hans"

    def test_english_is_the_default_interface(self, client, sample_interview):
        page = get_page(client, reverse("home"))
        assert page.html["lang"] == "en"
        assert page.select_one(".site-nav a").text == "Interviews"


def test_a_person_named_only_in_drafts_has_no_public_page(client, sample_interview, committed):
    from archive.models import Interview

    person = sample_interview.interviewees.get()
    assert client.get(person.get_absolute_url()).status_code == 200
    with committed():  # as the admin saves it: the change reaches the index and the caches
        sample_interview.status = Interview.Status.DRAFT
        sample_interview.save()
    assert client.get(person.get_absolute_url()).status_code == 404
