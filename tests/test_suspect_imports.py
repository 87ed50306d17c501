"""Imports refuse or flag what is suspect: mojibake and control characters. Built from the
real sample and real files."""

import re
from pathlib import Path

import pytest

from archive.admin_views import preview_file
from archive.importing import import_file, import_text
from archive.models import ImportNote, Interview
from archive.transcripts import TranscriptError, parse_bytes, parse_transcript, read_transcript
from archive.transcripts.suspect import find_mojibake, strip_controls

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PATH = ROOT / "archive" / "samples" / "000_bc8751bc241665a7.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
LINES = SAMPLE.split("\n")
REAL = Path(__file__).resolve().parent / "data" / "real"
REAL_TEXTS = sorted(REAL.rglob("*.txt"))
REAL_FILES = sorted(p for p in REAL.rglob("*") if p.is_file() and p.suffix != ".docx")
DATE_LINE = "发布日期:2020-10-15 来源:联合国工业发展组织"
SUSPECT_WORDS = ("mojibake", "UTF-8", "control character")


def with_line(number: int, text: str, lines=LINES) -> str:
    """The sample with line `number` (1-based) replaced by `text`."""
    changed = list(lines)
    changed[number - 1] = text
    return "\n".join(changed)


def latin1(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def cp1252(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="replace")


def gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="replace")


def messages(transcript) -> list[str]:
    return [w.message for w in transcript.warnings]


def suspect_warnings(transcript) -> list[str]:
    return [m for m in messages(transcript) if any(word in m for word in SUSPECT_WORDS)]


def text_fields(transcript) -> list[str]:
    fields = [transcript.title_zh, transcript.title_en, transcript.intro_zh, transcript.intro_en]
    for question in transcript.questions:
        fields += [question.text_zh, question.text_en]
        fields += [t for a in question.answers for t in (a.text_zh, a.text_en)]
    return fields


# --- Mojibake: refused when it is most of the text ----------------------------------------


# What the sample's title (line 1) would be: bytes that cp1252 or GBK lost show as �.
@pytest.mark.parametrize(
    ("garble", "codec", "title"),
    [
        (latin1, "Latin-1", "联合国工发组织总干事接受人民日报专访"),
        (cp1252, "Latin-1", "��国工�组织总干事接�人民日报专访"),
        (gbk, "GBK", "联合国工发组织�干事接受人民日报专�"),
    ],
    ids=["latin-1", "cp1252", "gbk"],
)
def test_a_transcript_that_is_mostly_mojibake_is_refused_naming_the_first_line(
    garble, codec, title
):
    with pytest.raises(TranscriptError) as refused:
        parse_transcript(garble(SAMPLE), source="garbled.txt")
    assert refused.value.line == 1
    message = refused.value.message
    assert message.startswith(f"the text looks like UTF-8 read as {codec} (e.g. line 1: '")
    assert message.endswith(f"' would be '{title}'); save it again as UTF-8")


def test_the_refusal_quotes_the_garbled_text_and_what_it_would_be():
    garbled = cp1252("\n".join(["外交部", "", *LINES[3:]]))
    with pytest.raises(TranscriptError) as refused:
        parse_transcript("标题\n\n" + garbled)
    assert refused.value.line == 3
    assert "(e.g. line 3: 'å¤–äº¤éƒ¨' would be '外交部'); save it" in refused.value.message


def test_gbk_mojibake_shows_the_lost_last_byte_as_a_replacement_character():
    assert gbk("外交部") == "澶栦氦閮\ufffd"
    (found,) = find_mojibake(gbk("外交部") + "\n")
    assert (found.line, found.codec, found.fixed) == (1, "GBK", "外交\ufffd")


