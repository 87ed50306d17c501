"""People's names in Chinese, English and pinyin: the suggestion at import, the curator's
confirmation, finding a person however the name is typed, and which name comes first."""

import importlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse

from archive.importing import import_file
from archive.models import Answer, Interview, Person, Question
from archive.names import name_key, romanize
from archive.search import service

from .factories import AnswerFactory, InterviewFactory, PersonFactory, QuestionFactory

TRADITIONAL = Path(__file__).parent / "data" / "interleaved_traditional.txt"


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


class TestRomanization:
    @pytest.mark.parametrize(
        "name_zh, name_en",
        [
            ("李勇", "Li Yong"),
            ("王毅", "Wang Yi"),
            ("习近平", "Xi Jinping"),
            ("汪文斌", "Wang Wenbin"),
            ("欧阳修", "Ouyang Xiu"),
            ("歐陽修", "Ouyang Xiu"),
            ("诸葛亮", "Zhuge Liang"),
            ("司马光", "Sima Guang"),
            ("曾国藩", "Zeng Guofan"),
            ("单雄信", "Shan Xiongxin"),
            ("葛琳達", "Ge Linda"),
            ("张嘉恩", "Zhang Jia'en"),
        ],
    )
    def test_a_chinese_name_is_written_surname_first_with_the_given_name_as_one_word(
        self, name_zh, name_en
    ):
        assert romanize(name_zh) == name_en

    @pytest.mark.parametrize("name", ["UNIDO", "Rebeca Grynspan", "安东尼奥·古特雷斯", "李", ""])
    def test_what_is_not_a_chinese_personal_name_gets_no_suggestion(self, name):
        assert romanize(name) == ""

    @pytest.mark.parametrize("typed", ["Li Yong", "liyong", "Lǐ Yǒng", "LI-YONG", " li  yong "])
    def test_every_latin_spelling_of_a_name_folds_to_one_key(self, typed):
        assert name_key(typed) == "liyong"

    def test_traditional_and_simplified_characters_fold_to_one_key(self):
        assert name_key("葛琳達") == name_key("葛琳达") == "葛琳达"


@pytest.mark.django_db
class TestSuggestionAtImport:
    def test_an_imported_interviewee_without_an_english_name_gets_pinyin_marked_automatic(
        self, sample_interview
    ):
        person = sample_interview.interviewees.get()
        assert (person.name_zh, person.name_en, person.name_en_automatic) == (
            "李勇",
            "Li Yong",
            True,
        )
        assert (person.name_key_zh, person.name_key_pinyin, person.name_key_en) == (
            "李勇",
            "liyong",
            "liyong",
        )

    def test_an_english_name_already_known_is_left_alone(self, db):
        PersonFactory(name_zh="李勇", name_en="LI Yong", slug="li-yong")
        interview = import_file(
            Path(__file__).resolve().parents[1] / "archive/samples/000_bc8751bc241665a7.txt",
            publish=True,
        ).interview
        person = interview.interviewees.get()
        assert (person.name_en, person.name_en_automatic) == ("LI Yong", False)

    def test_a_person_named_only_in_english_gets_no_suggestion(self, db):
        person = Person(name_en="Rebeca Grynspan", slug="grynspan")
        assert not person.suggest_english_name()
        person.save()
        assert (person.name_zh, person.name_en_automatic, person.name_key_pinyin) == (
            "",
            False,
            "",
        )

    def test_the_migration_suggests_names_for_people_who_have_none(self, db):
        Person.objects.bulk_create(
            [Person(name_zh="欧阳修", slug="ouyang"), Person(name_zh="王毅", name_en="Wang Yi")]
        )
        migration = importlib.import_module(
            "archive.migrations.0008_person_name_keys_and_pinyin_suggestions"
        )
        migration.fill(apps, None)
        people = {p.name_zh: p for p in Person.objects.all()}
        assert (people["欧阳修"].name_en, people["欧阳修"].name_en_automatic) == (
            "Ouyang Xiu",
            True,
        )
        assert people["欧阳修"].name_key_pinyin == "ouyangxiu"
        assert (people["王毅"].name_en_automatic, people["王毅"].name_key_en) == (False, "wangyi")


