"""Tests for the transcript parser, on the real sample and on variants made from it."""

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from archive.transcripts import (
    MAX_BYTES,
    Interviewee,
    TranscriptError,
    decode_transcript,
    parse_transcript,
    read_transcript,
)

SAMPLE_PATH = (
    Path(__file__).resolve().parents[1] / "archive" / "samples" / "000_bc8751bc241665a7.txt"
)
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
SOURCE = "interview.txt"
ZH_DIGITS = "一二三四五六七八九"
FOOTER_START = SAMPLE.index("【关闭窗口】")
BODY, FOOTER = SAMPLE[:FOOTER_START], SAMPLE[FOOTER_START:]
ANSWER_COUNTS = [2, 4, 2, 3, 3, 4]
FOOTER_WORDS = ["【关闭窗口】", "主办单位", "ICP", "公网安备", "网站标识码"]

TEST_MARKER = re.compile(
    r"^(?:(?:问题|問題)\s*[0-9０-９一二三四五六七八九十]+\s*[:：、.]?"
    r"|(?:[Qq]|Question|QUESTION)\s*[0-9]+\s*[:：.]?|Ｑ[０-９]+：)"
)
TEST_FOOTER = re.compile(
    r"^(?:【关闭窗口】|【關閉窗口】|【打印】|主办单位|版权所有|Copyright|京ICP备)"
)


# --- Helpers building variants of the sample ----------------------------------------------


