"""Loading transcripts into the database: atomic, idempotent, reported per file."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from archive.importing import import_file, import_text, load_transcript
from archive.models import Answer, ImportNote, Interview, Organization, Person, Question
from archive.transcripts import parse_transcript

from .factories import build_interview

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    models = [Interview, Question, Answer, Person, Organization, ImportNote]
    return {model.__name__: model.objects.count() for model in models}


def test_sample_import_creates_the_interview_with_all_its_parts(sample_interview, sample_text):
    interview = Interview.objects.get()
    assert interview.title_zh == "联合国工发组织总干事接受人民日报专访"
    assert str(interview.date) == "2020-10-15"
    assert interview.source.name_zh == "联合国工业发展组织"
    assert interview.outlet.name_zh == "人民日报"
    assert [p.name_zh for p in interview.interviewees.all()] == ["李勇"]
    assert interview.is_published and interview.published_at is not None
    counts = [q.answers.count() for q in interview.questions.order_by("number")]
    assert counts == [2, 4, 2, 3, 3, 4]
    assert not interview.import_notes.exists()


def test_original_text_is_kept_verbatim_with_its_checksum(sample_interview, sample_text):
    assert sample_interview.original_text == sample_text
    assert sample_interview.checksum == hashlib.sha256(sample_text.encode()).hexdigest()
    assert sample_interview.original_filename == "000_bc8751bc241665a7.txt"


def test_answers_keep_typos_and_have_no_footer(sample_interview):
    all_text = " ".join(
        f"{a.text_zh} {a.text_en}" for a in Answer.objects.filter(question__interview__isnull=False)
    )
    assert "dudring" in all_text
    for footer in ["关闭窗口", "主办单位", "ICP", "公网安备", "网站标识码"]:
        assert footer not in all_text


def test_importing_the_same_text_twice_changes_nothing(sample_interview, sample_path):
    before = table_counts()
    result = import_file(sample_path, publish=True)
    assert result.status == "unchanged"
    assert result.interview == sample_interview
    assert table_counts() == before


def test_a_crlf_copy_of_an_imported_text_counts_as_the_same_text(sample_interview, sample_text):
    result = import_text(sample_text.replace("\n", "\r\n"), source="windows-copy.txt")
    assert result.status == "unchanged"
    assert Interview.objects.count() == 1


def test_imports_are_drafts_unless_published(sample_text):
    result = import_text(sample_text, source="draft.txt")
    assert result.status == "created"
    assert result.interview.status == Interview.Status.DRAFT
    assert result.interview.published_at is None


def test_a_failure_half_way_through_a_load_leaves_the_database_unchanged(sample_text):
    transcript = parse_transcript(sample_text, source="sample.txt")
    transcript.questions[3].number = transcript.questions[2].number  # clash at the 4th question
    build_interview(questions=2, answers_per_question=2)
    before = table_counts()
    with pytest.raises(IntegrityError):
        load_transcript(transcript, original_text=sample_text, filename="sample.txt")
    assert table_counts() == before


def test_a_file_the_parser_rejects_writes_nothing(tmp_path):
    bad = tmp_path / "no-questions.txt"
    bad.write_text("标题\n\n只有一段话,没有问题。\n", encoding="utf-8")
    result = import_file(bad)
    assert result.failed
    assert str(bad) in result.error
    assert table_counts() == dict.fromkeys(table_counts(), 0)


def test_parser_warnings_become_notes_for_curators(sample_text):
    english = sample_text.index("Q2:")
    cut_from = sample_text.index("Inclusive industrial development implies", english)
    cut_to = sample_text.index("The term", cut_from)
    result = import_text(sample_text[:cut_from] + sample_text[cut_to:], source="short.txt")
    assert result.status == "created"
    notes = list(result.interview.import_notes.all())
    assert [note.question_number for note in notes] == [2]
    assert not notes[0].resolved


def test_slugs_are_ascii_and_unique(sample_text):
    first = import_text(sample_text, source="a.txt").interview
    second = import_text(sample_text + "\n补记。\n", source="b.txt").interview
    assert first.slug.startswith("2020-10-15-")
    assert first.slug.isascii() and second.slug.isascii()
    assert first.slug != second.slug


class TestImportCommand:
    def test_reports_created_unchanged_and_failed_and_exits_non_zero(
        self, tmp_path, sample_text, capsys
    ):
        (tmp_path / "a.txt").write_text(sample_text, encoding="utf-8")
        (tmp_path / "b.txt").write_text(sample_text, encoding="utf-8")
        (tmp_path / "c.txt").write_bytes(b"\xff\xfe\x00binary")
        with pytest.raises(CommandError, match="1 of 3 files failed"):
            call_command("import_transcripts", str(tmp_path))
        out = capsys.readouterr().out
        assert "created" in out and "unchanged" in out and "failed" in out
        assert "c.txt" in out
        assert Interview.objects.count() == 1

    def test_dry_run_prints_the_structure_and_writes_nothing(self, sample_path, capsys):
        call_command("import_transcripts", str(sample_path), "--dry-run")
        out = capsys.readouterr().out
        assert "联合国工发组织总干事接受人民日报专访" in out
        assert "Q6:" in out
        assert "Dry run, nothing written" in out
        assert Interview.objects.count() == 0

    def test_publish_makes_the_import_public(self, sample_path, capsys):
        call_command("import_transcripts", str(sample_path), "--publish")
        assert Interview.objects.published().count() == 1

    def test_a_missing_path_fails_with_a_clear_message(self, tmp_path, capsys):
        with pytest.raises(CommandError):
            call_command("import_transcripts", str(tmp_path / "nope.txt"))
        assert "nope.txt" in capsys.readouterr().out


def test_a_text_imported_meanwhile_elsewhere_counts_as_unchanged(sample_text, monkeypatch):
    """Two imports of one text racing: the loser reports 'unchanged', not a failure."""
    from archive import importing

    real_load = importing.load_transcript

    def load_after_another_process(transcript, **kwargs):
        real_load(transcript, **kwargs)  # the other process wins the race
        return real_load(transcript, **kwargs)

    monkeypatch.setattr(importing, "load_transcript", load_after_another_process)
    result = import_text(sample_text, source="racing.txt")
    assert result.status == "unchanged"
    assert Interview.objects.count() == 1


ARCHIVE_JSON = """{"schema": 1, "slug": "2019-03-15-premier-meets-the-press",
 "title_zh": "总理答记者问", "title_en": "The Premier meets the press", "date": "2019-03-15",
 "script": "zh-Hant", "source_url": "https://example.org/press?id=1&lang=en",
 "topics": ["外交", "Trade"],
 "interviewees": [{"zh": "", "en": "Li Keqiang"}],
 "outlet": {"zh": "", "en": "BBC HARDtalk"}, "source": {"zh": "外交部", "en": "MFA"},
 "turns": [{"asker": {"zh": "记者", "en": "Reporter"}, "q_zh": "問題?", "q_en": "Question?",
            "answers": [{"speaker": {"zh": "", "en": "Li Keqiang"}, "zh": "回答。",
                         "en": "Answer."}]}]}"""


def test_an_archive_json_export_keeps_its_slug_source_url_topics_and_english_names():
    interview = import_text(ARCHIVE_JSON, source="export.json").interview
    assert interview.slug == "2019-03-15-premier-meets-the-press"
    assert interview.script == "zh-Hant"
    assert interview.source_url == "https://example.org/press?id=1&lang=en"
    assert sorted((t.name_zh, t.name_en) for t in interview.topics.all()) == [
        ("", "Trade"),
        ("外交", ""),
    ]
    assert (interview.outlet.name_zh, interview.outlet.name_en) == ("", "BBC HARDtalk")
    assert (interview.source.name_zh, interview.source.name_en) == ("外交部", "MFA")
    assert [p.name_en for p in interview.interviewees.all()] == ["Li Keqiang"]


def test_a_slug_already_taken_is_not_reused():
    build_interview(1, 1, slug="2019-03-15-premier-meets-the-press")
    interview = import_text(ARCHIVE_JSON, source="export.json").interview
    assert interview.slug != "2019-03-15-premier-meets-the-press"