@pytest.mark.django_db
class TestCuratorConfirmation:
    @pytest.fixture
    def suggested(self):
        person = Person(name_zh="李勇", slug="li-yong")
        person.suggest_english_name()
        person.save()
        return person

    def change(self, client, person, **changes):
        url = reverse("admin:archive_person_change", args=[person.pk])
        data = {
            "name_zh": person.name_zh,
            "name_en": person.name_en,
            "slug": person.slug,
            "role_zh": "",
            "role_en": "",
            "affiliation": "",
        }
        if person.name_en_automatic:
            data["name_en_automatic"] = "on"
        data.update(changes)
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        person.refresh_from_db()
        return person

    def test_editing_the_english_name_confirms_it(self, client, admin_user, suggested):
        client.force_login(admin_user)
        person = self.change(client, suggested, name_en="LI Yong")
        assert (person.name_en, person.name_en_automatic) == ("LI Yong", False)
        assert person.name_key_en == "liyong"

    def test_unticking_the_mark_confirms_the_suggestion(self, client, admin_user, suggested):
        client.force_login(admin_user)
        data = {"name_en_automatic": ""}
        person = self.change(client, suggested, **data)
        assert (person.name_en, person.name_en_automatic) == ("Li Yong", False)

    def test_the_list_action_confirms_the_selected_names(self, client, admin_user, suggested):
        client.force_login(admin_user)
        url = reverse("admin:archive_person_changelist")
        response = client.post(
            url, {"action": "confirm_english_names", "_selected_action": [suggested.pk]}
        )
        assert response.status_code == 302
        suggested.refresh_from_db()
        assert not suggested.name_en_automatic

    def test_the_list_can_show_only_the_names_still_to_confirm(self, client, admin_user, suggested):
        PersonFactory(name_zh="王毅", name_en="Wang Yi")
        client.force_login(admin_user)
        url = reverse("admin:archive_person_changelist")
        listed = page(client, url, name_en_automatic__exact="1")
        names = [cell.text for cell in listed.select("#result_list .field-name_en")]
        assert names == ["Li Yong"]

    def test_the_person_page_says_the_english_name_is_automatic_until_confirmed(
        self, client, sample_interview, committed
    ):
        person = sample_interview.interviewees.get()
        url = person.get_absolute_url()
        assert "(romanized automatically)" in page(client, url).select_one("h1").text
        with committed():  # as a curator's save: the cached page gives way
            person.name_en_automatic = False
            person.save()
        assert "romanized" not in page(client, url).select_one("h1").text


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["organization", "topic"])
def test_curators_can_list_the_organizations_and_topics_still_without_an_english_name(
    client, admin_user, model
):
    from .factories import OrganizationFactory, TopicFactory

    factory = OrganizationFactory if model == "organization" else TopicFactory
    factory(name_zh="人民日报", name_en="", slug="renmin")
    factory(name_zh="新华社", name_en="Xinhua", slug="xinhua")
    client.force_login(admin_user)
    url = reverse(f"admin:archive_{model}_changelist")
    listed = page(client, url, english_name="missing")
    assert [cell.text for cell in listed.select("#result_list .field-name_zh")] == ["人民日报"]


def matched(q: str) -> service.SearchOutcome:
    outcome = service.search(service.SearchRequest(q=q))
    assert not outcome.error, outcome.error
    return outcome


