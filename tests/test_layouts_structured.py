"""The structured readers (JSON, JSON lines, CSV/TSV, TMX, DOCX, HTML) on real files and on
hostile ones: every real file gives its hand-written expected turns, every bad file is refused
with a message that says what is wrong, and nothing is written to the database."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from archive.importing import import_file
from archive.models import Answer, ImportNote, Interview, Question
from archive.text import collapse
from archive.transcripts import (
    MAX_BYTES,
    TranscriptError,
    parse_bytes,
    parse_transcript,
    read_transcript,
)
from archive.transcripts.layouts import reader_named
from archive.transcripts.schema import to_dict

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "real"
SAMPLE_PATH = ROOT / "archive" / "samples" / "000_bc8751bc241665a7.txt"
SAMPLE = SAMPLE_PATH.read_text(encoding="utf-8")
FORMATS = ("json", "jsonl", "csv", "tmx", "docx", "html")
LAYOUT_OF = {"csv": "table"}


def real_files():
    return list(_real_files())


def _real_files():
    for folder in FORMATS:
        for expected in sorted((REAL / folder).glob("*.expected.json")):
            stem = expected.name.removesuffix(".expected.json")
            inputs = [p for p in expected.parent.glob(f"{stem}.*") if p != expected]
            assert len(inputs) == 1, f"one input for {expected}"
            yield pytest.param(folder, inputs[0], expected, id=f"{folder}/{inputs[0].name}")


def turn_shape(turns):
    """Turns as comparable tuples, whitespace collapsed."""
    return [
        (
            (collapse(turn["asker"]["zh"]), collapse(turn["asker"]["en"])),
            collapse(turn["q_zh"]),
            collapse(turn["q_en"]),
            [
                (
                    (collapse(answer["speaker"]["zh"]), collapse(answer["speaker"]["en"])),
                    collapse(answer["zh"]),
                    collapse(answer["en"]),
                )
                for answer in turn["answers"]
            ],
        )
        for turn in turns
    ]


@pytest.mark.parametrize(("folder", "path", "expected_path"), real_files())
def test_real_files_give_their_expected_turns(folder, path, expected_path):
    if reader_named(LAYOUT_OF.get(folder, folder)) is None:
        pytest.skip(f"no {folder} reader yet")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    _, transcript = read_transcript(path)
    got = to_dict(transcript)
    assert transcript.layout == LAYOUT_OF.get(folder, folder)
    assert turn_shape(got["turns"]) == turn_shape(expected["turns"])
    for key in ("title_zh", "title_en"):
        if expected.get(key):
            assert collapse(got[key]) == collapse(expected[key])
    if expected.get("date"):
        assert got["date"] == expected["date"]
    assert bool(transcript.glosses) == bool(expected.get("glosses_stripped"))
    stored = " ".join(
        collapse(
            f"{t['q_zh']} {t['q_en']} " + " ".join(f"{a['zh']} {a['en']}" for a in t["answers"])
        )
        for t in got["turns"]
    )
    for chrome in expected.get("chrome", []):
        assert collapse(chrome) not in stored, f"page chrome stored: {chrome!r}"
    dropped = [collapse(line.text) for line in transcript.dropped]
    for turn in expected["turns"]:
        for answer in turn["answers"]:
            for side in ("zh", "en"):
                if len(collapse(answer[side])) > 20:
                    assert not any(collapse(answer[side]) in line for line in dropped)


@pytest.mark.parametrize(("folder", "path", "expected_path"), real_files())
def test_real_files_import_with_their_turns(folder, path, expected_path, db):
    if reader_named(LAYOUT_OF.get(folder, folder)) is None:
        pytest.skip(f"no {folder} reader yet")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    result = import_file(path)
    assert not result.failed, result.error
    questions = result.interview.questions.order_by("number")
    assert questions.count() == len(expected["turns"])
    counts = [q.answers.count() for q in questions]
    assert counts == [len(turn["answers"]) for turn in expected["turns"]]


# --- Helpers --------------------------------------------------------------------------------


def parse(data: bytes | str, name: str):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return parse_bytes(data, source=name)[1]


def refused(data: bytes | str, name: str, *words: str) -> TranscriptError:
    with pytest.raises(TranscriptError) as caught:
        parse(data, name)
    message = str(caught.value)
    assert name in message
    for word in words:
        assert word in message, message
    return caught.value


def nothing_written(tmp_path, data: bytes | str, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    result = import_file(path)
    assert result.failed
    for model in (Interview, Question, Answer, ImportNote):
        assert model.objects.count() == 0
    return result.error


def sample_transcript():
    return parse_transcript(SAMPLE, source="sample.txt")


def sample_rows():
    """(zh, en) paragraph pairs of the sample's first questions, questions first."""
    rows = []
    for question in sample_transcript().questions[:3]:
        rows.append((question.text_zh, question.text_en, "question"))
        rows.extend((a.text_zh, a.text_en, "answer") for a in question.answers)
    return rows