def zh_number(number):
    """Chinese numeral for 1..99, written independently of the parser."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return ZH_DIGITS[ones - 1]
    prefix = "" if tens == 1 else ZH_DIGITS[tens - 1]
    return prefix + "十" + (ZH_DIGITS[ones - 1] if ones else "")


def fullwidth(number):
    return "".join(chr(0xFF10 + int(digit)) for digit in str(number))


def with_markers(text, zh_format="问题{zh}:", en_format="Q{n}:"):
    """Rewrite every 问题一: / Q1: marker of the sample with the given formats."""

    def zh(match):
        n = ZH_DIGITS.index(match[1]) + 1
        return zh_format.format(n=n, zh=match[1], fw=fullwidth(n))

    def en(match):
        n = int(match[1])
        return en_format.format(n=n, fw=fullwidth(n))

    text = re.sub(r"^问题([一二三四五六]):", zh, text, flags=re.M)
    return re.sub(r"^Q([1-6]):", en, text, flags=re.M)


def chunks(text=SAMPLE):
    """(head, Chinese question chunks, English question chunks, footer) of the sample."""
    zh_starts = [text.index(f"问题{digit}:") for digit in ZH_DIGITS[:6]]
    en_starts = [text.index(f"Q{n}:") for n in range(1, 7)]
    footer = text.index("【关闭窗口】")
    zh = [text[a:b] for a, b in zip(zh_starts, [*zh_starts[1:], en_starts[0]], strict=True)]
    en = [text[a:b] for a, b in zip(en_starts, [*en_starts[1:], footer], strict=True)]
    return text[: zh_starts[0]], zh, en, text[footer:]


def interleaved(english_first=False):
    head, zh, en, footer = chunks()
    pairs = zip(en, zh, strict=True) if english_first else zip(zh, en, strict=True)
    return head + "".join(a + b for a, b in pairs) + footer


def without_paragraph(text, start):
    """Drop the paragraph that begins with `start`, with the blank lines after it."""
    begin = text.index(start)
    end = text.index("\n\n", begin)
    return text[:begin] + text[end:].lstrip("\n")


def merged(text, first, second, joiner):
    """Join the paragraph starting with `second` onto the one before it (starting `first`)."""
    begin = text.index(first)
    end = text.index(second)
    return text[:begin] + text[begin:end].rstrip("\n") + joiner + text[end:]


def with_odd_spaces(text):
    """Add NBSP, ideographic spaces, tabs and zero-width spaces that all normalise away."""
    text = text.replace(" the ", "\u00a0the\u3000 ").replace(" is ", "\t is\u2003")
    text = text.replace("UNIDO", "UNIDO\u200b")
    text = re.sub(r"^(?=[\u4e00-\u9fff“])", "\u3000\u3000", text, flags=re.M)
    return text.replace("\n", "\u00a0\n")


def markers_alone(text, separator):
    """Put the question text on the line (or paragraph) after its marker."""
    text = re.sub(r"^(问题[一二三四五六]:)", rf"\1{separator}", text, flags=re.M)
    return re.sub(r"^(Q[1-6]:) ", rf"\1{separator}", text, flags=re.M)


def no_blank_before_markers(text):
    return re.sub(r"\n+(?=问题[一二三四五六]:|Q[1-6]:)", "\n", text)


TO_TRADITIONAL = str.maketrans(
    "国们这发会业与际为经对关现时个来说问题绿护产实将联织长开区体点总环进过动学组报专访",
    "國們這發會業與際為經對關現時個來說問題綠護產實將聯織長開區體點總環進過動學組報專訪",
)
TRADITIONAL_FOOTER = "【關閉窗口】\n主辦單位:中華人民共和國人力資源和社會保障部\n京ICP備09079694號"


def traditional():
    return BODY.translate(TO_TRADITIONAL) + TRADITIONAL_FOOTER


def content(transcript):
    """What a reader sees, without line numbers: questions and their aligned rows."""
    return [
        (q.number, q.text_zh, q.text_en, [(a.text_zh, a.text_en) for a in q.answers])
        for q in transcript.questions
    ]


def header(transcript):
    t = transcript
    return (t.title_zh, t.title_en, t.date, t.source_zh, t.intro_zh, t.intro_en)


def all_fields(transcript):
    t = transcript
    fields = [t.title_zh, t.title_en, t.source_zh, t.intro_zh, t.intro_en]
    for q in t.questions:
        fields += [q.text_zh, q.text_en]
        fields += [text for a in q.answers for text in (a.text_zh, a.text_en)]
    return fields


def normalise(line):
    return " ".join(line.replace("\u200b", "").split())


def expected_pieces(text):
    """Every body paragraph of `text` (marker stripped), as the test reads the file."""
    paragraphs, current = [], []
    for line in [*text.splitlines(), ""]:
        line = normalise(line)
        if current and (not line or TEST_MARKER.match(line)):
            paragraphs.append("\n".join(current))
            current = []
        if line:
            current.append(line)
    body = paragraphs[1:]  # the first paragraph is the title and the 发布日期 line
    cut = next((i for i, p in enumerate(body) if TEST_FOOTER.match(p)), len(body))
    pieces = [TEST_MARKER.sub("", p, count=1).strip() for p in body[:cut]]
    return Counter(piece for piece in pieces if piece)


def actual_pieces(transcript):
    t = transcript
    fields = [t.intro_zh, t.intro_en]
    for q in t.questions:
        fields += [q.text_zh, q.text_en]
        fields += [text for a in q.answers for text in (a.text_zh, a.text_en)]
    return Counter(piece for field in fields for piece in field.split("\n\n") if piece)


def parse(text):
    return parse_transcript(text, source=SOURCE)


@pytest.fixture(scope="module")
def sample():
    return parse(SAMPLE)


# --- The real sample ----------------------------------------------------------------------


def test_sample_header_gives_title_date_and_source(sample):
    assert sample.title_zh == "联合国工发组织总干事接受人民日报专访"
    assert sample.title_en == ""
    assert sample.date == dt.date(2020, 10, 15)
    assert sample.source_zh == "联合国工业发展组织"


def test_sample_intro_is_the_single_paragraph_before_the_first_question(sample):
    assert sample.intro_zh.startswith("时逢联合国成立七十五周年")
    assert "\n" not in sample.intro_zh
    assert "李勇" in sample.intro_zh
    assert sample.intro_en == ""


def test_sample_has_six_questions_in_both_languages(sample):
    assert [q.number for q in sample.questions] == [1, 2, 3, 4, 5, 6]
    assert all(q.text_zh and q.text_en for q in sample.questions)
    assert sample.questions[0].text_zh.startswith("值此联合国成立七十五周年之际")
    assert sample.questions[0].text_en.startswith(
        "The United Nations is marking its 75th anniversary this year"
    )


def test_sample_answers_pair_every_chinese_paragraph_with_its_english(sample):
    assert [len(q.answers) for q in sample.questions] == ANSWER_COUNTS
    assert all(a.text_zh and a.text_en for q in sample.questions for a in q.answers)
    last = sample.questions[5].answers[-1]
    assert "一带一路" in last.text_zh
    assert last.text_en.endswith("including the Belt and Road.")
    green = sample.questions[1].answers[3]
    assert "绿色工业" in green.text_zh
    assert "green industries" in green.text_en


def test_sample_rows_follow_file_order(sample):
    lines_zh = [a.line_zh for q in sample.questions for a in q.answers]
    lines_en = [a.line_en for q in sample.questions for a in q.answers]
    assert lines_zh == sorted(lines_zh)
    assert lines_en == sorted(lines_en)
    assert all(zh < en for zh, en in zip(lines_zh, lines_en, strict=True))


def test_sample_records_line_numbers_of_questions_and_rows(sample):
    first = sample.questions[0]
    assert (first.line_zh, first.line_en) == (7, 79)
    assert (first.answers[0].line_zh, first.answers[0].line_en) == (10, 82)


def test_sample_website_footer_appears_in_no_field(sample):
    for text in all_fields(sample):
        for word in FOOTER_WORDS:
            assert word not in text


def test_sample_keeps_the_english_typo_verbatim(sample):
    assert "at a time dudring an unprecedented" in sample.questions[0].answers[0].text_en


def test_sample_turns_nbsp_runs_into_single_spaces(sample):
    text = sample.questions[0].answers[0].text_en
    assert "Development. This is also a year" in text
    for field in all_fields(sample):
        assert "\u00a0" not in field
        assert "  " not in field
        assert field == field.strip()


def test_sample_imports_without_warnings(sample):
    assert sample.warnings == []
    assert sample.has_english


def test_sample_is_simplified_chinese(sample):
    assert sample.script == "zh-Hans"


def test_sample_names_the_interviewee_and_the_outlet(sample):
    assert sample.interviewees == [Interviewee("李勇", "", "总干事", "联合国工业发展组织")]
    assert sample.outlet_zh == "人民日报"


def test_outlet_and_role_come_from_the_title_when_the_intro_has_none():
    transcript = parse(without_paragraph(SAMPLE, "时逢联合国成立七十五周年"))
    assert transcript.intro_zh == ""
    assert transcript.outlet_zh == "人民日报"
    # The title names nobody: the role and affiliation are kept, the name left empty.
    assert transcript.interviewees == [Interviewee("", "", "总干事", "联合国工发组织")]


def test_read_transcript_returns_the_original_text_and_the_parse(sample):
    text, transcript = read_transcript(SAMPLE_PATH)
    assert text == SAMPLE
    assert content(transcript) == content(sample)


# --- Variants that must import exactly like the sample ------------------------------------

SAME_AS_SAMPLE = {
    "full-width digits and colons": lambda: with_markers(SAMPLE, "问题{fw}：", "Ｑ{fw}："),
    "full-width colons": lambda: with_markers(SAMPLE, "问题{zh}：", "Q{n}："),
    "CRLF line endings": lambda: SAMPLE.replace("\n", "\r\n"),
    "CR line endings": lambda: SAMPLE.replace("\n", "\r"),
    "NBSP, U+3000, tabs, zero-width": lambda: with_odd_spaces(SAMPLE),
    "Q1.": lambda: with_markers(SAMPLE, en_format="Q{n}."),
    "Q 1:": lambda: with_markers(SAMPLE, en_format="Q {n}:"),
    "Question 1:": lambda: with_markers(SAMPLE, en_format="Question {n}:"),
    "QUESTION 1.": lambda: with_markers(SAMPLE, en_format="QUESTION {n}."),
    "q1: lower case": lambda: with_markers(SAMPLE, en_format="q{n}:"),
    "Q1 and a space": lambda: with_markers(SAMPLE, en_format="Q{n}"),
    "问题一、": lambda: with_markers(SAMPLE, "问题{zh}、"),
    "问题一.": lambda: with_markers(SAMPLE, "问题{zh}."),
    "问题一 and a space": lambda: with_markers(SAMPLE, "问题{zh} "),
    "问题一 straight into text": lambda: with_markers(SAMPLE, "问题{zh}"),
    "问题 1:": lambda: with_markers(SAMPLE, "问题 {n}:"),
    "traditional 問題 marker": lambda: with_markers(SAMPLE, "問題{zh}:"),
    "marker alone, text on next line": lambda: markers_alone(SAMPLE, "\n"),
    "marker alone, text in next paragraph": lambda: markers_alone(SAMPLE, "\n\n"),
    "no blank line before markers": lambda: no_blank_before_markers(SAMPLE),
    "interleaved layout": lambda: interleaved(),
    "interleaved, English first": lambda: interleaved(english_first=True),
    "no footer": lambda: BODY,
    "no blank lines, one paragraph per line": lambda: re.sub(r"\n\s*\n", "\n", SAMPLE),
}


@pytest.mark.parametrize("variant", SAME_AS_SAMPLE.values(), ids=SAME_AS_SAMPLE.keys())
def test_layout_variants_import_the_same_interview(variant, sample):
    transcript = parse(variant())
    assert content(transcript) == content(sample)
    assert header(transcript) == header(sample)
    assert transcript.warnings == []


def test_crlf_keeps_the_line_numbers_of_the_original_file():
    transcript = parse(SAMPLE.replace("\n", "\r\n"))
    assert transcript.questions[0].line_en == 79
    assert transcript.questions[5].answers[-1].line_en == 148


def test_odd_spaces_are_normalised_to_single_spaces():
    transcript = parse(with_odd_spaces(SAMPLE))
    for field in all_fields(transcript):
        assert not re.search("[\u00a0\u3000\u2003\t\u200b]|  ", field)


# --- Question numbering -------------------------------------------------------------------


def synthetic(count):
    parts = ["测试访谈标题\n发布日期：2021年3月5日 来源：测试机构", "这是导言。"]
    parts += [f"问题{zh_number(n)}：第{n}个问题？\n\n第{n}个回答。" for n in range(1, count + 1)]
    parts += [f"Q{n}: Question number {n}?\n\nAnswer number {n}." for n in range(1, count + 1)]
    return "\n\n".join(parts)


def test_questions_numbered_past_ten_are_recognised():
    transcript = parse(synthetic(23))
    assert [q.number for q in transcript.questions] == list(range(1, 24))
    eleventh, last = transcript.questions[10], transcript.questions[22]
    assert (eleventh.text_zh, eleventh.text_en) == ("第11个问题？", "Question number 11?")
    assert last.answers[0].text_zh == "第23个回答。"
    assert last.answers[0].text_en == "Answer number 23."
    assert transcript.date == dt.date(2021, 3, 5)
    assert transcript.warnings == []


@pytest.mark.parametrize(
    ("numeral", "number"),
    [
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("两", 2),
        ("１２", 12),
        ("7", 7),
    ],
)
def test_chinese_numeral_markers_give_the_right_question_number(numeral, number):
    text = f"标题\n\n问题{numeral}：问题？\n\n回答。\n\nQ{number}: Question?\n\nAnswer."
    transcript = parse(text)
    assert [q.number for q in transcript.questions] == [number]
    assert transcript.questions[0].answers[0].text_en == "Answer."


# --- Variants with a known difference -----------------------------------------------------


def test_missing_english_imports_the_chinese_with_one_warning(sample):
    transcript = parse(SAMPLE[: SAMPLE.index("Q1:")] + FOOTER)
    assert not transcript.has_english
    assert len(transcript.warnings) == 1
    assert "no English translation was found" in transcript.warnings[0].message
    chinese = [(q.text_zh, [a.text_zh for a in q.answers]) for q in transcript.questions]
    assert chinese == [(q.text_zh, [a.text_zh for a in q.answers]) for q in sample.questions]
    assert all(q.text_en == "" for q in transcript.questions)
    assert all(a.text_en == "" for q in transcript.questions for a in q.answers)


def test_missing_english_paragraph_warns_and_loses_no_text(sample):
    removed = "The term “sustainable”"
    transcript = parse(without_paragraph(SAMPLE, removed))
    assert [w.question for w in transcript.warnings] == [2]
    assert "4 Chinese paragraphs but 3 English" in transcript.warnings[0].message
    assert transcript.warnings[0].line == 16
    before, after = sample.questions[1].answers, transcript.questions[1].answers
    assert joined(after, "zh") == joined(before, "zh")
    assert joined(after, "en") == "\n\n".join(
        a.text_en for a in before if not a.text_en.startswith(removed)
    )
    assert content(transcript)[2:] == content(sample)[2:]
    assert content(transcript)[0] == content(sample)[0]


def joined(answers, language):
    cells = [getattr(answer, f"text_{language}") for answer in answers]
    return "\n\n".join(cell for cell in cells if cell)


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("first", "second", "joiner", "question", "row", "language"),
    [
        ("Most recently, UNIDO’s", "At the moment, we are", " ", 6, 1, "en"),
        ("十七项可持续发展目标", "包容性工业发展意味着", "", 2, 0, "zh"),
    ],
    ids=["two English paragraphs merged", "two Chinese paragraphs merged"],
)
def test_merged_paragraph_shares_a_row_with_both_counterparts(
    sample, first, second, joiner, question, row, language
):
    transcript = parse(merged(SAMPLE, first, second, joiner))
    other = "zh" if language == "en" else "en"
    before = sample.questions[question - 1].answers
    after = transcript.questions[question - 1].answers
    assert len(after) == len(before) - 1
    cell = getattr(after[row], f"text_{other}")
    assert cell == "\n\n".join(getattr(a, f"text_{other}") for a in before[row : row + 2])
    assert getattr(after[row], f"text_{language}").startswith(first)
    for side in ("zh", "en"):
        assert squeezed(joined(after, side)) == squeezed(joined(before, side))
    assert [w.question for w in transcript.warnings] == [question]
    assert f"check row {row + 1}" in transcript.warnings[0].message


def test_traditional_chinese_transcript_is_marked_zh_hant(sample):
    transcript = parse(traditional())
    assert transcript.script == "zh-Hant"
    assert transcript.date == dt.date(2020, 10, 15)
    assert transcript.source_zh == "聯合國工業發展組織"
    assert [len(q.answers) for q in transcript.questions] == ANSWER_COUNTS
    assert [q.text_en for q in transcript.questions] == [q.text_en for q in sample.questions]
    assert transcript.warnings == []


FOOTERS = {
    "print and close links": "【打印】【关闭窗口】\n扫一扫在手机打开当前页",
    "host and organiser": "主办单位：某某部  承办：某某中心\n\n地址：北京市某某路1号",
    "版权所有": "版权所有 © 2020 人民网",
    "copyright line": "Copyright © 2020 People's Daily Online. All rights reserved.",
    "ICP licence": "京ICP备09079694号 京公网安备110401200230",
    "site id": "网站标识码bm15000008",
    "contact and back to top": "联系我们 | 网站地图 | 返回顶部",
    "sample footer in its own paragraphs": "【关闭窗口】\n\n\n主办单位:某某部\n\n\n网站标识码bm15",
}


@pytest.mark.parametrize("footer", FOOTERS.values(), ids=FOOTERS.keys())
def test_website_footers_are_dropped(footer, sample):
    transcript = parse(BODY + footer)
    assert content(transcript) == content(sample)
    assert transcript.warnings == []
    for text in all_fields(transcript):
        assert footer.split("\n")[0] not in text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("As previously mentioned,", "Questions about trade aside, as previously mentioned,"),
        ("As previously mentioned,", "Q1 results aside, as previously mentioned,"),
        ("如前所述,", "问题是,如前所述,"),
        ("如前所述,", "问题一直存在,如前所述,"),
    ],
)
def test_sentences_that_start_like_markers_stay_answers(old, new):
    transcript = parse(SAMPLE.replace(old, new))
    assert [len(q.answers) for q in transcript.questions] == ANSWER_COUNTS
    first = transcript.questions[2].answers[0]
    assert new in (first.text_en + first.text_zh)
    assert transcript.warnings == []


@pytest.mark.parametrize("footer", [FOOTER, ""], ids=["before the footer", "at the very end"])
def test_trailing_paragraph_after_the_last_answer_is_kept(footer):
    transcript = parse(BODY + "Thank you for the interview.\n\n\n" + footer)
    last = transcript.questions[5]
    assert last.answers[-1].text_en == "Thank you for the interview."
    assert [w.question for w in transcript.warnings] == [6]


def test_question_only_in_english_is_kept_with_empty_chinese():
    transcript = parse(BODY + "Q7: One more question?\n\nOne more answer.\n\n" + FOOTER)
    extra = transcript.questions[-1]
    assert (extra.number, extra.text_zh, extra.text_en) == (7, "", "One more question?")
    assert [(a.text_zh, a.text_en) for a in extra.answers] == [("", "One more answer.")]
    assert [w.question for w in transcript.warnings] == [7]
    assert "no Chinese version" in transcript.warnings[0].message


def test_question_only_in_chinese_is_kept_with_empty_english():
    head, zh, en, footer = chunks()
    transcript = parse(head + "".join(zh) + "".join(en[:5]) + footer)
    last = transcript.questions[5]
    assert last.text_en == ""
    assert [a.text_en for a in last.answers] == ["", "", "", ""]
    assert [w.question for w in transcript.warnings] == [6]
    assert "问题六 has no English version" in transcript.warnings[0].message


def test_gap_in_numbering_is_a_warning_not_an_error():
    text = SAMPLE.replace("问题六:", "问题七:").replace("Q6:", "Q7:")
    transcript = parse(text)
    assert [q.number for q in transcript.questions] == [1, 2, 3, 4, 5, 7]
    assert [(w.question, w.line) for w in transcript.warnings] == [(7, 64)]
    assert "问题六" in transcript.warnings[0].message


def test_first_question_other_than_one_is_a_warning():
    text = "标题\n\n问题二：问？\n\n答。\n\n问题三：问？\n\n答。\n\nQ2: Q?\n\nA.\n\nQ3: Q?\n\nA."
    transcript = parse(text)
    assert [q.number for q in transcript.questions] == [2, 3]
    # This minimal text has no date line, so the undated warning follows the numbering one.
    assert [w.question for w in transcript.warnings] == [2, None]
    assert "the first question is 2" in transcript.warnings[0].message
    assert transcript.warnings[1].message.startswith("no date found")


# --- Header variants ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "发布日期:2020/10/15 来源:联合国工业发展组织",
        "发布日期：2020.10.15　来源：联合国工业发展组织",
        "发布日期:2020年10月15日 来源:联合国工业发展组织",
        "发布日期：２０２０年１０月１５日 来源：联合国工业发展组织",
        "发布时间:2020-10-15 10:30 来源:联合国工业发展组织 【字体:大 中 小】【打印】",
        "來源:联合国工业发展组织 發布日期:2020-10-15",
    ],
)
def test_header_dates_and_sources_in_common_formats(line):
    transcript = parse(SAMPLE.replace("发布日期:2020-10-15 来源:联合国工业发展组织", line))
    assert transcript.date == dt.date(2020, 10, 15)
    assert transcript.source_zh == "联合国工业发展组织"
    assert transcript.title_zh == "联合国工发组织总干事接受人民日报专访"
    assert transcript.warnings == []


def test_title_line_that_also_holds_date_and_source(sample):
    transcript = parse(SAMPLE.replace("专访\n发布日期", "专访 发布日期", 1))
    assert header(transcript) == header(sample)


# --- No text is lost ----------------------------------------------------------------------

# The oracle below reads paragraphs between blank lines, so the blank-line-free variant is left
# to the content comparison above.
EVERY_VARIANT = {
    "sample": lambda: SAMPLE,
    **{name: make for name, make in SAME_AS_SAMPLE.items() if "no blank lines" not in name},
    "no English": lambda: SAMPLE[: SAMPLE.index("Q1:")] + FOOTER,
    "English paragraph removed": lambda: without_paragraph(SAMPLE, "The term “sustainable”"),
    "English paragraphs merged": lambda: merged(SAMPLE, "Most recently", "At the moment", " "),
    "traditional": traditional,
    "trailing paragraph": lambda: BODY + "Thank you.\n\n" + FOOTER,
    "extra English question": lambda: BODY + "Q7: More?\n\nYes.\n\n" + FOOTER,
    "23 questions": lambda: synthetic(23),
}


@pytest.mark.parametrize("variant", EVERY_VARIANT.values(), ids=EVERY_VARIANT.keys())
def test_every_body_paragraph_lands_in_exactly_one_field(variant):
    text = variant()
    assert actual_pieces(parse(text)) == expected_pieces(text)


@pytest.mark.parametrize("variant", EVERY_VARIANT.values(), ids=EVERY_VARIANT.keys())
def test_answer_rows_keep_each_language_in_file_order(variant):
    transcript = parse(variant())
    for question in transcript.questions:
        for language in ("zh", "en"):
            cells = [getattr(a, f"text_{language}") for a in question.answers]
            lines = [getattr(a, f"line_{language}") for a in question.answers]
            lines = [line for line in lines if line is not None]
            assert lines == sorted(lines)
            assert len([c for c in cells if c]) == len(lines)


# --- Errors -------------------------------------------------------------------------------


def assert_error(excinfo, line, words):
    assert str(excinfo.value).startswith(f"{SOURCE}:{line}: ")
    assert excinfo.value.line == line
    assert words in str(excinfo.value)


@pytest.mark.parametrize("text", ["", " \n\t\n\u3000\u00a0\r\n\u200b\n"], ids=["empty", "blank"])
def test_empty_file_is_refused(text):
    with pytest.raises(TranscriptError) as excinfo:
        parse(text)
    assert_error(excinfo, 1, "empty file")


def test_empty_bytes_are_refused_as_an_empty_file():
    with pytest.raises(TranscriptError) as excinfo:
        parse(decode_transcript(b"", source=SOURCE))
    assert_error(excinfo, 1, "empty file")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"PK\x03\x04\x00\x00\x08\x00", 1),
        (b"title\n\nsome text\n\x00\x01\x02", 4),
        (bytes(range(1, 9)) * 100, 1),
    ],
    ids=["zip header", "NUL on line 4", "control bytes"],
)
def test_binary_file_is_refused(data, line):
    with pytest.raises(TranscriptError) as excinfo:
        decode_transcript(data, source=SOURCE)
    assert_error(excinfo, line, "binary file, not a text transcript")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_invalid_utf8_names_the_line_of_the_bad_byte(newline):
    data = SAMPLE.replace("\n", newline).encode("utf-8")
    offset = data.index("时逢联合国成立七十五周年,世界正面临一场前所未有的全球性经济和".encode())
    with pytest.raises(TranscriptError) as excinfo:
        decode_transcript(data[:offset] + b"\xff" + data[offset:], source=SOURCE)
    assert_error(excinfo, 10, "not valid UTF-8")


def test_gbk_file_is_refused_as_not_utf8():
    with pytest.raises(TranscriptError) as excinfo:
        decode_transcript("标题\n\n问题一：你好？".encode("gbk"), source=SOURCE)
    assert_error(excinfo, 1, "not valid UTF-8")


def test_file_over_5_mb_is_refused_before_decoding():
    with pytest.raises(TranscriptError) as excinfo:
        decode_transcript(b"\xff" * (MAX_BYTES + 1), source=SOURCE)
    assert_error(excinfo, 1, "larger than 5 MB")


def test_file_of_exactly_5_mb_is_accepted():
    assert decode_transcript(b"a" * MAX_BYTES, source=SOURCE) == "a" * MAX_BYTES


def test_huge_file_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"")
    os.truncate(path, MAX_BYTES + 1)
    with pytest.raises(TranscriptError) as excinfo:
        read_transcript(path)
    assert str(excinfo.value).startswith(f"{path}:1: ")
    assert "larger than 5 MB" in str(excinfo.value)


def test_missing_file_is_refused_with_its_path(tmp_path):
    path = tmp_path / "missing.txt"
    with pytest.raises(TranscriptError) as excinfo:
        read_transcript(path)
    assert str(excinfo.value).startswith(f"{path}: cannot read file")


def test_text_without_questions_is_refused():
    text = "标题\n\n只有一段文字，问题是没有编号。\n\nQuestions about trade are welcome."
    with pytest.raises(TranscriptError) as excinfo:
        parse(text)
    assert_error(excinfo, 1, "no questions found (expected 问题一 / Q1 …, or speaker labels")


def test_duplicated_chinese_question_is_refused_at_the_second_one():
    with pytest.raises(TranscriptError) as excinfo:
        parse(SAMPLE.replace("问题四:", "问题三:"))
    assert_error(excinfo, 40, "问题三 appears twice (first at line 31)")


def test_out_of_order_question_is_refused():
    text = SAMPLE.replace("问题二:", "@").replace("问题三:", "问题二:").replace("@", "问题三:")
    with pytest.raises(TranscriptError) as excinfo:
        parse(text)
    assert_error(excinfo, 31, "问题二 comes after 问题三 (line 16)")


def test_duplicated_english_question_is_refused_at_the_second_one():
    with pytest.raises(TranscriptError) as excinfo:
        parse(SAMPLE.replace("Q3:", "Q2:"))
    assert_error(excinfo, 103, "Q2 appears twice (first at line 88)")


# --- Decoding -----------------------------------------------------------------------------


def test_decoding_strips_the_bom_and_keeps_line_endings(sample):
    data = b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode("utf-8")
    text = decode_transcript(data, source=SOURCE)
    assert text == SAMPLE.replace("\n", "\r\n")
    assert content(parse(text)) == content(sample)


def test_utf16_file_is_refused_as_not_utf8():
    with pytest.raises(TranscriptError) as excinfo:
        decode_transcript(SAMPLE.encode("utf-16"), source=SOURCE)
    assert_error(excinfo, 1, "not valid UTF-8")


# --- Bare question numbers (1. What …?) ------------------------------------------------------

BARE_NUMBERED = """\
1. What foreign languages have you studied?
English, mostly for work.
英语,主要为了工作。
2. Would you say it is difficult to learn?
Grammar can be rather complicated.
语法可能相当复杂。
3. Do you practise every day?
Yes, with a partner online.
是的,和网上的伙伴一起练。
"""


def test_bare_numbered_questions_are_read_with_each_answer_beside_its_translation():
    transcript = parse(BARE_NUMBERED)
    assert transcript.layout == "numbered"
    assert [q.text_en for q in transcript.questions] == [
        "What foreign languages have you studied?",
        "Would you say it is difficult to learn?",
        "Do you practise every day?",
    ]
    assert [(a.text_zh, a.text_en) for q in transcript.questions for a in q.answers] == [
        ("英语,主要为了工作。", "English, mostly for work."),
        ("语法可能相当复杂。", "Grammar can be rather complicated."),
        ("是的,和网上的伙伴一起练。", "Yes, with a partner online."),
    ]


def test_numbered_points_inside_an_answer_stay_in_the_answer():
    # A speaker's own numbered points, even asking ones, are not questions in a 问题N file.
    listed = BODY + "\n\n1. Why does it matter?\n\n2. Who pays for it?\n"
    questions = parse(listed).questions
    assert [q.number for q in questions] == [q.number for q in parse(BODY).questions]
    assert "2. Who pays for it?" in questions[-1].answers[-1].text_en


def test_bare_numbers_that_do_not_count_up_one_by_one_are_not_questions():
    skipping = BARE_NUMBERED.replace("2. Would", "4. Would").replace("3. Do", "7. Do")
    with pytest.raises(TranscriptError):
        parse_transcript(skipping, source=SOURCE, layout="numbered")


def test_an_asking_label_on_a_numbered_question_names_the_asker():
    text = (
        "1. [话题:是否支持用DNA配对寻找伴侣]\n提问:Why are you so eager to find a partner?\n\n"
        "她回答说,爱和欣赏是前提。\n\n"
        "2. [话题:疫情中的鼓舞]\n提问:Was there a time you lost hope?\n"
    )
    transcript = parse(text)
    first = transcript.questions[0]
    assert (first.asker.zh, first.asker.en) == ("提问", "")
    assert first.text_zh == "[话题:是否支持用DNA配对寻找伴侣]"
    assert first.text_en == "Why are you so eager to find a partner?"
    assert [a.text_zh for a in first.answers] == ["她回答说,爱和欣赏是前提。"]


def test_a_photo_caption_repeating_names_from_the_paragraph_above_is_dropped():
    text = (
        "1. [话题:伴侣]\n提问:Why so eager?\n\n"
        "来自郑州大学的左诗是这样回答的:爱和欣赏是前提。\n\n"
        "左诗 郑州大学\n\n"
        "2. [话题:希望]\n提问:Did you lose hope?\n\n"
        "没有。\n"
    )
    transcript = parse(text)
    assert [(d.text, d.rule) for d in transcript.dropped] == [("左诗 郑州大学", "photo caption")]
    assert [a.text_zh for a in transcript.questions[1].answers] == ["没有。"]


def test_numbered_questions_with_labelled_answers_are_read_as_speaker_turns():
    text = (
        "1. Host: What brought you to China?\n主持人:是什么让你来到中国?\n\n"
        "Evans: Chemistry, in 1996.\n戴伟:化学,1996年。\n\n"
        "2. Host: Why did you stay?\n主持人:你为什么留下?\n\n"
        "Evans: The students.\n戴伟:学生们。\n"
    )
    transcript = parse(text)
    assert transcript.layout == "turns"
    assert {(a.speaker.zh, a.speaker.en) for q in transcript.questions for a in q.answers} == {
        ("戴伟", "Evans")
    }


INTERVIEW_WITH_AN_OPENING = """\
Hello, I'm David Evans, a chemist in Beijing.