@pytest.mark.django_db
class TestFindingPeopleByAnyFormOfTheirName:
    @pytest.mark.parametrize("q", ["李勇", "Li Yong", "liyong", "Lǐ Yǒng", "LI YONG", '"li yong"'])
    def test_search_names_the_interviewee_and_finds_the_interview(self, indexed_sample, q):
        outcome = matched(q)
        assert [p.name_zh for p in outcome.interviewees] == ["李勇"]
        interviews = {hit.interview for hit in outcome.hits} | {
            group.interview for group in outcome.through
        }
        assert interviews == {indexed_sample}
        passages = 1 + Question.objects.count() + Answer.objects.count()
        assert outcome.total + sum(group.count for group in outcome.through) == passages

    @pytest.mark.parametrize("q", ["葛琳達", "葛琳达", "Ge Linda", "gelinda"])
    def test_a_traditional_name_is_found_in_either_script_and_in_pinyin(
        self, search_index, committed, q
    ):
        with committed():
            interview = import_file(TRADITIONAL, publish=True).interview
        outcome = matched(q)
        assert [p.name_zh for p in outcome.interviewees] == ["葛琳達"]
        assert interview in {hit.interview for hit in outcome.hits}

    @pytest.mark.parametrize("q", ["Li Yong", "liyong", "李勇", "Lǐ Yǒng", "yong"])
    def test_the_people_page_finds_a_person_by_any_form_of_the_name(
        self, client, sample_interview, q
    ):
        listed = page(client, reverse("person_list"), q=q)
        links = [a["href"] for a in listed.select(".people-list a")]
        assert links == [sample_interview.interviewees.get().get_absolute_url()]

    @pytest.mark.parametrize("q, found", [("Lǐ Yǒng", ["李勇"]), ("李勇", ["李勇"]), ("王毅", [])])
    def test_the_api_lists_people_by_any_form_of_the_name(self, client, sample_interview, q, found):
        data = client.get(reverse("api:person-list"), {"q": q}).json()
        assert [person["name_zh"] for person in data["results"]] == found

    def test_the_people_page_says_when_no_name_matches(self, client, sample_interview):
        listed = page(client, reverse("person_list"), q="Wang Yi")
        assert listed.select(".people-list li") == []
        assert "Wang Yi" in listed.select_one(".empty").text

    def test_someone_named_only_in_drafts_is_not_named_by_a_search(self, indexed_sample):
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        draft.interviewees.add(PersonFactory(name_zh="赵敏", name_en="Zhao Min"))
        assert matched("赵敏").interviewees == []