# --- The sample stays numbered; structured readers stand aside on text ----------------------


def test_the_sample_is_still_read_as_numbered_questions():
    transcript = sample_transcript()
    assert transcript.layout == "numbered"
    assert [len(q.answers) for q in transcript.questions] == [2, 4, 2, 3, 3, 4]


@pytest.mark.parametrize("name", ["json", "jsonl", "table", "tmx", "html", "docx"])
def test_structured_readers_do_not_claim_plain_text(name):
    from archive.transcripts.layouts import Document

    doc = Document(source="interview.txt", text=SAMPLE, data=SAMPLE.encode(), suffix=".txt")
    assert reader_named(name).fit(doc).score == 0


# --- JSON -----------------------------------------------------------------------------------


def test_json_export_reads_back_as_the_same_turns():
    exported = to_dict(sample_transcript(), file="sample.txt")
    transcript = parse(json.dumps(exported, ensure_ascii=False), "sample.json")
    assert transcript.layout == "json"
    assert turn_shape(to_dict(transcript)["turns"]) == turn_shape(exported["turns"])
    assert transcript.title_zh == exported["title_zh"]


def test_json_keeps_speakers_and_an_opening_statement():
    data = {
        "turns": [
            {"answers": [{"speaker": {"zh": "汪文斌", "en": "Wang Wenbin"}, "zh": "开场。"}]},
            {"asker": {"zh": "路透社记者", "en": "Reuters"}, "q_zh": "问题?", "q_en": "Question?",
             "answers": [{"speaker": "汪文斌", "zh": "回答。", "en": "Answer."}]},
        ]
    }  # fmt: skip
    transcript = parse(json.dumps(data), "press.json")
    assert [q.number for q in transcript.questions] == [0, 1]
    assert transcript.questions[1].asker.en == "Reuters"
    assert transcript.questions[1].answers[0].speaker.zh == "汪文斌"


def test_malformed_json_is_refused_with_line_and_column(tmp_path, db):
    bad = '{\n  "turns": [\n    {"q_zh": "问题" "q_en": "Q"}\n  ]\n}'
    error = refused(bad, "bad.json", "not valid JSON", "line 3", "column")
    assert error.line == 3
    assert "line 3" in nothing_written(tmp_path, bad, "bad.json")


def test_a_json_array_of_transcripts_is_refused_one_interview_per_file(tmp_path, db):
    one = to_dict(sample_transcript())
    data = json.dumps([one, one], ensure_ascii=False)
    refused(data, "two.json", "list of transcripts (2)", "one interview per file")
    nothing_written(tmp_path, data, "two.json")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"turns": "问题一"}', ["'turns' must be a non-empty list"]),
        ('{"turns": []}', ["'turns' must be a non-empty list"]),
        ('{"turns": [{"q_zh": 5}]}', ["turn 1 'q_zh' is not text"]),
        ('{"turns": [{"q_zh": "问", "answers": {"zh": "答"}}]}', ["'answers' is not a list"]),
        ('{"turns": [{"q_zh": "问", "answers": ["答"]}]}', ["is not an object"]),
        ('{"turns": [{"q_zh": "", "answers": []}]}', ["every turn is empty"]),
        ('{"title_zh": "标题"}', ["no 'turns' list", "title_zh"]),
        ("[1, 2, 3]", ["found a list"]),
        ('"turns"', ["found a string"]),
        ('{"turns": [{"q_zh": "问"}], "date": "15 March"}', ["not YYYY-MM-DD"]),
    ],
)
def test_json_of_the_wrong_shape_is_refused(tmp_path, db, data, words):
    refused(data, "wrong.json", *words)
    nothing_written(tmp_path, data, "wrong.json")