大家好,我叫戴伟,是北京的一名化学家。

Q1: Why did you stay in Beijing?

1)为何您留在了北京?

Q2: How do you feel about the coverage?

2)您对报道有何感受?

It was unfair at times.

有时不公平。
"""


def test_chinese_questions_numbered_bare_under_q_markers_are_the_translations():
    questions = parse(INTERVIEW_WITH_AN_OPENING).questions
    assert [(q.number, q.text_zh, q.text_en) for q in questions[1:]] == [
        (1, "为何您留在了北京?", "Why did you stay in Beijing?"),
        (2, "您对报道有何感受?", "How do you feel about the coverage?"),
    ]
    assert [(a.text_zh, a.text_en) for a in questions[2].answers] == [
        ("有时不公平。", "It was unfair at times.")
    ]


def test_a_greeting_before_the_first_question_is_the_opening_statement():
    transcript = parse(INTERVIEW_WITH_AN_OPENING)
    opening = transcript.questions[0]
    assert (opening.number, opening.text_zh, opening.text_en) == (0, "", "")
    assert [(a.text_zh, a.text_en) for a in opening.answers] == [
        ("大家好,我叫戴伟,是北京的一名化学家。", "Hello, I'm David Evans, a chemist in Beijing.")
    ]
    assert (transcript.intro_zh, transcript.intro_en) == ("", "")
    assert not [w for w in transcript.warnings if "问题〇" in w.message or "Q0" in w.message]


def test_an_introduction_about_the_interview_stays_the_introduction():
    text = INTERVIEW_WITH_AN_OPENING.replace(
        "Hello, I'm David Evans, a chemist in Beijing.", "David Evans is a chemist in Beijing."
    ).replace("大家好,我叫戴伟,是北京的一名化学家。", "戴伟是北京的一名化学家。")
    transcript = parse(text)
    assert transcript.questions[0].number == 1
    assert "David Evans is a chemist in Beijing." in (transcript.title_en, transcript.intro_en)


PAGE_OF_A_LONGER_INTERVIEW = """\
答:我们希望扩大农产品出口。