@pytest.mark.django_db
class TestNameQueriesSayWhatTheyDid:
    def test_a_name_lists_where_it_occurs_and_groups_the_rest_of_the_interview(
        self, client, indexed_sample
    ):
        person = indexed_sample.interviewees.get()
        result = page(client, reverse("search"), q="李勇")
        notice = result.select_one(".interviewee-match")
        assert "Interviews with" in notice.text and "Li Yong" in notice.text
        assert notice.find("a")["href"] == person.get_absolute_url()
        hits = result.select(".hit")
        assert hits and all(hit.select("mark") for hit in hits)
        assert {m.text for hit in hits for m in hit.select("mark")} <= {"李勇", "Li Yong"}
        group = result.select_one(".through-interviewee li")
        assert group.find("a")["href"] == indexed_sample.get_absolute_url()
        passages = 1 + Question.objects.count() + Answer.objects.count()
        assert f"and {passages - len(hits)} more passages in this interview" in group.text
        assert not result.select(".no-results")

    def test_a_name_that_occurs_nowhere_still_leads_to_the_interviews(
        self, search_index, committed, client
    ):
        person = PersonFactory(name_zh="王毅", name_en="Wang Yi")
        with committed():
            interview = InterviewFactory(title_zh="外长答记者问")
            interview.interviewees.add(person)
            question = QuestionFactory(interview=interview, number=1, text_zh="问题")
            AnswerFactory(question=question, position=1, text_zh="合作", text_en="cooperation")
        result = page(client, reverse("search"), q="Wang Yi")
        assert "0 passages match" in result.select_one(".result-count").text
        notice = result.select_one(".interviewee-match")
        assert notice.a["href"] == person.get_absolute_url()
        assert "The name does not occur in the text" in notice.text
        group = result.select_one(".through-interviewee li")
        assert "and 3 more passages in this interview" in group.text
        assert not result.select(".no-results")

    def test_a_name_with_other_words_lists_only_passages_holding_them(self, client, indexed_sample):
        result = page(client, reverse("search"), q="Li Yong UNIDO")
        assert result.select_one(".interviewee-match")
        hits = result.select(".hit")
        assert hits and all("UNIDO" in {m.text for m in hit.select("mark")} for hit in hits)
        assert not result.select(".through-interviewee")

    def test_a_name_query_runs_a_fixed_number_of_queries_however_many_interviews_match(
        self, search_index, committed, client, django_assert_max_num_queries
    ):
        person = PersonFactory(name_zh="王毅", name_en="Wang Yi")

        def interviews(count):
            for n in range(count):
                with committed():
                    interview = InterviewFactory(title_zh=f"王毅访谈{n}")
                    interview.interviewees.add(person)
                    question = QuestionFactory(interview=interview, number=1, text_zh="问题")
                    AnswerFactory(question=question, position=1, text_zh="王毅说合作", text_en="co")
                    AnswerFactory(question=question, position=2, text_zh="合作", text_en="co")

        interviews(2)
        # With one query for the sentence links of the pairs on the page (concordance.leads).
        with django_assert_max_num_queries(8) as few:
            client.get(reverse("search"), {"q": "wangyi"})
        interviews(10)
        with django_assert_max_num_queries(len(few.captured_queries)):
            result = page(client, reverse("search"), q="wangyi")
        assert len(result.select(".through-interviewee li")) == 12

    def test_a_name_nobody_has_is_searched_as_words(self, indexed_sample):
        outcome = matched("Wang Yi")
        assert (outcome.interviewees, outcome.through) == ([], [])

    def test_the_api_gives_the_named_people_and_the_grouped_passages(self, client, indexed_sample):
        data = client.get(reverse("api:search"), {"q": "liyong"}).json()
        assert [p["name_zh"] for p in data["interviewees"]] == ["李勇"]
        assert data["interviewees"][0]["name_en_automatic"] is True
        [group] = data["through_interviewees"]
        assert group["interview"]["slug"] == indexed_sample.slug
        passages = 1 + Question.objects.count() + Answer.objects.count()
        assert group["count"] + data["count"] == passages


@pytest.mark.django_db
class TestTheInterfaceLanguageComesFirst:
    @pytest.mark.parametrize("ui, first", [("en", "en"), ("zh-hans", "zh-Hans")])
    def test_the_person_page_leads_with_the_interface_language(
        self, client, sample_interview, ui, first
    ):
        person = sample_interview.interviewees.get()
        heading = page(client, person.get_absolute_url(), ui=ui).select_one("h1")
        assert heading.find("span")["lang"] == first

    @pytest.mark.parametrize("ui, first", [("en", "Li Yong"), ("zh-hans", "李勇")])
    def test_the_reading_page_names_the_interviewee_in_the_interface_language_first(
        self, client, sample_interview, ui, first
    ):
        reading = page(client, sample_interview.get_absolute_url(), ui=ui)
        person = reading.select_one(".meta .person a")
        assert person.find("span").text == first

    @pytest.mark.parametrize("ui, first", [("en", "Li Yong"), ("zh-hans", "李勇")])
    def test_search_facets_are_labelled_in_the_interface_language_first(
        self, client, indexed_sample, ui, first
    ):
        result = page(client, reverse("search"), q="绿色工业", ui=ui)
        facet = result.select_one(".facets .facet li a")
        assert facet.find("span").text == first

    @pytest.mark.parametrize("ui, first", [("en", "Li Yong"), ("zh-hans", "李勇")])
    def test_browse_facets_are_labelled_in_the_interface_language_first(
        self, client, sample_interview, ui, first
    ):
        listed = page(client, reverse("interview_list"), ui=ui)
        labels = [a.find("span").text for a in listed.select(".facets li a") if a.find("span")]
        assert first in labels
        other = "李勇" if first == "Li Yong" else "Li Yong"
        assert other not in labels