# --- JSON lines -----------------------------------------------------------------------------


def test_jsonl_records_of_each_published_shape_become_turns():
    lines = [
        {"问": "第一个问题?", "答": "第一段。\n\n第二段。", "Q": "First?", "A": "One.\n\nTwo."},
        {"q_zh": "第二个问题?", "a_zh": "回答。", "q_en": "Second?", "a_en": "Answer."},
        {"question_zh": "三?", "answer_zh": "三答。", "question_en": "Three?", "answer_en": "3."},
        {"instruction": "Fourth?", "input": "", "output": "Four."},
        {"question": "第五?", "answer": "五。", "asker": "记者", "speaker": "王毅 / Wang Yi"},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    transcript = parse(text, "corpus.jsonl")
    assert transcript.layout == "jsonl"
    assert "问, 答, Q, A" in transcript.layout_reason
    first = transcript.questions[0]
    assert (first.text_zh, first.text_en) == ("第一个问题?", "First?")
    assert [(a.text_zh, a.text_en) for a in first.answers] == [
        ("第一段。", "One."),
        ("第二段。", "Two."),
    ]
    assert [q.text_en for q in transcript.questions[1:4]] == ["Second?", "Three?", "Fourth?"]
    assert transcript.questions[3].answers[0].text_en == "Four."
    fifth = transcript.questions[4]
    assert fifth.asker.zh == "记者"
    assert fifth.answers[0].speaker.zh == "王毅" and fifth.answers[0].speaker.en == "Wang Yi"


def test_jsonl_answer_paragraphs_of_unequal_counts_are_aligned():
    record = {
        "q_zh": "问?",
        "a_zh": "我们在2019年开始了这个项目,进展顺利。\n"
        "后来我们又加入了新的伙伴,合作范围扩大。\n"
        "到2021年,项目已经覆盖30个国家和地区,成绩显著。",
        "q_en": "Q?",
        "a_en": "We started the project in 2019 and it went well. Later new partners joined "
        "us and the cooperation grew wider.\nBy 2021 the project covered 30 countries and "
        "regions, with notable results.",
    }
    transcript = parse(json.dumps(record, ensure_ascii=False), "one.jsonl")
    answers = transcript.questions[0].answers
    assert len(answers) == 2
    assert "2019" in answers[0].text_zh and "后来" in answers[0].text_zh
    assert "2021" in answers[1].text_zh and answers[1].text_en.startswith("By 2021")


def test_jsonl_records_with_unknown_keys_are_named_in_a_warning():
    lines = [
        '{"问": "问题?", "答": "回答。"}',
        '{"text": "无人认识的键", "label": 1}',
        '{"问": "二?", "答": "二。", "foo": "x"}',
    ]
    transcript = parse("\n".join(lines), "mixed.jsonl")
    messages = [w.message for w in transcript.warnings]
    assert any("line 2" in m and "text, label" in m and "not read" in m for m in messages)
    assert any("'foo'" in m and "line 3" in m for m in messages)
    assert len(transcript.questions) == 2


def test_jsonl_pair_records_with_roles_make_turns():
    lines = [
        {"zh": "你好?", "en": "Hello?", "type": "question"},
        {"zh": "你好。", "en": "Hi.", "type": "answer", "speaker": "王毅"},
        {"translation": {"zh": "再见。", "en": "Bye."}},
    ]
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    transcript = parse(text, "pairs.jsonl")
    [question] = transcript.questions
    assert question.text_en == "Hello?"
    assert [(a.text_en, a.speaker.zh) for a in question.answers] == [
        ("Hi.", "王毅"),
        ("Bye.", "王毅"),
    ]


def test_a_json_array_of_records_is_read_as_records():
    data = json.dumps([{"instruction": "问题?", "output": "回答。"}], ensure_ascii=False)
    transcript = parse(data, "alpaca.json")
    assert transcript.layout == "jsonl"
    assert transcript.questions[0].text_zh == "问题?"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ('{"问": "问题?", "答": "回答。"}\n{"问": "坏\n', ["line 2 is not valid JSON"]),
        ('{"text": "a"}\n{"body": "b"}\n', ["no record has a question or an answer"]),
        ("[1, 2]\n", ["no record has a question or an answer"]),
        ('{"问": "", "答": ""}\n', ["no record has a question or an answer"]),
    ],
)
def test_bad_jsonl_is_refused(tmp_path, db, data, words):
    refused(data, "bad.jsonl", *words)
    nothing_written(tmp_path, data, "bad.jsonl")