9、问:中国还希望进口哪些商品?

Answer: We are willing to expand the export of agricultural products.

Question: What other commodities does China want to import?

答:牛肉和花卉。

Answer: Beef and flowers.

10、问:您对批评有何评论?

答:我们注意到了。
"""


def test_a_page_that_starts_inside_an_answer_opens_with_that_answer():
    opening = parse(PAGE_OF_A_LONGER_INTERVIEW).questions[0]
    assert (opening.number, opening.text_zh, opening.text_en) == (0, "", "")
    english = "We are willing to expand the export of agricultural products."
    chinese = "我们希望扩大农产品出口。"
    assert [(a.text_zh, a.text_en) for a in opening.answers] == [(chinese, english)]


def test_english_one_block_behind_the_chinese_is_paired_with_its_own_question():
    questions = parse(PAGE_OF_A_LONGER_INTERVIEW).questions
    assert [(q.number, q.text_zh, q.text_en) for q in questions[1:]] == [
        (9, "中国还希望进口哪些商品?", "What other commodities does China want to import?"),
        (10, "您对批评有何评论?", ""),
    ]
    assert [(a.text_zh, a.text_en) for a in questions[1].answers] == [
        ("牛肉和花卉。", "Beef and flowers.")
    ]


def test_answer_labels_of_numbered_questions_become_the_speakers():
    questions = parse(PAGE_OF_A_LONGER_INTERVIEW).questions
    assert [(q.asker.zh, q.asker.en) for q in questions[1:]] == [("问", "Question"), ("问", "")]
    assert [(a.speaker.zh, a.speaker.en) for q in questions for a in q.answers] == [
        ("答", "Answer"),
        ("答", "Answer"),
        ("答", ""),
    ]
