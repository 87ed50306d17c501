"""Searching the archive in Chinese and English, through the search service and Haystack.

Backend-neutral: they run on the configured backend (a Whoosh index on disk, or the server
SEARCH_URL names), except those marked whoosh_only.
"""

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from haystack.query import SearchQuerySet

from archive.models import Answer, Interview, Person, Question, Topic
from archive.search import service
from archive.search.analysis import BilingualAnalyzer, HanCharAnalyzer

from .factories import AnswerFactory, InterviewFactory, PersonFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def anchors(q, **options):
    """Anchors (#q2-a4) of the answer passages a query finds, in result order."""
    outcome = service.search(service.SearchRequest(q=q, **options))
    assert not outcome.error, outcome.error
    return [hit.url.split("#")[1] for hit in outcome.hits if hit.kind == "answer"]


def search_page(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestSampleInterview:
    """What a researcher looks for in the sample interview, and where they land."""

    @pytest.mark.parametrize("q", ["绿色工业", "綠色工業", '"绿色工业"'])
    def test_green_industry_in_chinese_finds_the_three_passages(self, indexed_sample, q):
        assert sorted(anchors(q)) == ["q2-a4", "q3-a2", "q6-a2"]

    @pytest.mark.parametrize("q", ["工业发展", "可持续"])
    def test_common_chinese_words_match_the_passages_containing_them(self, indexed_sample, q):
        found = anchors(q)
        holding = [a.anchor for a in Answer.objects.select_related("question") if q in a.text_zh]
        assert found and set(holding) <= set(found)

    def test_green_industries_in_english_finds_q2_and_q3(self, indexed_sample):
        assert {"q2-a4", "q3-a2"} <= set(anchors("green industries"))

    def test_a_quoted_english_phrase_matches_only_where_the_words_follow_each_other(
        self, indexed_sample
    ):
        assert anchors('"global value chains"') == ["q4-a1"]
        assert anchors('"chains value global"') == []

    @pytest.mark.parametrize("q", ["一带一路", "Belt and Road", '"Belt and Road"'])
    def test_belt_and_road_in_either_language_finds_the_last_passage(self, indexed_sample, q):
        assert anchors(q) == ["q6-a4"]

    def test_the_interviewee_finds_the_interview_first(self, indexed_sample):
        outcome = service.search(service.SearchRequest(q="李勇"))
        assert outcome.hits[0].kind == "interview"
        assert outcome.hits[0].interview == indexed_sample

    def test_a_name_and_an_english_word_find_his_passages_with_that_word(self, indexed_sample):
        found = anchors("李勇 UNIDO")
        assert found and all(
            "UNIDO"
            in Answer.objects.get(
                question__number=a.split("-")[0][1:], position=a.split("a")[-1]
            ).text_en
            for a in found
        )

    def test_a_term_absent_from_the_archive_finds_nothing(self, indexed_sample, client):
        assert anchors("量子计算") == []
        page = search_page(client, q="量子计算")
        assert "Nothing found" in page.select_one(".no-results").text
        assert "0 passages match" in page.select_one(".result-count").text

    def test_hits_show_both_languages_with_the_query_marked(self, indexed_sample, client):
        page = search_page(client, q="绿色工业")
        link = page.find("a", href=f"{indexed_sample.get_absolute_url()}#q2-a4")
        hit = link.find_parent(class_="hit")
        assert [m.text for m in hit.select(".side.zh mark")] == ["绿色工业"]
        assert "green industries" in hit.select(".side.en")[-1].text  # the English partner

    def test_traditional_query_marks_the_simplified_text(self, indexed_sample, client):
        page = search_page(client, q="綠色工業")
        assert "绿色工业" in [m.text for m in page.select(".side.zh mark")]

    def test_english_terms_are_marked_in_their_inflected_form(self, indexed_sample, client):
        page = search_page(client, q="green industries", lang="en")
        marks = {m.text for m in page.select(".side.en mark")}
        assert {"green", "industries"} <= marks

    def test_language_choice_restricts_where_words_are_found(self, indexed_sample):
        assert anchors("绿色工业", language="en") == []
        assert anchors("green", language="zh") == []
        assert sorted(anchors("绿色工业", language="zh")) == ["q2-a4", "q3-a2", "q6-a2"]

    def test_search_queryset_all_still_sees_every_document(self, indexed_sample):
        documents = 1 + Question.objects.count() + Answer.objects.count()
        assert SearchQuerySet().all().count() == documents

    def test_the_reading_page_has_the_anchor_a_hit_links_to(self, indexed_sample, client):
        hit = service.search(service.SearchRequest(q="一带一路")).hits[0]
        path, anchor = hit.url.split("#")
        page = BeautifulSoup(client.get(path).content.decode(), "html.parser")
        assert "一带一路" in page.find(id=anchor).text


class TestAnalysis:
    def test_word_positions_are_sequential_so_phrases_match(self):
        tokens = [(t.text, t.pos) for t in BilingualAnalyzer()("推动绿色工业 Belt", positions=True)]
        assert tokens == [("推动", 0), ("绿色", 1), ("工业", 2), ("belt", 3)]

    def test_characters_and_pairs_are_indexed_and_gaps_break_phrases(self):
        tokens = [(t.text, t.pos) for t in HanCharAnalyzer()("可持续,性", positions=True)]
        assert tokens == [("可", 0), ("可持", 0), ("持", 1), ("持续", 1), ("续", 2), ("性", 4)]

    def test_whole_value_is_one_token_when_whoosh_asks_for_it(self):
        tokens = [t.text for t in BilingualAnalyzer()("中华人民共和国 Belt", tokenize=False)]
        assert tokens == ["中华人民共和国 Belt"]

    def test_stop_words_carry_meaning_and_are_kept(self):
        assert [t.text for t in BilingualAnalyzer()("we do not")] == ["we", "do", "not"]

    def test_full_width_text_is_folded(self):
        assert [t.text for t in BilingualAnalyzer()("ＵＮＩＤＯ２０３０")] == ["unido2030"]


def interview_with(texts, *, committed, people=(), topics=(), date=None, title="测试访谈"):
    """A published interview with one question whose answers are the given (zh, en) texts."""
    with committed():
        interview = InterviewFactory(title_zh=title, date=date or dt.date(2021, 5, 1))
        interview.interviewees.add(*people)
        interview.topics.add(*topics)
        question = QuestionFactory(interview=interview, number=1, text_zh="问题", text_en="Q")
        for position, (zh, en) in enumerate(texts, start=1):
            AnswerFactory(question=question, position=position, text_zh=zh, text_en=en)
    return interview


class TestAcrossInterviews:
    def test_single_character_chinese_queries_work(self, search_index, committed):
        interview_with(
            [("中国共产党党员代表", "Party members"), ("钢铁产量", "steel")], committed=committed
        )
        assert anchors("党") == ["q1-a1"]
        assert anchors("钢") == ["q1-a2"]

    def test_traditional_text_is_found_by_simplified_queries_and_back(
        self, search_index, committed
    ):
        interview_with([("推動綠色工業與國際合作", "green industry")], committed=committed)
        assert anchors("绿色工业") == ["q1-a1"]
        assert anchors("綠色工業") == ["q1-a1"]
        assert anchors("国际合作") == ["q1-a1"]

    def test_facets_count_the_whole_result_set_and_narrow_it(self, search_index, committed, client):
        alice, bob = PersonFactory(name_zh="王芳"), PersonFactory(name_zh="陈明")
        trade = Topic.objects.create(name_zh="贸易", name_en="Trade", slug="trade")
        many = [(f"贸易谈判第{i}轮", f"trade round {i}") for i in range(25)]
        interview_with(
            many, people=[alice], topics=[trade], date=dt.date(2019, 3, 1), committed=committed
        )
        interview_with(
            [("贸易与发展", "trade and development")],
            people=[alice, bob],
            date=dt.date(2022, 6, 1),
            committed=committed,
        )
        outcome = service.search(service.SearchRequest(q="贸易"))
        assert outcome.total == 26 and len(outcome.hits) == 20
        people = {f.label_zh: f.count for f in outcome.facets["interviewee"]}
        assert people == {"王芳": 26, "陈明": 1}
        assert {f.value: f.count for f in outcome.facets["year"]} == {"2019": 25, "2022": 1}
        assert {f.label_en: f.count for f in outcome.facets["topic"]} == {"Trade": 25}

        page = search_page(client, q="贸易", interviewee=str(bob.pk))
        assert "1 passage matches" in page.select_one(".result-count").text
        chip = page.select_one(".selected-filters a")
        assert "陈明" in chip.text
        assert "interviewee" not in chip["href"] and "q=" in chip["href"]

    def test_a_filter_matching_nothing_still_shows_and_can_be_removed(self, indexed_sample, client):
        other = PersonFactory(name_zh="无关")
        page = search_page(client, q="绿色工业", interviewee=str(other.pk))
        assert "0 passages match" in page.select_one(".result-count").text
        assert "无关" in page.select_one(".selected-filters").text
        assert page.find("a", string="Search without the filters")

    def test_results_are_paged_and_can_be_sorted_by_date(self, search_index, committed, client):
        for year in (2018, 2020, 2019):
            texts = [(f"能源转型{i}", f"energy {i}") for i in range(8)]
            interview_with(
                texts, date=dt.date(year, 1, 1), title=f"{year}年访谈", committed=committed
            )
        first = search_page(client, q="能源", sort="date")
        years = [hit.time["datetime"][:4] for hit in first.select(".hit")]
        assert len(years) == 20 and years == sorted(years, reverse=True)
        assert "Page 1 of 2" in first.select_one(".pagination").text
        second = search_page(client, q="能源", sort="date", page=2)
        assert len(second.select(".hit")) == 4

    def test_the_search_page_runs_a_fixed_number_of_queries(
        self, search_index, committed, client, django_assert_max_num_queries
    ):
        for n in range(3):
            interview_with(
                [(f"合作{n}", "cooperation")], people=[PersonFactory()], committed=committed
            )
        # One of them reads the sentence links of every pair on the page (the hits' leads).
        with django_assert_max_num_queries(7) as few:
            client.get(reverse("search"), {"q": "合作"})
        for n in range(12):
            interview_with(
                [(f"合作{n}", "cooperation")] * 2, people=[PersonFactory()], committed=committed
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("search"), {"q": "合作"})


HOSTILE = [
    "",
    "   ",
    "-绿色",
    "NOT green",
    '"',
    '""',
    "AND",
    "OR OR",
    "(((",
    "*",
    "?",
    "django_ct:archive.answer",
    "id:archive.answer.1",
    "text_zh:绿色 OR django_id:1",
    "绿色" * 5000,
    "x" * 10_000,
    "\x00\x01\x02\x1b[31m",
    "绿色工业\u202e\u200b",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "{{ 7*7 }} {% debug %}",
    "绿色工业 OR",
    "- - -",
]


def test_an_empty_archive_answers_every_search_with_nothing_found(search_index, client):
    page = search_page(client, q="绿色工业")
    assert "0 passages match" in page.select_one(".result-count").text
    assert service.search(service.SearchRequest(q="green", sort="date")).total == 0


class TestHostileInput:
    @pytest.mark.parametrize("q", HOSTILE)
    def test_nothing_typed_produces_an_error_page_or_dumps_the_index(
        self, indexed_sample, client, q
    ):
        response = client.get(reverse("search"), {"q": q, "page": "x", "lang": "klingon"})
        assert response.status_code == 200
        page = BeautifulSoup(response.content.decode(), "html.parser")
        documents = SearchQuerySet().all().count()
        assert len(page.select(".hit")) < documents
        assert b"<script>alert" not in response.content
        assert b"<img src=x onerror" not in response.content

    def test_a_negation_only_query_is_explained(self, indexed_sample, client):
        page = search_page(client, q="-绿色")
        assert "Add a word to search for" in page.select_one("[role=alert]").text

    def test_an_overlong_query_is_shortened_with_a_notice(self, indexed_sample, client):
        page = search_page(client, q="绿色工业 " + "x" * 10_000)
        assert "shortened" in page.select_one(".notice").text

    def test_markup_in_passages_is_shown_as_text_in_hits(self, search_index, committed, client):
        interview_with(
            [("<script>alert(1)</script> 绿色工业", '<img src=x onerror="a()"> green')],
            committed=committed,
        )
        response = client.get(reverse("search"), {"q": "绿色工业"})
        assert b"<script>alert" not in response.content
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
        assert b"<img src=x" not in response.content

    @pytest.mark.parametrize(
        "params",
        [
            {"page": "999"},
            {"page": "-3"},
            {"year": "abc"},
            {"interviewee": "1" * 40},
            {"sort": "django_id"},
        ],
    )
    def test_odd_parameters_are_ignored_or_answered_calmly(self, indexed_sample, client, params):
        response = client.get(reverse("search"), {"q": "绿色工业", **params})
        assert response.status_code == 200


class TestIndexFollowsDatabase:
    def test_an_edited_paragraph_is_found_by_its_new_words_only(self, indexed_sample, committed):
        answer = Answer.objects.get(question__number=6, position=4)
        with committed():
            answer.text_zh = answer.text_zh.replace("一带一路", "丝绸之路")
            answer.save()
        assert anchors("一带一路") == []
        assert anchors("丝绸之路") == ["q6-a4"]

    def test_unpublishing_hides_and_publishing_restores(self, indexed_sample, committed):
        with committed():
            indexed_sample.status = Interview.Status.DRAFT
            indexed_sample.save()
        assert SearchQuerySet().all().count() == 0
        with committed():
            indexed_sample.status = Interview.Status.PUBLISHED
            indexed_sample.save()
        assert sorted(anchors("绿色工业")) == ["q2-a4", "q3-a2", "q6-a2"]

    def test_deleting_a_paragraph_a_question_or_an_interview_removes_its_documents(
        self, indexed_sample, committed
    ):
        with committed():
            Answer.objects.get(question__number=6, position=4).delete()
        assert anchors("一带一路") == []
        with committed():
            Question.objects.get(number=4).delete()
        assert anchors('"global value chains"') == []
        with committed():
            indexed_sample.delete()
        assert SearchQuerySet().all().count() == 0

    def test_a_rolled_back_save_leaves_no_trace(self, indexed_sample, committed):
        answer = Answer.objects.get(question__number=6, position=4)
        with committed(), pytest.raises(RuntimeError):
            from django.db import transaction

            with transaction.atomic():
                answer.text_zh = "量子计算"
                answer.save()
                raise RuntimeError("the curator's save failed")
        assert anchors("量子计算") == []
        assert anchors("一带一路") == ["q6-a4"]

    def test_a_renamed_person_is_found_by_the_new_name_in_all_their_passages(
        self, indexed_sample, committed
    ):
        person = Person.objects.get(name_zh="李勇")
        with committed():
            person.name_en = "Lee Yung"
            person.save()
        outcome = service.search(service.SearchRequest(q="Lee Yung"))
        assert outcome.interviewees == [person]
        found = outcome.total + sum(group.count for group in outcome.through)
        assert found == SearchQuerySet().all().count()

    @pytest.mark.whoosh_only(
        "a rebuild fills a new Whoosh version while the live one answers; Elasticsearch "
        "empties the index and refills it"
    )
    def test_rebuild_restores_a_drifted_index_while_the_old_one_keeps_answering(
        self, indexed_sample, committed, monkeypatch
    ):
        from django.core.management import call_command

        from archive.search import documents, indexing

        extra = interview_with([("额外的访谈", "extra")], committed=committed)
        lost = Answer.objects.get(question__interview=extra)
        indexing.backend().remove(f"archive.answer.{lost.pk}")
        stale = interview_with([("已撤下的访谈", "withdrawn")], committed=committed)
        Interview.objects.filter(pk=stale.pk).update(status=Interview.Status.DRAFT)  # no signal

        answered_meanwhile = []
        real_documents_for = documents.documents_for

        def watching(ids, using="default"):
            answered_meanwhile.append(sorted(anchors("绿色工业")))
            yield from real_documents_for(ids, using)

        monkeypatch.setattr(documents, "documents_for", watching)
        call_command("rebuild_index", "--batch-size=1", stdout=io.StringIO())
        # One batch per interview, and the old index answered all the while.
        assert answered_meanwhile == [["q2-a4", "q3-a2", "q6-a2"]] * 2
        assert anchors("额外") == ["q1-a1"]
        assert stale.pk not in indexing.backend().indexed_interviews()


def test_linking_and_clearing_people_from_either_side_updates_the_index(indexed_sample, committed):
    newcomer = PersonFactory(name_zh="赵敏", name_en="Zhao Min")
    with committed():
        newcomer.interviews.add(indexed_sample)
    outcome = service.search(service.SearchRequest(q="赵敏"))
    assert [group.interview for group in outcome.through] == [indexed_sample]
    with committed():
        newcomer.interviews.clear()
    outcome = service.search(service.SearchRequest(q="赵敏"))
    assert (outcome.total, outcome.through) == (0, [])


def test_an_interleaved_traditional_transcript_is_searchable_in_both_scripts(
    indexed_sample, committed
):
    from pathlib import Path

    from archive.importing import import_file

    path = Path(__file__).parent / "data" / "interleaved_traditional.txt"
    with committed():
        result = import_file(path, publish=True)
    interview = result.interview
    assert interview.script == "zh-Hant"
    assert [p.name_zh for p in interview.interviewees.all()] == ["葛琳達"]
    # 全球价值链 (simplified) finds the traditional passage; its English partner is found too.
    outcome = service.search(service.SearchRequest(q="全球价值链"))
    urls = [hit.url for hit in outcome.hits]
    assert f"{interview.get_absolute_url()}#q1-a1" in urls
    assert sorted(anchors('"global value chains"')) == ["q1-a1", "q4-a1"]
    # Facets now span two interviews (the new one: introduction, question 2 and its answer).
    outcome = service.search(service.SearchRequest(q="绿色工业"))
    people = {f.label_zh: f.count for f in outcome.facets["interviewee"]}
    assert people == {"李勇": 3, "葛琳達": 3}
    years = {f.value: f.count for f in outcome.facets["year"]}
    assert years == {"2020": 3, "2021": 3}


def test_passages_with_the_exact_phrase_rank_above_scattered_words(search_index, committed):
    interview_with(
        [
            ("工业发展需要绿色的能源,也需要新的技术和更多人才。", "scattered"),
            ("推动绿色工业。", "exact"),
        ],
        committed=committed,
    )
    outcome = service.search(service.SearchRequest(q="绿色工业"))
    assert [hit.url.split("#")[1] for hit in outcome.hits] == ["q1-a2"]
    outcome = service.search(service.SearchRequest(q="绿色 工业"))
    assert [hit.url.split("#")[1] for hit in outcome.hits] == ["q1-a2", "q1-a1"]
