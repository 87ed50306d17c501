"""Permanent URLs: passage identifiers that outlive renumbering, realignment and slug changes;
former slugs that answer 301; nothing unpublished behind either."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from archive import curation
from archive.citations import identifiers
from archive.models import Answer, FormerSlug, Interview, PassageId, Question

from .factories import InterviewFactory, build_interview, build_question

pytestmark = pytest.mark.django_db

UID = re.compile(r"^[0-9a-hjkmnp-tv-z]{8}$")


def first_question(texts, **fields) -> Question:
    return build_question(texts, number=1, **fields)


def passage_url(row) -> str:
    return reverse("passage", args=[row.uid])


def lands_on(client, row) -> str:
    response = client.get(passage_url(row))
    assert response.status_code == 302
    return response["Location"]


class TestIdentifiers:
    def test_every_question_and_pair_gets_a_short_unique_identifier(self, sample_interview):
        questions = Question.objects.filter(interview=sample_interview)
        answers = Answer.objects.filter(question__interview=sample_interview)
        uids = [*questions.values_list("uid", flat=True), *answers.values_list("uid", flat=True)]
        assert len(uids) == questions.count() + answers.count() > 10
        assert all(UID.match(uid) for uid in uids), uids[:5]
        assert len(set(uids)) == len(uids)
        assert PassageId.objects.filter(uid__in=uids).count() == len(uids)

    def test_an_identifier_is_given_once_and_kept_on_later_saves(self):
        answer = first_question([("甲", "A")]).answers.get()
        first = answer.uid
        answer.text_en = "A, edited"
        answer.save()
        answer.refresh_from_db()
        assert answer.uid == first

    def test_an_identifier_of_a_deleted_pair_is_never_issued_again(self, monkeypatch):
        answer = first_question([("甲", "A")]).answers.get()
        gone = answer.uid
        answer.delete()
        draws = iter([gone, "zzzzzzzz"])
        monkeypatch.setattr(identifiers, "_candidate", lambda: next(draws))
        assert identifiers.issue() == ["zzzzzzzz"]

    def test_a_revert_to_a_version_without_identifiers_keeps_the_rows_own(self):
        answer = first_question([("甲", "A")]).answers.get()
        kept = answer.uid
        answer.uid = ""  # as a version recorded before identifiers existed restores it
        answer.save()
        assert Answer.objects.get(pk=answer.pk).uid == kept


class TestPassageLinks:
    def test_a_pair_identifier_leads_to_its_place_on_the_reading_page(self, client):
        interview = build_interview(questions=2, answers_per_question=3)
        answer = Answer.objects.get(question__interview=interview, question__number=2, position=3)
        assert lands_on(client, answer) == interview.get_absolute_url() + "#q2-a3"

    def test_a_question_identifier_leads_to_the_question(self, client):
        interview = build_interview(questions=2, answers_per_question=1)
        question = interview.questions.get(number=2)
        assert lands_on(client, question) == interview.get_absolute_url() + "#q2"

    def test_the_redirect_is_temporary_because_the_place_may_change(self, client):
        answer = first_question([("甲", "A")]).answers.get()
        response = client.get(passage_url(answer))
        assert response.status_code == 302  # a 301 would be kept after renumbering
        assert "max-age" not in response.get("Cache-Control", "")

    def test_the_link_keeps_the_chosen_interface_language(self, client):
        answer = first_question([("甲", "A")]).answers.get()
        response = client.get(passage_url(answer) + "?ui=zh-hans")
        assert response["Location"].endswith("?ui=zh-hans#q1-a1")

    def test_renumbering_moves_the_link_with_the_question(self, client):
        interview = build_interview(questions=2, answers_per_question=2)
        second = interview.questions.get(number=2)
        answer = second.answers.get(position=2)
        curation.make_room(interview.questions.all(), "number", 2)
        Question.objects.filter(pk=second.pk).update(number=1)
        Question.objects.filter(interview=interview).exclude(pk=second.pk).update(number=2)
        second.refresh_from_db()
        assert second.number == 1
        assert lands_on(client, answer).endswith("#q1-a2")
        assert lands_on(client, second).endswith("#q1")

    def test_a_split_keeps_the_identifier_on_the_first_part(self, client):
        answer = first_question([("第一句。\n\n第二句。", "First.\n\nSecond.")]).answers.get()
        kept = answer.uid
        second = curation.split_answer(answer)
        answer.refresh_from_db()
        assert answer.uid == kept
        assert second.uid and second.uid != kept
        assert lands_on(client, second).endswith("#q1-a2")
        assert lands_on(client, answer).endswith("#q1-a1")

    def test_a_merge_keeps_the_first_identifier_and_leads_the_second_to_the_merged_pair(
        self, client
    ):
        question = first_question([("甲", "A"), ("乙", "B"), ("丙", "C")])
        first, second, third = question.answers.all()
        curation.merge_with_next(first)
        assert Answer.objects.get(pk=first.pk).uid == first.uid
        assert lands_on(client, second).endswith("#q1-a1")
        # the third pair moved up a place; its identifier followed it
        assert lands_on(client, third).endswith("#q1-a2")
        assert client.get(reverse("passage_cite", args=[second.uid])).status_code == 302

    def test_text_moved_out_of_a_pair_that_then_disappears_is_still_found(self, client):
        question = first_question([("甲", ""), ("", "B")])
        first, second = question.answers.all()
        target = curation.move_text(second, "en", "up")
        assert target.pk == first.pk
        assert lands_on(client, second).endswith("#q1-a1")

    def test_unpublished_and_unknown_passages_are_not_found(self, client):
        draft = InterviewFactory(status=Interview.Status.DRAFT)
        answer = first_question([("草稿", "draft")], interview=draft).answers.get()
        assert client.get(passage_url(answer)).status_code == 404
        assert client.get(reverse("passage", args=["00000000"])).status_code == 404

    def test_a_deleted_interviews_passages_are_not_found(self, client):
        answer = first_question([("甲", "A")]).answers.get()
        curation.delete_interview(answer.question.interview)
        assert client.get(passage_url(answer)).status_code == 404

    def test_the_reading_page_shows_each_passages_permanent_link(self, client, settings):
        settings.SITE_URL = "https://duihua.example"
        interview = build_interview(questions=2, answers_per_question=2)
        page = BeautifulSoup(client.get(interview.get_absolute_url()).content, "html5lib")
        links = [a["href"] for a in page.select(".passage .cite-control a.permalink")]
        expected = Answer.objects.filter(question__interview=interview).order_by(
            "question__number", "position"
        )
        assert links == [passage_url(answer) for answer in expected]
        shown = page.select_one(".passage .cite-control a.permalink").text
        assert shown == "https://duihua.example" + links[0]
        question_links = page.select(".question > .cite-control a.permalink")
        assert [a["href"] for a in question_links] == [
            passage_url(q) for q in interview.questions.all()
        ]


class TestFormerSlugs:
    def test_an_old_slug_redirects_permanently_to_the_current_one(self, client):
        interview = build_interview(questions=1, answers_per_question=1, slug="old-address")
        interview.slug = "new-address"
        interview.save()
        response = client.get("/interviews/old-address/?show=en")
        assert response.status_code == 301
        assert response["Location"] == "/interviews/new-address/?show=en"
        assert client.get("/interviews/new-address/").status_code == 200

    def test_every_former_slug_leads_to_the_newest(self, client):
        interview = InterviewFactory(slug="first")
        for slug in ("second", "third"):
            interview.slug = slug
            interview.save()
        for old in ("first", "second"):
            assert client.get(f"/interviews/{old}/")["Location"] == "/interviews/third/"

    def test_going_back_to_a_former_slug_makes_no_loop(self, client):
        interview = InterviewFactory(slug="a-slug")
        interview.slug = "b-slug"
        interview.save()
        interview.slug = "a-slug"
        interview.save()
        assert client.get("/interviews/a-slug/").status_code == 200
        assert client.get("/interviews/b-slug/")["Location"] == "/interviews/a-slug/"
        assert not FormerSlug.objects.filter(slug="a-slug").exists()

    def test_passage_links_follow_a_slug_change(self, client):
        answer = first_question(
            [("甲", "A")], interview=InterviewFactory(slug="before")
        ).answers.get()
        Interview.objects.filter(pk=answer.question.interview_id).update(slug="after")
        assert lands_on(client, answer) == "/interviews/after/#q1-a1"

    def test_the_cite_page_of_a_former_slug_redirects_too(self, client):
        interview = InterviewFactory(slug="was")
        interview.slug = "is"
        interview.save()
        response = client.get("/interviews/was/cite/")
        assert response.status_code == 301
        assert response["Location"] == "/interviews/is/cite/"

    def test_a_former_slug_of_an_unpublished_interview_is_not_found(self, client):
        interview = InterviewFactory(slug="public-once")
        interview.slug = "now-a-draft"
        interview.status = Interview.Status.DRAFT
        interview.save()
        assert client.get("/interviews/public-once/").status_code == 404

    def test_a_slug_changed_in_the_admin_is_remembered(self, admin_client):
        interview = InterviewFactory(slug="admin-old", status=Interview.Status.DRAFT)
        url = reverse("admin:archive_interview_change", args=[interview.pk])
        form = admin_client.get(url).context["adminform"].form
        data = {
            name: value
            for name, value in form.initial.items()
            if value is not None and name not in ("interviewees", "topics")
        }
        data |= {
            "slug": "admin-new",
            "questions-TOTAL_FORMS": 0,
            "questions-INITIAL_FORMS": 0,
            "import_notes-TOTAL_FORMS": 0,
            "import_notes-INITIAL_FORMS": 0,
        }
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert FormerSlug.objects.get(slug="admin-old").interview == interview


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_rows_identifiers():
    executor = MigrationExecutor(connection)
    before = [("archive", "0008_person_name_keys_and_pinyin_suggestions")]
    after = [("archive", "0009_passage_ids_and_former_slugs")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    old_interview = apps.get_model("archive", "Interview").objects.create(
        slug="old", title_zh="旧", original_text="x", checksum="f" * 64
    )
    old_question = apps.get_model("archive", "Question").objects.create(
        interview=old_interview, number=1
    )
    for position in (1, 2):
        apps.get_model("archive", "Answer").objects.create(
            question=old_question, position=position, text_zh="甲"
        )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    uids = [
        *Question.objects.values_list("uid", flat=True),
        *Answer.objects.values_list("uid", flat=True),
    ]
    assert len(uids) == 3 and len(set(uids)) == 3
    assert all(UID.match(uid) for uid in uids)
    assert set(PassageId.objects.values_list("uid", flat=True)) == set(uids)


def test_the_api_gives_each_question_and_pair_its_permanent_url(client):
    interview = build_interview(questions=1, answers_per_question=2)
    data = client.get(f"/api/interviews/{interview.slug}/").json()
    (question,) = data["questions"]
    stored = interview.questions.get()
    assert question["uid"] == stored.uid
    assert question["permanent_url"] == "http://testserver" + passage_url(stored)
    pairs = {pair["uid"]: pair["permanent_url"] for pair in question["pairs"]}
    assert pairs == {
        answer.uid: "http://testserver" + passage_url(answer) for answer in stored.answers.all()
    }


def test_an_interviews_address_is_reversed_under_the_script_prefix_in_use():
    from django.urls import set_script_prefix

    interview = Interview(slug="li-yong-2021")
    assert interview.get_absolute_url() == "/interviews/li-yong-2021/"
    set_script_prefix("/archive/")
    try:  # a site served below a path: the address remembered for "/" is not reused
        assert interview.get_absolute_url() == "/archive/interviews/li-yong-2021/"
    finally:
        set_script_prefix("/")
    assert interview.get_absolute_url() == "/interviews/li-yong-2021/"
    interview.slug = "li-yong-2022"
    assert interview.get_absolute_url() == reverse("interview_detail", args=["li-yong-2022"])