# --- CSV and TSV ----------------------------------------------------------------------------


def csv_text(rows, header=("type", "zh", "en"), delimiter=","):
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if header:
        writer.writerow(header)
    for zh, en, role in rows:
        writer.writerow([role, zh, en] if header and "type" in header else [zh, en])
    return out.getvalue()


def test_csv_with_a_type_column_reads_the_sample_turns():
    rows = sample_rows()
    transcript = parse(csv_text(rows), "sample.csv")
    assert transcript.layout == "table"
    assert "type" in transcript.layout_reason
    expected = sample_transcript().questions[:3]
    assert [q.text_zh for q in transcript.questions] == [q.text_zh for q in expected]
    assert [len(q.answers) for q in transcript.questions] == [len(q.answers) for q in expected]


def test_tsv_without_a_header_tells_the_columns_by_language():
    rows = [(en, zh, role) for zh, en, role in sample_rows()]  # English first
    text = "\n".join(f"{zh}\t{en}" for zh, en, _ in rows)  # zh holds English here
    transcript = parse(text, "sample.tsv")
    assert transcript.layout == "table"
    expected = sample_transcript().questions[:3]
    assert [q.text_zh for q in transcript.questions] == [q.text_zh for q in expected]
    assert transcript.questions[0].text_en.startswith("Q") is False


def test_csv_speaker_column_marks_the_host_as_the_asker():
    text = (
        "说话人,中文,English\n主持人,你怎么看?,What do you think?\n"
        "王毅,我认为很好。,I think it is good.\n,还有一点。,One more thing.\n"
    )
    transcript = parse(text, "talk.csv")
    [question] = transcript.questions
    assert question.asker.zh == "主持人"
    assert [a.speaker.zh for a in question.answers] == ["王毅", "王毅"]


def test_semicolon_csv_is_sniffed():
    text = "zh;en\n问:你好吗?;Q: How are you?\n答:很好。;A: Fine.\n"
    transcript = parse(text, "semi.csv")
    assert transcript.questions[0].asker.zh == "问"
    assert transcript.questions[0].answers[0].text_en == "Fine."


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ("zh,en\n", ["no rows after its header"]),
        ("中文\n问题一\n回答\n", ["only one column"]),
        ("甲,乙\n中文,中文\n更多,中文\n", ["could not tell which column is Chinese"]),
        ('zh,en\n"unclosed,x\n', ["CSV:", "check the quotes"]),
    ],
)
def test_bad_tables_are_refused(tmp_path, db, data, words):
    refused(data, "bad.csv", *words)
    nothing_written(tmp_path, data, "bad.csv")


def test_an_empty_csv_is_refused(tmp_path, db):
    refused(b"", "empty.csv", "empty file")
    nothing_written(tmp_path, b"", "empty.csv")


# --- TMX ------------------------------------------------------------------------------------


def tmx(units, languages=("zh-CN", "en-US")):
    body = []
    for zh, en, extra in units:
        segs = "".join(
            f'<tuv xml:lang="{code}"><seg>{text}</seg></tuv>'
            for code, text in zip(languages, (zh, en), strict=True)
            if text
        )
        body.append(f"<tu>{extra}{segs}</tu>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
        'adminlang="en" segtype="paragraph" datatype="plaintext" o-tmf="x" creationtool="t" '
        f'creationtoolversion="1"/><body>\n{chr(10).join(body)}\n</body></tmx>'
    )


def test_tmx_question_marks_and_props_start_turns():
    units = [
        ("开场白。", "Opening remarks.", ""),
        ("第一个问题?", "First question?", ""),
        ("回答。", "An answer.", ""),
        ("第二个问题", "Second question", '<prop type="x-type">question</prop>'),
        ("回答二。", "Answer two.", ""),
        ("第三个问题", "Third question", "<note>question from the floor</note>"),
        ("回答三。", "Answer three.", ""),
    ]
    transcript = parse(tmx(units), "memory.tmx")
    assert transcript.layout == "tmx"
    assert [q.number for q in transcript.questions] == [0, 1, 2, 3]
    assert transcript.questions[0].answers[0].text_en == "Opening remarks."
    assert [q.text_en for q in transcript.questions[1:]] == [
        "First question?",
        "Second question",
        "Third question",
    ]
    assert transcript.questions[1].answers[0].line_zh == 5  # the third <tu>