def test_a_refused_file_writes_nothing(db, tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_text(latin1(SAMPLE), encoding="utf-8")
    result = import_file(path, publish=True)
    assert result.failed
    assert f"{path}:1: the text looks like UTF-8 read as Latin-1" in result.error
    assert Interview.objects.count() == 0 and ImportNote.objects.count() == 0


def test_the_upload_preview_refuses_mojibake_and_shows_the_garbled_line():
    text = latin1(SAMPLE)
    preview = preview_file("garbled.txt", text)
    assert preview.transcript is None
    assert preview.error.startswith("the text looks like UTF-8 read as Latin-1")
    assert preview.error_line == 1
    assert preview.error_excerpt == text.split("\n")[0]


def test_the_preview_excerpt_counts_lines_as_the_parser_does():
    # Latin-1 turns the byte 0x85 into NEL, which str.splitlines() would take for a line break.
    text = latin1("具体情况\n" + SAMPLE)  # 具 is E5 85 B7: Latin-1 makes "å\x85·"
    preview = preview_file("garbled.txt", text)
    assert preview.error_line == 1
    assert preview.error_excerpt == text.split("\n")[0]


# --- Mojibake: a warning when a few lines are garbled -------------------------------------


@pytest.mark.parametrize(
    ("garble", "codec"),
    [(latin1, "Latin-1"), (cp1252, "Latin-1"), (gbk, "GBK")],
    ids=["latin-1", "cp1252", "gbk"],
)
def test_one_garbled_paragraph_is_a_warning_naming_its_line(garble, codec):
    transcript = parse_transcript(with_line(70, garble(LINES[69])))
    (warning,) = suspect_warnings(transcript)
    line = next(w.line for w in transcript.warnings if w.message == warning)
    assert line == 70
    assert warning.startswith("line 70: '")
    assert "' would be '近期,工" in warning  # up to the first character that lost a byte
    assert warning.endswith(
        f"this line looks like UTF-8 read as {codec}; check it against the source"
    )
    assert len(transcript.questions) == 6  # the rest is read as usual


def test_garbled_english_apostrophes_are_a_warning():
    english = LINES[141]  # Most recently, UNIDO’s cooperation …
    transcript = parse_transcript(with_line(142, cp1252(english)))
    (warning,) = suspect_warnings(transcript)
    assert warning.startswith("line 142: 'â€™' would be '’' — this line looks like UTF-8")


def test_many_garbled_lines_are_named_five_at_a_time_then_summed_up():
    lines = list(LINES)
    for number in (10, 16, 22, 28, 34, 40, 46):
        lines[number - 1] = latin1(lines[number - 1])
    transcript = parse_transcript("\n".join(lines))
    warnings = [w for w in transcript.warnings if "UTF-8 read as" in w.message]
    assert [w.line for w in warnings] == [10, 16, 22, 28, 34]
    summary = next(w for w in transcript.warnings if "more lines" in w.message)
    assert (summary.line, summary.message) == (
        40,
        "2 more lines look like mojibake the same way (lines 40, 46)",
    )


def test_controls_inside_mojibake_are_not_counted_again():
    garbled = latin1(LINES[69])  # Latin-1 proper turns bytes 0x80-0x9F into C1 controls
    assert re.search("[\x80-\x9f]", garbled)
    transcript = parse_transcript(with_line(70, garbled))
    assert not [m for m in messages(transcript) if "control character" in m]


@pytest.mark.parametrize(
    "line",
    [
        "Aïssata Tall Sall, naïve café owner, said the crème brûlée was à la carte.",
        "Señor Núñez of São Paulo met Søren Kierkegaard’s heirs in Zürich and Kraków.",
        "«C’est très bien », dit-il au café « Le Dôme ».",
        "Temperatures of 30°C ± 2° were recorded; the fee is £5 or €6 (¥40).",
        "CAFÉ — ÉCOLE — STRASSE — GROSSE ÄRZTE",
        "习近平·中国 约翰·史密斯 第二十三条 《联合国宪章》“一带一路”",
    ],
    ids=["accents", "names", "french", "symbols", "capitals", "chinese"],
)
def test_ordinary_accents_and_ordinary_chinese_are_not_mojibake(line):
    assert find_mojibake(line) == []
    transcript = parse_transcript(with_line(142, line))
    assert suspect_warnings(transcript) == []


# --- No false alarms on the real files ----------------------------------------------------


@pytest.mark.parametrize("path", [*REAL_TEXTS, SAMPLE_PATH], ids=lambda p: str(p.relative_to(ROOT)))
def test_real_transcripts_raise_no_mojibake_or_control_character_warning(path):
    try:
        _, transcript = read_transcript(path)
    except TranscriptError as exc:
        assert not any(word in exc.message for word in SUSPECT_WORDS), exc.message
        return
    assert suspect_warnings(transcript) == []


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(REAL)))
def test_no_real_file_has_text_that_looks_garbled_or_controlled(path):
    text = path.read_text(encoding="utf-8")
    assert find_mojibake(text) == []
    assert strip_controls(text, []) == (text, None)


# --- Control characters -------------------------------------------------------------------


def with_controls() -> str:
    lines = list(LINES)
    lines[9] = lines[9].replace("时逢", "时\x1b逢\x07", 1)  # line 10: ESC, BEL
    lines[78] = lines[78].replace("The United", "The\x08 United", 1)  # line 79: BS
    lines[141] = "\x1b[31m" + lines[141] + "\ufffd"  # line 142: a colour code, U+FFFD
    return "\n".join(lines)


def test_control_characters_are_stripped_and_counted_by_name_and_line():
    transcript = parse_transcript(with_controls())
    (warning,) = [w for w in transcript.warnings if "control character" in w.message]
    assert warning.line == 10
    assert warning.message == (
        "5 control characters (ESC, BEL, BS, ANSI escape, U+FFFD) removed from lines 10, 79, "
        "142; the original text keeps them"
    )
    assert transcript.questions[0].answers[0].text_zh.startswith("时逢联合国成立七十五周年")
    assert transcript.questions[0].text_en.startswith("The United Nations")
    assert transcript.questions[5].answers[1].text_en.startswith("Most recently")
    for field in text_fields(transcript):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]|\\[31m", field)


def test_the_stored_original_keeps_the_control_characters_verbatim(db):
    text = with_controls()
    result = import_text(text, source="controls.txt")
    assert result.status == "created"
    interview = Interview.objects.get()
    assert interview.original_text == text
    notes = list(interview.import_notes.values_list("line", "message"))
    assert [line for line, message in notes if "control character" in message] == [10]


def test_a_file_read_from_bytes_keeps_its_original_and_parses_without_controls():
    original, transcript = parse_bytes(with_controls().encode(), source="controls.txt")
    assert original == with_controls()
    assert "\x1b" not in transcript.questions[0].answers[0].text_zh


def test_a_form_feed_between_words_becomes_a_space():
    line = LINES[141].replace("cooperation with", "cooperation\x0cwith")
    transcript = parse_transcript(with_line(142, line))
    assert "cooperation with China" in transcript.questions[5].answers[1].text_en
    assert "(FF) removed from line 142" in " ".join(messages(transcript))


def test_tabs_and_line_endings_are_not_control_characters():
    text = SAMPLE.replace("\n", "\r\n").replace("问题一:", "问题一:\t")
    assert strip_controls(text, []) == (text, None)
