"""An interview with several interviewees: the JSON format reads and writes every one, the
import adds every one, and an export of the archive imports again with all of them."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from archive.importing import import_text
from archive.models import Interview, Organization, Person
from archive.transcripts import Interviewee, TranscriptError, parse_transcript
from archive.transcripts.schema import from_dict, to_dict

from .factories import OrganizationFactory, PersonFactory, build_interview
from .test_admin import admin_url, page

pytestmark = pytest.mark.django_db

WANG_YI = {"zh": "王毅", "en": "Wang Yi", "role_zh": "外长", "affiliation_zh": "外交部"}
HUA_CHUNYING = {
    "zh": "华春莹",
    "en": "Hua Chunying",
    "role_zh": "发言人",
    "affiliation_zh": "外交部",
}
TURNS = [
    {
        "asker": {"zh": "记者", "en": "Reporter"},
        "q_zh": "中方对此有何评论?",
        "q_en": "What is China's comment?",
        "answers": [
            {
                "speaker": {"zh": "王毅", "en": "Wang Yi"},
                "zh": "我们欢迎合作。",
                "en": "We welcome it.",
            }
        ],
    }
]


def transcript_json(*interviewees) -> str:
    titles = {"title_zh": "外长答记者问", "title_en": "The Foreign Minister meets the press"}
    return json.dumps({**titles, "interviewees": list(interviewees), "turns": TURNS})


def read(*interviewees):
    return parse_transcript(transcript_json(*interviewees), source="press.json")


def imported(*interviewees) -> Interview:
    result = import_text(transcript_json(*interviewees), source="press.json")
    assert result.status == "created", result.error
    return result.interview


def people_of(interview: Interview) -> set[tuple[str, str, str, str]]:
    return {
        (p.name_zh, p.name_en, p.role_zh, p.affiliation.name_zh if p.affiliation else "")
        for p in interview.interviewees.all()
    }


def warnings_of(transcript) -> list[str]:
    return [w.message for w in transcript.warnings]


class TestTheJsonFormat:
    def test_every_interviewee_is_read_in_the_files_order(self):
        transcript = read(WANG_YI, HUA_CHUNYING)
        assert transcript.interviewees == [
            Interviewee("王毅", "Wang Yi", "外长", "外交部"),
            Interviewee("华春莹", "Hua Chunying", "发言人", "外交部"),
        ]
        assert not [w for w in warnings_of(transcript) if "interviewee" in w]

    def test_every_interviewee_is_written_and_read_back(self):
        transcript = read(HUA_CHUNYING, WANG_YI)
        written = to_dict(transcript)["interviewees"]
        assert written == [HUA_CHUNYING, WANG_YI]
        assert from_dict(to_dict(transcript)).interviewees == transcript.interviewees

    def test_a_role_without_a_name_is_not_written_as_an_interviewee(self):
        text = "联合国工发组织总干事接受人民日报专访\n\n问:您好吗?\n\n答:很好。"
        transcript = parse_transcript(text)
        assert transcript.interviewees == [Interviewee("", "", "总干事", "联合国工发组织")]
        assert to_dict(transcript)["interviewees"] == []

    def test_the_same_person_named_twice_is_one_interviewee_completed_by_the_second(self):
        transcript = read(
            {"zh": "王毅"},
            HUA_CHUNYING,
            {"zh": "王毅", "en": "Wang Yi", "role_zh": "外长"},
            {"zh": "", "en": "Hua Chunying"},
        )
        assert transcript.interviewees == [
            Interviewee("王毅", "Wang Yi", "外长", ""),
            Interviewee("华春莹", "Hua Chunying", "发言人", "外交部"),
        ]
        assert not [w for w in warnings_of(transcript) if "interviewee" in w]

    def test_an_english_name_given_first_is_completed_by_the_chinese_one(self):
        transcript = read({"en": "Wang Yi"}, {"zh": "王毅", "en": "Wang Yi", "role_zh": "外长"})
        assert transcript.interviewees == [Interviewee("王毅", "Wang Yi", "外长", "")]

    def test_a_repeated_person_said_otherwise_keeps_the_first_and_warns(self):
        transcript = read(WANG_YI, {**WANG_YI, "role_zh": "部长"})
        assert transcript.interviewees == [Interviewee("王毅", "Wang Yi", "外长", "外交部")]
        assert "interviewee 2 names 王毅 again with role_zh '部长'; '外长' was kept" in (
            warnings_of(transcript)
        )

    def test_two_people_who_share_only_an_english_name_with_different_chinese_ones_stay_two(self):
        transcript = read({"zh": "李勇", "en": "Li Yong"}, {"zh": "李永", "en": "Li Yong"})
        assert [p.zh for p in transcript.interviewees] == ["李勇", "李永"]


class TestMalformedInterviewees:
    def test_entries_that_are_not_objects_or_name_nobody_are_left_out_with_a_warning(self):
        transcript = read("王毅", 7, None, "", {}, {"role_zh": "外长"}, HUA_CHUNYING, [], True)
        assert [p.zh for p in transcript.interviewees] == ["华春莹"]
        left_out = [w for w in warnings_of(transcript) if w.startswith("interviewee")]
        assert left_out == [
            "interviewee 1 is text, not an object {'zh': …, 'en': …}; it was not read",
            "interviewee 2 is a number, not an object {'zh': …, 'en': …}; it was not read",
            "interviewee 6 has no name ('zh' or 'en'; keys found: role_zh); it was not read",
            "interviewee 9 is true or false, not an object {'zh': …, 'en': …}; it was not read",
        ]

    def test_the_warnings_are_kept_with_the_imported_interview(self):
        interview = imported({"name": "王毅"}, HUA_CHUNYING)
        assert people_of(interview) == {("华春莹", "Hua Chunying", "发言人", "外交部")}
        notes = [note.message for note in interview.import_notes.all()]
        assert (
            "interviewee 1 has no name ('zh' or 'en'; keys found: name); it was not read" in notes
        )

    @pytest.mark.parametrize(
        ("interviewees", "message"),
        [
            ({"zh": "王毅"}, "'interviewees' must be a list of {'zh': …, 'en': …}"),
            ("王毅", "'interviewees' must be a list of {'zh': …, 'en': …}"),
            ([WANG_YI, {"zh": 5}], "interviewee 2 'zh' is not text"),
            ([{"zh": "王毅", "role_zh": ["外长"]}], "interviewee 1 'role_zh' is not text"),
        ],
    )
    def test_interviewees_that_are_not_a_list_or_names_that_are_not_text_refuse_the_file(
        self, interviewees, message
    ):
        data = json.loads(transcript_json())
        with pytest.raises(TranscriptError, match=re.escape(f"press.json: JSON: {message}")):
            from_dict({**data, "interviewees": interviewees}, source="press.json")
        result = import_text(json.dumps({**data, "interviewees": interviewees}), source="p.json")
        assert result.failed
        assert message in result.error
        assert Interview.objects.count() == 0

    @pytest.mark.parametrize("interviewees", [None, [], {}, ""])
    def test_no_interviewees_is_no_interviewee(self, interviewees):
        data = {**json.loads(transcript_json()), "interviewees": interviewees}
        assert from_dict(data).interviewees == []


class TestImport:
    def test_every_interviewee_is_added_with_role_and_affiliation(self):
        interview = imported(WANG_YI, HUA_CHUNYING)
        assert people_of(interview) == {
            ("王毅", "Wang Yi", "外长", "外交部"),
            ("华春莹", "Hua Chunying", "发言人", "外交部"),
        }
        assert Organization.objects.filter(name_zh="外交部").count() == 1
        assert Person.objects.count() == 2

    def test_the_same_person_named_twice_is_one_person(self):
        interview = imported({"zh": "王毅"}, WANG_YI, {"zh": "", "en": "Wang Yi"})
        person = interview.interviewees.get()
        assert (person.name_zh, person.name_en, person.role_zh) == ("王毅", "Wang Yi", "外长")
        assert not person.name_en_automatic
        assert Person.objects.count() == 1

    def test_two_entries_finding_the_same_person_in_the_archive_add_them_once(self):
        existing = PersonFactory(name_zh="李勇", name_en="Li Yong", slug="li-yong")
        interview = imported({"zh": "李勇"}, {"en": "Li Yong"}, HUA_CHUNYING)
        assert set(interview.interviewees.all()) == {existing, Person.objects.get(name_zh="华春莹")}
        assert Person.objects.count() == 2

    def test_a_chinese_name_and_its_pinyin_given_apart_are_one_new_person(self):
        interview = imported({"zh": "李勇"}, {"en": "Li Yong"})
        person = interview.interviewees.get()
        assert (person.name_zh, person.name_en, person.name_en_automatic) == (
            "李勇",
            "Li Yong",
            True,
        )

    def test_people_already_in_the_archive_are_reused(self):
        wang = PersonFactory(name_zh="王毅", name_en="Wang Yi", slug="wang-yi", role_zh="外长")
        interview = imported(WANG_YI, HUA_CHUNYING)
        assert wang in interview.interviewees.all()
        assert interview.interviewees.count() == 2
        assert Person.objects.count() == 2

    def test_the_dry_run_prints_every_interviewee(self, tmp_path, capsys):
        path = tmp_path / "press.json"
        path.write_text(transcript_json(WANG_YI, HUA_CHUNYING), encoding="utf-8")
        call_command("import_transcripts", str(path), "--dry-run")
        out = capsys.readouterr().out
        assert "interviewee: 王毅 / Wang Yi 外长; 华春莹 / Hua Chunying 发言人" in out
        call_command("import_transcripts", str(path), "--dry-run", "--json")
        printed = json.loads(capsys.readouterr().out.splitlines()[0])
        assert printed["interviewees"] == [WANG_YI, HUA_CHUNYING]
        assert Interview.objects.count() == 0


@pytest.fixture
def press_conference(db) -> Interview:
    """A published interview with two interviewees, each with a role and an affiliation."""
    interview = build_interview(2, 2, slug="2023-03-07-two-answer", original_filename="two.txt")
    interview.interviewees.clear()
    ministry = OrganizationFactory(name_zh="外交部", name_en="Ministry of Foreign Affairs")
    interview.interviewees.add(
        PersonFactory(**_person(WANG_YI), affiliation=ministry, slug="wang-yi"),
        PersonFactory(**_person(HUA_CHUNYING), affiliation=ministry, slug="hua-chunying"),
    )
    return interview


def _person(entry: dict[str, str]) -> dict[str, str]:
    return {"name_zh": entry["zh"], "name_en": entry["en"], "role_zh": entry["role_zh"]}


def _into_an_empty_archive(text: str, source: str) -> Interview:
    Interview.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()
    result = import_text(text, source=source, publish=True)
    assert result.status == "created", result.error
    return result.interview


BOTH = {("王毅", "Wang Yi", "外长", "外交部"), ("华春莹", "Hua Chunying", "发言人", "外交部")}


class TestExportAndImportAgain:
    def test_the_json_download_lists_both_and_imports_with_both(self, client, press_conference):
        assert people_of(press_conference) == BOTH
        url = reverse("interview_export", args=[press_conference.slug, "json"])
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert {(p["zh"], p["role_zh"]) for p in json.loads(text)["interviewees"]} == {
            ("王毅", "外长"),
            ("华春莹", "发言人"),
        }
        interview = _into_an_empty_archive(text, "two.json")
        assert interview.slug == "2023-03-07-two-answer"
        assert people_of(interview) == BOTH

    def test_the_archive_export_writes_both_and_a_line_imports_with_both(
        self, tmp_path, press_conference
    ):
        out = tmp_path / "archive.jsonl"
        call_command(
            "export_archive",
            "--format",
            "jsonl",
            str(out),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        [line] = out.read_text(encoding="utf-8").splitlines()
        assert len(json.loads(line)["interviewees"]) == 2
        assert people_of(_into_an_empty_archive(line, "two.json")) == BOTH


class TestThePreview:
    def preview(self, client, make_staff, name: str, data: bytes):
        client.force_login(make_staff("Curators"))
        upload = SimpleUploadedFile(name, data)
        response = client.post(admin_url("import"), {"files": [upload], "text": "", "layout": ""})
        return page(client.get(response["Location"])).select_one(".parsed-meta")

    def test_the_import_preview_shows_every_interviewee(self, client, make_staff):
        data = transcript_json(WANG_YI, {"en": "Hua Chunying", "role_zh": "发言人"}).encode()
        meta = self.preview(client, make_staff, "press.json", data)
        label = meta.find("dd", class_="interviewees").find_previous_sibling("dt")
        assert label.get_text() == "Interviewees"
        people = [span.get_text() for span in meta.select(".interviewees > .person")]
        assert people == ["王毅 / Wang Yi (外长, 外交部)", "Hua Chunying (发言人)"]
        assert Interview.objects.count() == 0

    def test_the_interviewee_inferred_from_the_title_shows_with_role_and_affiliation(
        self, client, make_staff, sample_path
    ):
        meta = self.preview(client, make_staff, "unido.txt", sample_path.read_bytes())
        interviewees = meta.find("dd", class_="interviewees")
        assert interviewees.find_previous_sibling("dt").get_text() == "Interviewee"
        assert interviewees.get_text() == "李勇 (总干事, 联合国工业发展组织)"

    def test_a_role_inferred_without_a_name_shows_the_role(self, client, make_staff):
        data = "联合国工发组织总干事接受人民日报专访\n\n问:您好吗?\n\n答:很好。".encode()
        meta = self.preview(client, make_staff, "unido.txt", data)
        assert meta.find("dd", class_="interviewees").get_text() == "— (总干事, 联合国工发组织)"

    def test_no_interviewee_shows_a_dash(self, client, make_staff):
        meta = self.preview(client, make_staff, "press.json", transcript_json().encode())
        assert meta.find("dd", class_="interviewees").get_text() == "—"