@pytest.mark.parametrize("code", ["zh", "zh-Hans", "zh-Hant", "zh-TW", "ZH-cn"])
def test_tmx_reads_every_chinese_language_code(code):
    transcript = parse(
        tmx([("问题?", "Question?", ""), ("答。", "Answer.", "")], (code, "en")), "m.tmx"
    )
    assert transcript.questions[0].text_zh == "问题?"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (tmx([("", "Question?", ""), ("", "Answer.", "")]), ["no Chinese segments", "en-US"]),
        (tmx([("问题?", "Q?", "")], ("fr", "en")), ["no Chinese segments", "fr"]),
        ('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu>', ["not well-formed XML"]),
        ('<tmx version="1.4"><header/><body></body></tmx>', ["no translation units"]),
        ("<root>not tmx</root>", ["not a TMX document"]),
    ],
)
def test_bad_tmx_is_refused(tmp_path, db, data, words):
    refused(data, "bad.tmx", *words)
    nothing_written(tmp_path, data, "bad.tmx")


def test_tmx_entities_are_not_expanded():
    data = (
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>问?&x;</seg></tuv>'
        '<tuv xml:lang="en"><seg>Q?</seg></tuv></tu><tu><tuv xml:lang="zh"><seg>答。</seg>'
        "</tuv></tu></body></tmx>"
    )
    try:
        transcript = parse(data, "xxe.tmx")
    except TranscriptError:
        return
    assert "root:" not in transcript.questions[0].text_zh


# --- Size -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["big.json", "big.jsonl", "big.csv", "big.tmx", "big.docx", "big.html"]
)
def test_files_over_five_megabytes_are_refused_before_parsing(tmp_path, db, name):
    path = tmp_path / name
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(TranscriptError, match="larger than 5 MB"):
        read_transcript(path)
    assert "5 MB" in nothing_written(tmp_path, b"a" * (MAX_BYTES + 1), name)


# --- DOCX -----------------------------------------------------------------------------------


def docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_table_reads_as_rows():
    def build(document):
        document.add_heading("联合国工发组织总干事接受人民日报专访", level=1)
        table = document.add_table(rows=0, cols=2)
        previous = None
        for zh, en, role in sample_rows():
            cells = table.add_row().cells
            label = {"question": ("问:", "Q: "), "answer": ("答:", "A: ")}[role]
            first = role == "question" or previous == "question"
            cells[0].text = label[0] + zh if first else zh
            cells[1].text = label[1] + en if first else en
            previous = role

    text, transcript = parse_bytes(docx_bytes(build), source="sample.docx")
    assert transcript.layout == "docx"
    assert transcript.title_zh == "联合国工发组织总干事接受人民日报专访"
    expected = sample_transcript().questions[:3]
    assert [q.text_zh for q in transcript.questions] == [q.text_zh for q in expected]
    assert [len(q.answers) for q in transcript.questions] == [len(q.answers) for q in expected]
    assert transcript.questions[0].asker.zh == "问"
    assert expected[0].answers[0].text_en in text  # the extracted text is kept as the original


def test_docx_paragraphs_with_bold_labels_go_to_the_text_readers():
    def build(document):
        for paragraph in SAMPLE.split("\n\n"):
            paragraph = paragraph.strip()
            if not paragraph:
                continue
            para = document.add_paragraph()
            if paragraph.startswith(("问题", "Q")) and ":" in paragraph[:8]:
                label, rest = paragraph.split(":", 1)
                para.add_run(label + ":").bold = True
                para.add_run(rest)
            else:
                para.add_run(paragraph)

    text, transcript = parse_bytes(docx_bytes(build), source="sample.docx")
    assert transcript.layout == "docx"
    assert "read as numbered" in transcript.layout_reason
    assert [len(q.answers) for q in transcript.questions] == [2, 4, 2, 3, 3, 4]
    assert text.startswith("联合国工发组织总干事接受人民日报专访")
    assert "问题一:值此联合国成立七十五周年之际" in text


