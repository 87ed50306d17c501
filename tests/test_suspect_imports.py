"""Imports refuse or flag what is suspect: mojibake, control characters, a file cut off
mid-sentence, a missing date, a missing language. Built from the real sample and real files."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.import_preview import preview_file
from archive.importing import import_file, import_text
from archive.models import ImportNote, Interview, PendingImport
from archive.transcripts import TranscriptError, parse_bytes, parse_transcript, read_transcript
from archive.transcripts.suspect import (
    CUT_OFF,
    NO_DATE,
    check_transcript,
    find_mojibake,
    strip_controls,
)

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


def staged(name: str, text: str) -> PendingImport:
    """An upload as the admin stages it before the preview (not saved)."""
    return PendingImport(filename=name, data=text.encode("utf-8"), layout="")


def test_the_upload_preview_refuses_mojibake_and_shows_the_garbled_line():
    text = latin1(SAMPLE)
    preview = preview_file(staged("garbled.txt", text))
    assert preview.transcript is None
    assert preview.error.startswith("the text looks like UTF-8 read as Latin-1")
    assert preview.error_line == 1
    assert preview.error_excerpt == text.split("\n")[0]


def test_the_preview_excerpt_counts_lines_as_the_parser_does():
    # Latin-1 turns the byte 0x85 into NEL, which str.splitlines() would take for a line break.
    text = latin1("具体情况\n" + SAMPLE)  # 具 is E5 85 B7: Latin-1 makes "å\x85·"
    preview = preview_file(staged("garbled.txt", text))
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


# --- Cut off mid-sentence -----------------------------------------------------------------

BODY = SAMPLE[: SAMPLE.index("【关闭窗口】")]


def test_a_file_cut_off_mid_sentence_is_a_warning_naming_the_last_line():
    cut = BODY[: BODY.rindex(" the country will be") + len(" the country will be")]
    transcript = parse_transcript(cut)
    (warning,) = [w for w in transcript.warnings if w.message.startswith(CUT_OFF)]
    assert warning.line == 148
    assert warning.message == f"{CUT_OFF} ('…inues to move ahead, the country will be')"


def test_a_chinese_side_cut_off_mid_sentence_is_a_warning_too():
    zh_end = BODY.index("更加强有力的合作伙伴")
    text = BODY[:zh_end] + "\n\n\n" + BODY[BODY.index("Q1:") :]
    transcript = parse_transcript(text)
    (warning,) = [w for w in transcript.warnings if w.message.startswith(CUT_OFF)]
    assert warning.line == 76
    assert warning.message.endswith("包括工发组织国家伙伴关系项目,')")


@pytest.mark.parametrize(
    "ending",
    ["Thank you.", "Thank you!", "Really?", "“Thank you.”", "(End)", "谢谢。", "（完）", "好！”"],
)
def test_closing_punctuation_is_not_a_cut(ending):
    transcript = parse_transcript(BODY + ending + "\n")
    assert not [m for m in messages(transcript) if m.startswith(CUT_OFF)]


# --- A missing date -----------------------------------------------------------------------


def test_a_transcript_without_a_date_says_so_once():
    transcript = parse_transcript(SAMPLE.replace(DATE_LINE, "来源:联合国工业发展组织"))
    assert transcript.date is None
    assert messages(transcript) == [NO_DATE]
    assert NO_DATE == (
        "no date found; the interview will be listed under 'date unknown' until a curator sets one"
    )


def test_an_undated_import_carries_the_warning_to_the_curator(db):
    result = import_text(SAMPLE.replace(DATE_LINE, ""), source="undated.txt")
    assert result.interview.date is None
    assert list(result.interview.import_notes.values_list("message", flat=True)) == [NO_DATE]


def test_a_date_found_in_the_title_is_no_missing_date():
    text = SAMPLE.replace(DATE_LINE, "").replace("专访", "专访(2020年10月15日)", 1)
    transcript = parse_transcript(text)
    assert str(transcript.date) == "2020-10-15"
    assert NO_DATE not in messages(transcript)


# --- A missing language -------------------------------------------------------------------


def side_warnings(transcript) -> list[str]:
    return [m for m in messages(transcript) if re.match(r"no (Chinese|English) \w+ was found", m)]


TURNS_ZH = (
    "标题\n\n发布日期:2020-10-15\n\n记者:问题?\n\n发言人:回答。\n\n记者:再问?\n\n发言人:再答。\n"
)
CSV_ZH = "zh,en\n问题?,\n回答。,\n"


@pytest.mark.parametrize(
    ("text", "source", "layout", "missing"),
    [
        (SAMPLE[: SAMPLE.index("Q1:")], "numbered.txt", "numbered", "English"),
        (BODY[: BODY.index("问题一")] + BODY[BODY.index("Q1:") :], "n.txt", "numbered", "Chinese"),
        (TURNS_ZH, "turns.txt", "turns", "English"),
        (CSV_ZH, "table.csv", "table", "English"),
    ],
    ids=["numbered, no English", "numbered, no Chinese", "turns", "table"],
)
def test_every_reader_says_once_that_a_language_is_missing(text, source, layout, missing):
    transcript = parse_transcript(text, source=source)
    assert transcript.layout == layout
    (warning,) = side_warnings(transcript)
    assert warning.startswith(f"no {missing} ")


# The one real file in a single language (the two numbered files once counted here are now
# read with both of their languages).
@pytest.mark.parametrize(
    ("name", "missing"), [("jsonl/medicalgpt_rag_corpus_excerpt.jsonl", "English")]
)
def test_real_one_language_files_get_exactly_one_warning(name, missing):
    _, transcript = read_transcript(REAL / name)
    (warning,) = side_warnings(transcript)
    assert warning.startswith(f"no {missing} ")


def test_checking_a_transcript_twice_adds_nothing_and_drops_repeats():
    transcript = parse_transcript(SAMPLE[: SAMPLE.index("Q1:")].replace(DATE_LINE, ""))
    once = list(transcript.warnings)
    transcript.warnings.append(transcript.warnings[0])  # a reader that said it twice
    check_transcript(transcript)
    check_transcript(transcript)
    assert transcript.warnings == once
    assert len(side_warnings(transcript)) == 1 and messages(transcript).count(NO_DATE) == 1


def test_the_sample_has_none_of_these_warnings():
    assert parse_transcript(SAMPLE).warnings == []


# --- What the curator sees ----------------------------------------------------------------


def test_the_upload_preview_lists_the_suspicions_before_anything_is_saved(client, make_staff):
    client.force_login(make_staff("Curators"))
    text = with_controls().replace(DATE_LINE, "来源:联合国工业发展组织")
    upload = SimpleUploadedFile("suspect.txt", text.encode(), "text/plain")
    response = client.post(reverse("admin:archive_interview_import"), {"files": [upload]})
    preview = client.get(response["Location"]).content.decode()
    assert "5 control characters (ESC, BEL, BS, ANSI escape, U+FFFD)" in preview
    assert "no date found; the interview will be listed under" in preview
    assert Interview.objects.count() == 0
