"""The curators' admin through the test client: what Editors, Curators and strangers can do."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from archive.history import interview_versions
from archive.models import Answer, ImportNote, Interview, PendingImport, Question
from archive.search import service
from archive.transcripts import MAX_BYTES
from tests.factories import PersonFactory, TopicFactory, build_interview

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/archive/interview/"


def admin_url(name, *args):
    return reverse(f"admin:archive_interview_{name}", args=args)


def page(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def form_data(response, form_id="interview_form") -> dict:
    """What a browser would submit from the form on this page, unchanged."""
    form = page(response).find("form", id=form_id)
    data: dict[str, object] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled") or "__prefix__" in name or "-empty-" in name:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")  # browsers drop the newline after <textarea>
        elif field.name == "select":
            data[name] = [o["value"] for o in field.find_all("option", selected=True)]
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def answer_field(data: dict, text_start: str, field: str) -> str:
    """The form field name of `field` on the paragraph row whose Chinese starts so."""
    for name, value in data.items():
        if name.endswith("-text_zh") and "answers" in name and str(value).startswith(text_start):
            return name.removesuffix("text_zh") + field
    raise KeyError(text_start)


def texts(question):
    return list(question.answers.order_by("position").values_list("position", "text_zh", "text_en"))


def found(q: str) -> list[str]:
    """Anchors of the passages a search finds."""
    return [hit.url for hit in service.search(service.SearchRequest(q=q)).hits]


@pytest.fixture
def curator(client, make_staff):
    client.force_login(make_staff("Curators"))
    return client


@pytest.fixture
def editor(client, make_staff):
    client.force_login(make_staff("Editors"))
    return client


@pytest.fixture
def draft(sample_interview):
    """The sample interview as a draft."""
    Interview.objects.filter(pk=sample_interview.pk).update(status=Interview.Status.DRAFT)
    sample_interview.refresh_from_db()
    return sample_interview


class TestWhoGetsIn:
    def test_strangers_and_readers_without_staff_status_are_sent_to_the_login(
        self, client, django_user_model, sample_interview
    ):
        assert client.get(CHANGELIST).status_code == 302
        client.force_login(django_user_model.objects.create_user("reader", password="x" * 20))
        response = client.get(CHANGELIST)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert client.get(sample_interview.get_absolute_url()).status_code == 200

    def test_the_migration_creates_editors_and_curators(self):
        editors = set(
            Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        )
        curators = set(
            Group.objects.get(name="Curators").permissions.values_list("codename", flat=True)
        )
        assert "change_interview" in editors and "publish_interview" not in editors
        assert "delete_interview" not in editors
        assert {"publish_interview", "delete_interview"} <= curators

    def test_five_failed_logins_lock_the_account_for_fifteen_minutes(self, client, make_staff):
        make_staff("Curators", username="curie")
        for _ in range(5):
            client.post("/admin/login/", {"username": "curie", "password": "wrong guess"})
        response = client.post(
            "/admin/login/", {"username": "curie", "password": "a long pass phrase 对话"}
        )
        assert response.status_code == 429
        assert "Too many failed logins" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_a_successful_login_forgives_earlier_typos(self, client, make_staff):
        make_staff("Curators", username="curie")
        for _ in range(4):
            client.post("/admin/login/", {"username": "curie", "password": "wrong guess"})
        good = {"username": "curie", "password": "a long pass phrase 对话"}
        assert client.post("/admin/login/", good).status_code == 302
        client.logout()
        for _ in range(4):
            client.post("/admin/login/", {"username": "curie", "password": "wrong guess"})
        assert client.post("/admin/login/", good).status_code == 302

    def test_create_curator_makes_a_staff_member_of_the_group(self, monkeypatch, capsys):
        monkeypatch.setattr("getpass.getpass", lambda prompt="": "a long pass phrase 对话")
        call_command("create_curator", "mei", "--email", "mei@example.org")
        call_command("create_curator", "lin", "--editor")
        from django.contrib.auth import get_user_model

        mei = get_user_model().objects.get(username="mei")
        assert mei.is_staff and not mei.is_superuser
        assert mei.has_perm("archive.publish_interview")
        lin = get_user_model().objects.get(username="lin")
        assert lin.has_perm("archive.change_interview")
        assert not lin.has_perm("archive.publish_interview")


class TestTheList:
    def test_each_interview_shows_both_titles_date_interviewee_status_and_counts(
        self, curator, sample_interview
    ):
        row = page(curator.get(CHANGELIST)).select_one("#result_list tbody tr")
        cells = {td["class"][0]: td.get_text(strip=True) for td in row.find_all(["th", "td"])}
        assert cells["field-title_zh"] == "联合国工发组织总干事接受人民日报专访"
        assert cells["field-interviewee_names"] == "李勇 / Li Yong"  # romanized at import
        assert cells["field-status"] == "Published"
        assert (cells["field-question_total"], cells["field-answer_total"]) == ("6", "18")
        assert "field-updated_at" in cells and "field-date" in cells

    def test_filters_narrow_by_status_year_interviewee_source_topic_and_warnings(self, curator):
        topic = TopicFactory()
        kept = build_interview(1, 1, date="2019-05-01", status=Interview.Status.DRAFT)
        kept.topics.add(topic)
        ImportNote.objects.create(interview=kept, message="check me")
        other = build_interview(1, 1, date="2021-05-01")
        person = kept.interviewees.get()
        for params in (
            {"status__exact": "draft"},
            {"year": "2019"},
            {"interviewees__id__exact": person.pk},
            {"source__id__exact": kept.source_id},
            {"topics__id__exact": topic.pk},
            {"warnings": "open"},
        ):
            shown = curator.get(CHANGELIST, params).context["cl"].result_list
            assert list(shown) == [kept], params
        assert list(curator.get(CHANGELIST, {"year": "2021"}).context["cl"].result_list) == [other]

    def test_undated_interviews_are_listed_under_date_unknown(self, curator):
        undated = build_interview(1, 1, date=None)
        build_interview(1, 1, date="2021-05-01")
        listing = page(curator.get(CHANGELIST))
        assert "date unknown" in listing.select_one("#changelist-filter").get_text()
        shown = curator.get(CHANGELIST, {"year": "unknown"}).context["cl"].result_list
        assert list(shown) == [undated]

    def test_search_finds_interviews_by_title_and_by_paragraph_text(
        self, curator, sample_interview
    ):
        build_interview(1, 1)
        for q in ("工发组织总干事", "green industries", "全球价值链"):
            shown = curator.get(CHANGELIST, {"q": q}).context["cl"].result_list
            assert list(shown) == [sample_interview], q

    def test_curators_publish_and_unpublish_several_at_once_and_search_follows(
        self, curator, search_index, committed
    ):
        drafts = [build_interview(1, 1, status=Interview.Status.DRAFT) for _ in range(2)]
        Answer.objects.filter(question__interview=drafts[0]).update(text_en="zebra crossings")
        ids = [interview.pk for interview in drafts]
        with committed():
            response = curator.post(
                CHANGELIST, {"action": "publish", "_selected_action": ids}, follow=True
            )
        assert "2 interviews published." in messages_of(response)
        assert Interview.objects.published().count() == 2
        assert found("zebra")
        assert all(interview_versions(pk).exists() for pk in ids)  # one revision each

        with committed():
            curator.post(CHANGELIST, {"action": "unpublish", "_selected_action": ids})
        assert Interview.objects.published().count() == 0
        assert found("zebra") == []


class TestEditingOnOneScreen:
    def test_texts_of_questions_and_pairs_are_edited_and_saved_together(
        self, curator, sample_interview, search_index, committed
    ):
        url = admin_url("change", sample_interview.pk)
        data = form_data(curator.get(url))
        data[answer_field(data, "十七项可持续发展目标", "text_en")] = "Seventeen goals, revised."
        data["questions-0-text_en"] = "A sharper first question?"
        with committed():
            response = curator.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        q2 = sample_interview.questions.get(number=2)
        assert q2.answers.get(position=1).text_en == "Seventeen goals, revised."
        assert sample_interview.questions.get(number=1).text_en == "A sharper first question?"
        assert found("sharper")
        assert "Changed" in interview_versions(sample_interview.pk).first().revision.get_comment()

    def test_saving_an_untouched_form_changes_nothing(self, curator, sample_interview):
        url = admin_url("change", sample_interview.pk)
        before = [texts(q) for q in sample_interview.questions.all()]
        data = form_data(curator.get(url))
        for name, value in list(data.items()):
            if isinstance(value, str) and "\n" in value:
                data[name] = value.replace("\n", "\r\n")  # as browsers send text areas
        assert curator.post(url, data).status_code == 302
        assert [texts(q) for q in sample_interview.questions.all()] == before

    def test_pairs_are_reordered_swapped_and_renumbered_without_clashing(
        self, curator, sample_interview
    ):
        url = admin_url("change", sample_interview.pk)
        q2 = sample_interview.questions.get(number=2)
        first, second, third, fourth = (a.text_zh for a in q2.answers.order_by("position"))
        data = form_data(curator.get(url))
        # nested-admin's drag and drop writes 0-based orders; 1 and 2 swap places.
        for order, start in enumerate([second, first, third, fourth]):
            data[answer_field(data, start[:8], "order")] = str(order)
        assert curator.post(url, data).status_code == 302
        assert [zh for _, zh, _ in texts(q2)] == [second, first, third, fourth]
        assert [position for position, _, _ in texts(q2)] == [1, 2, 3, 4]

    def test_questions_are_reordered_by_their_numbers(self, curator, sample_interview):
        url = admin_url("change", sample_interview.pk)
        q1_text = sample_interview.questions.get(number=1).text_zh
        data = form_data(curator.get(url))
        data["questions-0-order"] = "9"  # the first question goes last
        assert curator.post(url, data).status_code == 302
        numbers = dict(sample_interview.questions.values_list("text_zh", "number"))
        assert numbers[q1_text] == 6 and sorted(numbers.values()) == [1, 2, 3, 4, 5, 6]
        assert sample_interview.questions.get(number=6).answers.count() == 2  # answers came along

    def test_a_pair_is_added_between_two_and_one_deleted_in_the_same_save(
        self, curator, sample_interview
    ):
        url = admin_url("change", sample_interview.pk)
        q2 = sample_interview.questions.get(number=2)
        _gone, second, third, fourth = (a.text_zh for a in q2.answers.order_by("position"))
        data = form_data(curator.get(url))
        prefix = "questions-1-answers"
        data[f"{prefix}-0-DELETE"] = "on"
        for order, text in [(0, second), (2, third), (3, fourth)]:
            data[answer_field(data, text[:8], "order")] = str(order)
        data[f"{prefix}-TOTAL_FORMS"] = "5"
        data.update(
            {
                f"{prefix}-4-order": "1",
                f"{prefix}-4-text_zh": "",
                f"{prefix}-4-text_en": "A paragraph the parser missed.",
                f"{prefix}-4-question": str(q2.pk),
            }
        )
        assert curator.post(url, data).status_code == 302
        assert texts(q2) == [
            (1, second, q2.answers.get(text_zh=second).text_en),
            (2, "", "A paragraph the parser missed."),
            (3, third, q2.answers.get(text_zh=third).text_en),
            (4, fourth, q2.answers.get(text_zh=fourth).text_en),
        ]

    def test_a_pair_left_empty_on_both_sides_is_refused_with_a_message(
        self, curator, sample_interview
    ):
        url = admin_url("change", sample_interview.pk)
        data = form_data(curator.get(url))
        data["questions-0-answers-0-text_zh"] = data["questions-0-answers-0-text_en"] = ""
        response = curator.post(url, data)
        assert response.status_code == 200
        assert "needs text on at least one side" in response.content.decode()

    def test_deleting_a_question_takes_its_pairs_with_it(self, curator, sample_interview):
        url = admin_url("change", sample_interview.pk)
        data = form_data(curator.get(url))
        data["questions-5-DELETE"] = "on"
        assert curator.post(url, data).status_code == 302
        assert sample_interview.questions.count() == 5
        assert Answer.objects.filter(question__interview=sample_interview).count() == 14

    def test_an_undated_interview_says_so_at_the_top_until_it_is_dated(
        self, curator, sample_interview
    ):
        url = admin_url("change", sample_interview.pk)
        assert page(curator.get(url)).select_one(".date-unknown") is None
        Interview.objects.filter(pk=sample_interview.pk).update(date=None)
        note = page(curator.get(url)).select_one(".date-unknown")
        assert "No publication date" in note.get_text()

    def test_import_warnings_are_shown_at_the_top_until_resolved(self, curator, sample_interview):
        note = ImportNote.objects.create(
            interview=sample_interview, message="Q2: 3 Chinese, 4 English", question_number=2
        )
        url = admin_url("change", sample_interview.pk)
        response = curator.get(url)
        top = page(response).select_one(".import-warnings")
        assert "Q2: 3 Chinese, 4 English" in top.get_text()
        data = form_data(response)
        data["import_notes-0-resolved"] = "on"
        assert curator.post(url, data).status_code == 302
        note.refresh_from_db()
        assert note.resolved
        assert page(curator.get(url)).select_one(".import-warnings") is None


class TestRealigning:
    def post(self, client, interview, answer, action):
        return client.post(admin_url("realign", interview.pk, answer.pk, action), follow=True)

    def test_the_alignment_page_has_buttons_for_each_row(self, curator, sample_interview):
        html = page(curator.get(admin_url("align", sample_interview.pk)))
        first = sample_interview.questions.get(number=1).answers.get(position=1)
        row = html.find("tr", id=f"row-{first.pk}")
        actions = {form["action"].rsplit("/", 2)[1] for form in row.find_all("form")}
        assert actions == {"zh-down", "en-down", "merge"}  # nothing above the first row
        assert row.find("a", href=admin_url("split", sample_interview.pk, first.pk))

    def test_moving_english_down_and_back_up_restores_the_alignment(
        self, curator, sample_interview
    ):
        q3 = sample_interview.questions.get(number=3)
        before = texts(q3)
        response = self.post(curator, sample_interview, q3.answers.get(position=1), "en-down")
        assert response.redirect_chain[-1][0].endswith(f"#row-{q3.answers.get(position=2).pk}")
        assert texts(q3)[0][2] == ""
        assert texts(q3)[1][2].startswith(before[0][2])
        self.post(curator, sample_interview, q3.answers.get(position=2), "en-up")
        # Up joins the whole cell, so the split is undone by splitting at the blank line.
        second = q3.answers.get(position=1)
        assert second.text_en == before[0][2] + "\n\n" + before[1][2]

    def test_merge_then_split_at_the_blank_line_gives_back_the_two_pairs(
        self, curator, sample_interview
    ):
        q2 = sample_interview.questions.get(number=2)
        before = texts(q2)
        self.post(curator, sample_interview, q2.answers.get(position=1), "merge")
        assert len(texts(q2)) == 3
        merged = q2.answers.get(position=1)
        url = admin_url("split", sample_interview.pk, merged.pk)
        form = page(curator.get(url)).select_one("#content-main form")
        offsets = {i["name"]: i["value"] for i in form.find_all("input", type="number")}
        response = curator.post(url, offsets)
        assert response.status_code == 302
        assert texts(q2) == before

    def test_a_refused_change_explains_itself(self, curator, sample_interview):
        last = sample_interview.questions.get(number=1).answers.get(position=2)
        response = self.post(curator, sample_interview, last, "merge")
        assert any("nothing to merge" in message for message in messages_of(response))

    def test_realigning_needs_a_post_with_a_csrf_token(self, sample_interview, make_staff):
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(make_staff("Curators"))
        answer = sample_interview.questions.get(number=1).answers.get(position=1)
        url = admin_url("realign", sample_interview.pk, answer.pk, "merge")
        assert strict.get(url).status_code == 405
        assert strict.post(url).status_code == 403
        assert sample_interview.questions.get(number=1).answers.count() == 2

    def test_a_pair_of_another_interview_cannot_be_reached_through_this_one(
        self, curator, sample_interview
    ):
        other = build_interview(1, 2)
        answer = Answer.objects.filter(question__interview=other).first()
        assert self.post(curator, sample_interview, answer, "merge").status_code == 404

    def test_warnings_are_ticked_off_beside_the_paragraphs(self, curator, sample_interview):
        note = ImportNote.objects.create(
            interview=sample_interview, message="look at 2.3", question_number=2
        )
        html = page(curator.get(admin_url("align", sample_interview.pk)))
        assert "look at 2.3" in html.find("section", id="q2").get_text()
        curator.post(admin_url("resolve_note", sample_interview.pk, note.pk))
        note.refresh_from_db()
        assert note.resolved


class TestDraftsAndPreview:
    def test_a_draft_is_previewed_by_staff_with_a_banner_but_never_public(
        self, curator, client, draft, search_index, committed
    ):
        with committed():
            draft.save()
        html = page(curator.get(admin_url("preview", draft.pk)))
        assert "Draft preview" in html.select_one(".preview-banner").get_text()
        assert html.find(id="q2-a3")
        curator.logout()
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(admin_url("preview", draft.pk)).status_code == 302
        assert found("绿色工业") == []

    def test_view_on_site_is_offered_for_published_interviews_only(self, curator, draft):
        html = page(curator.get(admin_url("change", draft.pk)))
        assert html.find("a", href=admin_url("preview", draft.pk))
        assert not html.find("a", href=draft.get_absolute_url())
        Interview.objects.filter(pk=draft.pk).update(status=Interview.Status.PUBLISHED)
        html = page(curator.get(admin_url("change", draft.pk)))
        assert html.find("a", href=draft.get_absolute_url())


class TestImporting:
    def upload(self, client, *files, text=""):
        uploads = [SimpleUploadedFile(name, data, "text/plain") for name, data in files]
        return client.post(admin_url("import"), {"files": uploads, "text": text})

    def test_the_preview_shows_metadata_questions_pairs_and_warnings_before_saving(
        self, curator, sample_path
    ):
        response = self.upload(curator, ("unido.txt", sample_path.read_bytes()))
        assert Interview.objects.count() == 0
        html = page(curator.get(response["Location"]))
        assert "联合国工发组织总干事接受人民日报专访" in html.get_text()
        assert "李勇" in html.select_one(".parsed-meta").get_text()
        assert len(html.select("table.pairs caption")) == 7  # introduction and six questions
        assert "工发组织提出的包容与可持续工业发展理念" in html.select("table.pairs")[2].get_text()

    def test_confirming_imports_a_draft_with_history_and_no_pending_upload_left(
        self, curator, sample_path
    ):
        preview = self.upload(curator, ("unido.txt", sample_path.read_bytes()))["Location"]
        response = curator.post(preview, {"confirm": "1"}, follow=True)
        interview = Interview.objects.get()
        assert response.redirect_chain[-1][0] == admin_url("change", interview.pk)
        assert interview.status == Interview.Status.DRAFT
        assert interview.original_filename == "unido.txt"
        assert Answer.objects.filter(question__interview=interview).count() == 18
        assert (
            "Imported from unido.txt" in interview_versions(interview.pk).first().revision.comment
        )
        assert PendingImport.objects.count() == 0

    def test_cancelling_saves_nothing(self, curator, sample_path):
        preview = self.upload(curator, ("unido.txt", sample_path.read_bytes()))["Location"]
        response = curator.post(preview, {"cancel": "1"}, follow=True)
        assert "Nothing was imported." in messages_of(response)
        assert Interview.objects.count() == 0 and PendingImport.objects.count() == 0

    def test_an_identical_text_is_recognised_and_linked(
        self, curator, sample_interview, sample_path
    ):
        preview = self.upload(curator, ("copy.txt", sample_path.read_bytes()))["Location"]
        html = page(curator.get(preview))
        assert "already in the archive" in html.get_text()
        assert html.find("a", href=admin_url("change", sample_interview.pk))
        assert not html.find("input", attrs={"name": "confirm"})

    def test_errors_name_the_line_and_show_it(self, curator):
        lines = ["标题", "发布日期:2020-10-15 来源:某机构", "", "问题一:甲?", "", "答。", ""]
        broken = "\n".join([*lines, "问题一:又是一?", "", "答。", ""])
        preview = self.upload(curator, ("broken.txt", broken.encode()))["Location"]
        html = page(curator.get(preview))
        error = html.select_one(".errornote").get_text()
        assert error.startswith("Line 8:")
        assert "问题一:又是一?" in html.select_one(".error-excerpt").get_text()

    def test_unreadable_files_are_reported_and_readable_ones_still_imported(
        self, curator, sample_path
    ):
        preview = self.upload(
            curator,
            ("latin1.txt", "标题".encode("gb18030") + b"\xff\xfe"),
            ("unido.txt", sample_path.read_bytes()),
        )["Location"]
        html = page(curator.get(preview))
        assert "not valid UTF-8" in html.select_one(".errornote").get_text()
        curator.post(preview, {"confirm": "1"})
        assert Interview.objects.count() == 1

    def test_files_over_five_megabytes_are_refused(self, curator):
        preview = self.upload(curator, ("huge.txt", b"a" * (MAX_BYTES + 1)))["Location"]
        assert "larger than 5 MB" in page(curator.get(preview)).select_one(".errornote").text

    def test_pasted_text_is_previewed_like_a_file(self, curator, sample_text):
        preview = curator.post(admin_url("import"), {"text": sample_text})["Location"]
        assert "pasted text" in page(curator.get(preview)).get_text()

    def test_an_upload_stays_with_the_curator_who_made_it(self, client, make_staff, sample_path):
        client.force_login(make_staff("Curators"))
        preview = self.upload(client, ("unido.txt", sample_path.read_bytes()))["Location"]
        client.force_login(make_staff("Curators"))
        response = client.post(preview, {"confirm": "1"}, follow=True)
        assert Interview.objects.count() == 0
        assert "already imported or cancelled" in " ".join(messages_of(response))

    def test_the_add_button_leads_to_the_import(self, curator):
        assert curator.get(admin_url("add"))["Location"] == admin_url("import")


class TestHistory:
    def edit_q2(self, client, interview, text_en):
        url = admin_url("change", interview.pk)
        data = form_data(client.get(url))
        data[answer_field(data, "十七项可持续发展目标", "text_en")] = text_en
        assert client.post(url, data).status_code == 302

    def test_every_change_is_listed_with_who_and_when_and_its_difference(
        self, curator, sample_interview
    ):
        self.edit_q2(curator, sample_interview, "First wording.")
        self.edit_q2(curator, sample_interview, "Second wording.")
        html = page(curator.get(admin_url("history", sample_interview.pk)))
        rows = html.select("#change-history tbody tr")
        assert len(rows) == 2
        assert "curators-" in rows[0].get_text()
        link = rows[0].find("a", string="what changed")["href"]
        diff = page(curator.get(link))
        changed = diff.select("tr.diff-changed")
        assert [row.select(".diff-label")[0].get_text() for row in changed] == ["2.1 English"]
        assert changed[0].find("del").get_text() == "First"
        assert changed[0].find("ins").get_text() == "Second"

    def test_reverting_brings_the_text_back_on_the_site_and_in_search(
        self, curator, client, sample_interview, search_index, committed
    ):
        with committed():
            self.edit_q2(curator, sample_interview, "Original goals text kept.")
        first = interview_versions(sample_interview.pk).first()
        with committed():
            self.edit_q2(curator, sample_interview, "Vandalised beyond recognition.")
        assert found("vandalised") and not found("recognition kept")

        with committed():
            response = curator.post(admin_url("revision", sample_interview.pk, first.pk))
        assert response.status_code == 302
        q2 = sample_interview.questions.get(number=2)
        assert q2.answers.get(position=1).text_en == "Original goals text kept."
        assert found("vandalised") == []
        assert found("goals text kept")
        assert (
            "Original goals text kept."
            in client.get(sample_interview.get_absolute_url()).content.decode()
        )

    def test_a_deleted_interview_is_restored_with_its_questions_and_pairs(
        self, curator, sample_interview, search_index, committed
    ):
        pk = sample_interview.pk
        with committed():
            curator.post(admin_url("delete", pk), {"post": "yes"})
        assert not Interview.objects.filter(pk=pk).exists()
        assert found("绿色工业") == []

        recover_list = page(curator.get(admin_url("recoverlist")))
        link = recover_list.select_one("#change-history a")["href"]
        with committed():
            response = curator.post(link)
        assert response["Location"] == admin_url("change", pk)
        restored = Interview.objects.get(pk=pk)
        assert restored.questions.count() == 6
        assert Answer.objects.filter(question__interview=restored).count() == 18
        assert restored.interviewees.get().name_zh == "李勇"
        assert found("绿色工业")


class TestEditorsAndCurators:
    def test_editors_edit_drafts_but_cannot_publish_them(self, editor, draft):
        url = admin_url("change", draft.pk)
        response = editor.get(url)
        assert "status" not in response.context["adminform"].form.fields
        data = form_data(response)
        data["status"] = "published"
        data["title_en"] = "Edited by an editor"
        assert editor.post(url, data).status_code == 302
        draft.refresh_from_db()
        assert draft.title_en == "Edited by an editor"
        assert draft.status == Interview.Status.DRAFT

    def test_editors_only_read_published_interviews(self, editor, sample_interview):
        url = admin_url("change", sample_interview.pk)
        response = editor.get(url)
        assert response.status_code == 200
        assert "You may read it here but not change it." in response.content.decode()
        assert editor.post(url, {"title_en": "x"}).status_code == 403
        answer = Answer.objects.filter(question__interview=sample_interview).first()
        merge = admin_url("realign", sample_interview.pk, answer.pk, "merge")
        assert editor.post(merge).status_code == 403

    def test_editors_cannot_bulk_publish_delete_or_restore(self, editor, draft):
        assert page(editor.get(CHANGELIST)).find("select", attrs={"name": "action"}) is None
        editor.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
        assert not Interview.objects.published().exists()
        assert editor.get(admin_url("delete", draft.pk)).status_code == 403
        assert editor.get(admin_url("recoverlist")).status_code == 403

    def test_editors_cannot_revert_to_a_published_version(self, editor, make_staff, draft):
        from archive import curation

        curation.publish([draft], user=make_staff("Curators"))
        published_version = interview_versions(draft.pk).first()
        curation.unpublish([draft])
        url = admin_url("revision", draft.pk, published_version.pk)
        assert not page(editor.get(url)).find("input", value="Revert to this version")
        assert editor.post(url).status_code == 403

    def test_curators_publish_from_the_form_and_the_time_is_recorded(self, curator, draft):
        url = admin_url("change", draft.pk)
        data = form_data(curator.get(url))
        data["status"] = "published"
        assert curator.post(url, data).status_code == 302
        draft.refresh_from_db()
        assert draft.is_published and draft.published_at is not None

    def test_the_address_of_a_published_interview_is_fixed(self, curator, sample_interview):
        response = curator.get(admin_url("change", sample_interview.pk))
        assert "slug" not in response.context["adminform"].form.fields

    def test_only_curators_see_the_restore_link_and_deleted_versions(
        self, curator, sample_interview
    ):
        html = page(curator.get(CHANGELIST))
        assert html.find("a", href=admin_url("recoverlist"))
        assert Version.objects.get_deleted(Interview).count() == 0

    def test_people_are_edited_with_history(self, curator):
        person = PersonFactory()
        url = reverse("admin:archive_person_change", args=[person.pk])
        data = form_data(curator.get(url), form_id="person_form")
        data["role_en"] = "Director General"
        assert curator.post(url, data).status_code == 302
        assert Version.objects.get_for_object(person).count() == 1


def test_questions_are_no_longer_edited_apart_from_their_interview(curator):
    assert curator.get("/admin/archive/question/").status_code == 404
    assert Question._meta.app_label == "archive"