def test_corrupt_docx_is_refused(tmp_path, db):
    good = docx_bytes(lambda document: document.add_paragraph("问题一:你好?"))
    corrupt = good[: len(good) // 2]
    refused(corrupt, "broken.docx", "DOCX", "corrupt")
    nothing_written(tmp_path, corrupt, "broken.docx")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"just text, named .docx", ["DOCX", "not a valid ZIP"]),
        ("zip-without-document", ["no word/document.xml"]),
        ("empty-document", ["DOCX: the document has no text"]),
    ],
)
def test_docx_that_is_not_a_word_document_is_refused(tmp_path, db, data, words):
    if data == "zip-without-document":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("content.xml", "<x/>")
        data = out.getvalue()
    elif data == "empty-document":
        data = docx_bytes(lambda document: None)
    refused(data, "not-word.docx", *words)
    nothing_written(tmp_path, data, "not-word.docx")


# --- HTML -----------------------------------------------------------------------------------

NAV_WORDS = ["网站首页", "新闻资讯", "分享到微信", "隐藏的文字", "var tracker", "Copyright 2020"]


def sample_page(body_wrapper=("", "")) -> str:
    paragraphs = "\n".join(
        f"<p>{paragraph.strip()}</p>" for paragraph in SAMPLE.split("【关闭窗口】")[0].split("\n\n")
        if paragraph.strip()
    )  # fmt: skip
    return (
        "<!DOCTYPE html>\n<html><head><title>专访 - 工发组织</title>\n"
        "<script>var tracker = 1;</script><style>p {color: red}</style></head>\n<body>\n"
        f"{body_wrapper[0]}"
        '<header><a href="/">网站首页</a></header>\n'
        '<nav><a href="/news">新闻资讯</a></nav>\n'
        '<div class="bdsharebuttonbox"><a title="分享到微信">分享到微信</a></div>\n'
        '<div style="display: none">隐藏的文字</div>\n'
        f"<article>\n{paragraphs}\n</article>\n"
        "<footer><p>Copyright 2020 工发组织</p></footer>\n"
        f"{body_wrapper[1]}"
        "</body></html>\n"
    )


def test_html_page_drops_its_furniture_and_reads_the_text():
    page = sample_page()
    text, transcript = parse_bytes(page.encode(), source="page.html")
    assert text == page  # the page itself is kept as the original
    assert transcript.layout == "html"
    assert "read as numbered" in transcript.layout_reason
    assert [len(q.answers) for q in transcript.questions] == [2, 4, 2, 3, 3, 4]
    rules = {line.rule for line in transcript.dropped}
    assert {"HTML <nav>", "HTML <header>", "HTML <footer>", "HTML share widget"} <= rules
    assert "HTML hidden element" in rules
    stored = json.dumps(to_dict(transcript)["turns"], ensure_ascii=False)
    for word in NAV_WORDS:
        assert word not in stored
    dropped = " ".join(line.text for line in transcript.dropped)
    assert "网站首页" in dropped and "var tracker" not in dropped
    first = transcript.questions[0]
    line = next(n for n, row in enumerate(page.split("\n"), 1) if first.text_zh[:10] in row)
    assert first.line_zh == line  # line numbers are the HTML file's


def test_a_page_wrapped_in_one_form_is_still_read():
    page = sample_page(('<form id="form1" action="x.aspx">', "</form>"))
    transcript = parse(page, "webforms.htm")
    assert [len(q.answers) for q in transcript.questions] == [2, 4, 2, 3, 3, 4]


@pytest.mark.parametrize(
    ("page", "words"),
    [
        (
            "<!doctype html><html><body><nav>首页</nav><p>今天天气很好。</p>"
            "<p>The weather is fine today.</p></body></html>",
            ["HTML: the page's text has no dialogue", "layouts tried"],
        ),
        (
            "<html><head><script>var x = 1;</script></head><body><nav>首页</nav></body></html>",
            ["HTML: no text left"],
        ),
    ],
)
def test_html_without_dialogue_is_refused(tmp_path, db, page, words):
    refused(page, "page.html", *words)
    nothing_written(tmp_path, page, "page.html")
