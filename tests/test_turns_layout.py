"""The speaker-turns reader, its labels, glosses and page-chrome rules, and loading speakers."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from archive.importing import import_text
from archive.models import Organization
from archive.transcripts import Speaker, TranscriptError, parse_transcript
from archive.transcripts.chrome import chrome_rule
from archive.transcripts.glosses import strip_glosses
from archive.transcripts.labels import role_of, split_label

PRESS = """2019年8月23日外交部发言人耿爽主持例行记者会
Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on August 23, 2019
分享到
阅读: 5.02K 次

应国务委员兼外交部长王毅邀请,伊朗外长扎里夫将于8月25日至27日访华。

At the invitation of Wang Yi, Foreign Minister Zarif of Iran will visit from August 25 to 27.

路透社记者:中方对此访有何期待?

Reuters: What does China expect from the visit?

耿爽:中方愿同伊方加强沟通。

Geng Shuang: China is ready to strengthen communication with Iran.

这是我们的一贯立场。

This is our consistent position.

问:你能否介绍2019年篮球世界杯的安排?

Q: Could you tell us about the 2019 FIBA World Cup?

答:开幕式将于8月31日举行。

A: The opening ceremony will take place on August 31.
"""


@pytest.mark.parametrize(
    ("line", "label", "rest"),
    [
        ("问:你能否介绍?", "问", "你能否介绍?"),
        ("Q: Could you?", "Q", "Could you?"),
        ("路透社记者：中方如何评价？", "路透社记者", "中方如何评价？"),
        ("Wang Yi: Good morning.", "Wang Yi", "Good morning."),
        (
            "[中华人民共和国外交部部长 王毅] 大家上午好。",
            "中华人民共和国外交部部长 王毅",
            "大家上午好。",
        ),
        ("【记者】", "记者", ""),
        ("《中国日报》记者:取得了哪些进展?", "《中国日报》记者", "取得了哪些进展?"),
        (
            "At the beginning of the press conference, Premier Li Keqiang said: Friends.",
            "Premier Li Keqiang",
            "Friends.",
        ),
    ],
)
def test_speaker_labels_are_split_from_their_text(line, label, rest):
    found = split_label(line)
    assert (found.label, found.rest) == (label, rest)


@pytest.mark.parametrize(
    "line",
    [
        "发布日期:2020-10-15",
        "来源:外交部",
        "https://www.fmprc.gov.cn/",
        "他说:我们要合作。",
        "问题一:疫情如何改变?",
        "10:30 开始",
        "Note: the transcript was edited.",
        "As he put it, cooperation matters: a lot.",
        "In 2019, he said: we will cooperate.",
        "At the meeting, the minister said: we agree.",
    ],
)
def test_header_fields_prose_and_numbered_questions_are_not_speakers(line):
    assert split_label(line) is None


@pytest.mark.parametrize(
    ("label", "role"),
    [
        *[
            ("问", "ask"),
            ("Q", "ask"),
            ("路透社记者", "ask"),
            ("Reuters", "ask"),
            ("主持人", "ask"),
        ],
        *[("答", "answer"), ("A", "answer"), ("王毅", None)],
    ],
)
def test_labels_that_say_who_asks_and_who_answers(label, role):
    assert role_of(label) == role


def test_a_press_conference_becomes_an_opening_statement_and_questions_with_speakers():
    transcript = parse_transcript(PRESS)
    assert transcript.layout == "turns"
    assert transcript.title_en.startswith("Foreign Ministry Spokesperson")
    opening, first, second = transcript.questions
    assert (opening.number, opening.text_zh, opening.text_en) == (0, "", "")
    assert opening.answers[0].text_en.startswith("At the invitation")
    assert (first.number, first.asker.zh, first.asker.en) == (1, "路透社记者", "Reuters")
    assert first.text_en == "What does China expect from the visit?"
    assert [(a.speaker.zh, a.speaker.en) for a in first.answers] == [("耿爽", "Geng Shuang")] * 2
    assert first.answers[1].text_zh == "这是我们的一贯立场。"
    assert (second.asker.zh, second.answers[0].speaker.en) == ("问", "A")
    assert [d.rule for d in transcript.dropped] == ["share buttons", "view counter"]


def test_english_first_without_blank_lines_pairs_each_line_with_its_translation():
    text = "\n".join(
        [
            "Host: Welcome to the programme, Ambassador.",
            "主持人:大使先生,欢迎来到节目。",
            "Ambassador: Thank you for having me.",
            "大使:谢谢邀请。",
            "Host: What is your view on trade?",
            "主持人:您如何看待贸易?",
            "Ambassador: Trade benefits both sides.",
            "大使:贸易对双方都有利。",
        ]
    )
    transcript = parse_transcript(text)
    assert [(q.text_zh, q.text_en) for q in transcript.questions] == [
        ("大使先生,欢迎来到节目。", "Welcome to the programme, Ambassador."),
        ("您如何看待贸易?", "What is your view on trade?"),
    ]
    assert transcript.questions[1].answers[0].text_zh == "贸易对双方都有利。"


def test_pinyin_glosses_are_stripped_and_reported_but_real_brackets_stay():
    text, removed = strip_glosses("外交部發(fā)言人說(shuō),美國(USA)和假新聞(假新聞)")
    assert text == "外交部發言人說,美國(USA)和假新聞(假新聞)"
    assert [g.text for g in removed] == ["(fā)", "(shuō)"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("分享到", "share buttons"),
        ("阅读: 5.02K 次", "view counter"),
        ("责任编辑:王小明", "page credits"),
        ("当前位置: 首页 > 新闻", "navigation"),
        ("您的浏览器不支持video标签", "video player"),
        ("查看原文", "link to the original"),
        ("W020200301.jpg", "image file name"),
        ("国新办 2022-03-10 977次", "byline with a timestamp or a view count"),
        ("中国日报网 2021-07-01 09:30", "byline with a timestamp or a view count"),
    ],
)
def test_page_chrome_is_named_by_its_rule(line, rule):
    assert chrome_rule(line) == rule


@pytest.mark.parametrize(
    "line",
    [
        "Thank you for the interview.",
        "They were viewed 5 times.",
        "分享经验是很重要的,我们愿意同各国分享发展机遇。",
        "Next, we will share our plans with partners around the world.",
        "2022-03-10",
        "2022年3月10日",
    ],
)
def test_dialogue_is_not_mistaken_for_chrome(line):
    assert chrome_rule(line) is None


BRIEFING = """国务院新闻办公室举行吹风会

国务院新闻办新闻局副局长、新闻发言人寿小丽:

Shou Xiaoli:

女士们、先生们,欢迎大家出席吹风会。

Ladies and gentlemen, welcome to this briefing.

下面,首先请向东先生作介绍。

First, we will give the floor to Mr. Xiang.

国务院研究室副主任向东:

Xiang Dong:

各位记者朋友,大家好!

Friends from the media, good afternoon.
"""


def test_labels_on_lines_of_their_own_label_each_language_and_no_one_asks_unasked():
    """寿小丽: / Shou Xiaoli: stand above both paragraphs; handing over the floor is no
    question, so everything before the first question is the opening statement."""
    transcript = parse_transcript(BRIEFING)
    assert [q.number for q in transcript.questions] == [0]
    answers = transcript.questions[0].answers
    assert [(a.speaker.zh, a.speaker.en) for a in answers] == [
        ("国务院新闻办新闻局副局长、新闻发言人寿小丽", "Shou Xiaoli"),
        ("国务院新闻办新闻局副局长、新闻发言人寿小丽", "Shou Xiaoli"),
        ("国务院研究室副主任向东", "Xiang Dong"),
    ]
    assert answers[0].text_zh == "女士们、先生们,欢迎大家出席吹风会。"
    assert answers[0].text_en == "Ladies and gentlemen, welcome to this briefing."
    assert not any("寿小丽" in a.text_zh for a in answers)


def test_a_file_no_layout_fits_is_refused_naming_the_layouts_tried():
    with pytest.raises(TranscriptError) as excinfo:
        parse_transcript("一段没有问题的文字。\n\nSome text without any questions.")
    message = str(excinfo.value)
    assert "numbered:" in message and "turns:" in message
    assert "speaker label" in message


def test_forcing_a_layout_that_does_not_fit_is_refused_with_its_reason():
    with pytest.raises(TranscriptError):
        parse_transcript(PRESS, layout="numbered")


@pytest.mark.django_db
def test_speakers_and_the_opening_statement_are_stored_and_outlets_linked():
    reuters = Organization.objects.create(name_zh="路透社", name_en="Reuters", slug="reuters")
    result = import_text(PRESS, source="press.txt")
    interview = result.interview
    assert interview.layout == "turns"
    opening, first, _ = interview.questions.order_by("number")
    assert opening.is_opening and str(opening) == "Opening statement"
    assert (first.asker_zh, first.asker_en, first.asker_organization) == (
        "路透社记者",
        "Reuters",
        reuters,
    )
    answer = first.answers.get(position=1)
    assert (answer.speaker_zh, answer.speaker_en) == ("耿爽", "Geng Shuang")
    assert 0 < answer.confidence <= 1


@pytest.mark.django_db
def test_dry_run_json_prints_the_archive_format_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "press.txt"
    path.write_text(PRESS, encoding="utf-8")
    call_command("import_transcripts", str(path), dry_run=True, as_json=True)
    data = json.loads(capsys.readouterr().out)
    assert data["layout"] == "turns" and data["file"] == str(path)
    assert data["turns"][1]["asker"] == {"zh": "路透社记者", "en": "Reuters"}
    assert set(data["turns"][1]["answers"][0]) == {"speaker", "zh", "en", "confidence"}
    assert {d["rule"] for d in data["dropped"]} == {"share buttons", "view counter"}
    from archive.models import Interview

    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_the_reading_page_shows_the_opening_statement_and_who_speaks(client):
    from bs4 import BeautifulSoup

    interview = import_text(PRESS, source="press.txt", publish=True).interview
    page = BeautifulSoup(client.get(interview.get_absolute_url()).content, "html.parser")
    opening = page.select_one("#q0")
    assert opening.select_one("h2").get_text(strip=True) == "Opening statement"
    assert opening.select_one("#q0-a1 .side.en").get_text(strip=True).startswith("At the")
    asker = page.select_one("#q1 .asker")
    assert [(s["lang"], s.get_text()) for s in asker.select("span")] == [
        ("zh-Hans", "路透社记者"),
        ("en", "Reuters"),
    ]
    speakers = [p.get_text(" ", strip=True) for p in page.select("#q1 .speaker:not(.asker)")]
    assert speakers == ["耿爽 / Geng Shuang"]  # said once, not before each paragraph


def test_table_rows_and_lines_holding_both_languages_are_split():
    text = "\n".join(
        [
            "1  奥地利记者: 中国奉行什么政策? | Austrian TV: What policy does China follow? |",
            "李克强: 和平外交政策。 | Li Keqiang: China follows a foreign policy of peace. |",
            "路透社记者:中方如何评价? Reuters: How does China see it?",
            "李克强:我们持开放态度。",
            "Li Keqiang: We are open.",
        ]
    )
    first, second = parse_transcript(text).questions
    assert (first.asker.zh, first.asker.en) == ("奥地利记者", "Austrian TV")
    assert first.answers[0].text_en == "China follows a foreign policy of peace."
    assert (second.text_zh, second.text_en) == ("中方如何评价?", "How does China see it?")


def test_a_page_whose_line_breaks_were_lost_is_split_where_the_language_changes():
    chinese = (
        "应俄罗斯联邦政府邀请,国务院副总理丁薛祥将于7月21日至23日赴俄举行中俄投资合作委员会会议。"
    )
    english = (
        "At the invitation of the Russian government, Vice Premier Ding Xuexiang will visit Russia."
    )
    question = "总台央视记者:近期,中方发布了上半年经济数据。发言人对此有何评论?"
    answer_en = "CCTV: China released the economic figures. What is your comment?"
    text = (
        "2024年7月19日外交部发言人林剑主持例行记者会Foreign Ministry Spokesperson Lin Jian's "
        f"Regular Press Conference on July 19, 2024{chinese}{english}{question}{answer_en}"
    )
    transcript = parse_transcript(text)
    opening, first = transcript.questions
    assert (opening.answers[0].text_zh, opening.answers[0].text_en) == (chinese, english)
    assert first.asker == Speaker("总台央视记者", "CCTV")
    assert transcript.date.isoformat() == "2024-07-19"


def test_a_site_menu_is_dropped_but_a_title_set_over_lines_is_kept():
    menu = ["Ambassador", "Message", "Biography", "Events", "Remarks", "Video & Audio"]
    text = "\n".join(
        [
            "2020年3月24日外交部发言人耿爽",
            "主持例行记者会",
            *menu,
            "问:你能否介绍会议的情况?",
            "Q: Could you tell us about the meeting?",
            "答:会议取得了良好效果。",
            "A: The meeting went well.",
        ]
    )
    transcript = parse_transcript(text)
    assert transcript.title_zh == "2020年3月24日外交部发言人耿爽主持例行记者会"
    assert [(d.text, d.rule) for d in transcript.dropped] == [(item, "menu") for item in menu]


def test_a_name_said_once_or_without_a_colon_is_a_speaker_once_the_file_labels_turns():
    text = "\n".join(
        [
            "主持人: 刘晓明大使,欢迎来到节目。",
            "刘大使: 谢谢!很高兴再次见到你。",
            "主持人: 你是否同意病毒源自中国?",
            "刘大使 病毒最早发现于武汉并不等于起源于武汉。",
            "Sackur: Ambassador, welcome to the programme.",
            "Ambassador: Thank you. Good to be with you again.",
            "Sackur: Do you accept that the virus has its origins in China?",
            "Ambassador: It was first discovered in Wuhan, but that is not its origin.",
        ]
    )
    first, second = parse_transcript(text).questions
    assert first.answers[0].speaker == Speaker("刘大使", "Ambassador")
    assert second.answers[0].text_zh == "病毒最早发现于武汉并不等于起源于武汉。"


def test_a_numbered_question_written_in_both_languages_gives_each_side_its_question():
    text = "\n".join(
        [
            "独家专访:中国第一夫人",
            "",
            "Q1. Tell us about that interview?",
            "跟我们分享下那次采访?",
            "Q2. Is she the answer?",
            "她是答案吗?",
        ]
    )
    transcript = parse_transcript(text)
    assert transcript.layout == "numbered"
    assert [(q.text_zh, q.text_en) for q in transcript.questions] == [
        ("跟我们分享下那次采访?", "Tell us about that interview?"),
        ("她是答案吗?", "Is she the answer?"),
    ]


def test_without_role_labels_the_speaker_who_asks_more_is_the_interviewer():
    text = "\n".join(
        [
            "扎卡里亚:我想先问一个宏观的问题。您怎么看?",
            "崔大使:我认为大家要有全面的认知。",
            "扎卡里亚:最后一个问题,您乐观吗?",
            "崔大使:我始终保持乐观。",
            "Zakaria: Let me ask you a broad question first. How do you see it?",
            "Ambassador Cui: I think people have to fully recognize the realities.",
            "Zakaria: Last question, are you optimistic?",
            "Ambassador Cui: I always remain optimistic.",
        ]
    )
    questions = parse_transcript(text).questions
    assert [q.asker for q in questions] == [Speaker("扎卡里亚", "Zakaria")] * 2
    assert questions[1].answers[0].text_en == "I always remain optimistic."


def test_sides_that_do_not_follow_each_other_are_not_paired_and_the_curator_is_told():
    long_zh = "这是一段很长的中文回答,讲述了合作的历史、现状和未来的计划,以及各方的期待和承诺。" * 3
    lines = []
    for n in range(5):
        lines += [f"问:第{n + 1}个问题是什么?", f"Q: Question {n + 1}?"]
        lines += [f"答:{long_zh}", "A: Yes."]
    transcript = parse_transcript("\n".join(lines))
    assert "do not follow each other" in transcript.warnings[0].message
    rows = [a for q in transcript.questions for a in q.answers]
    assert len(rows) == 5 and all(a.text_zh and not a.text_en for a in rows)


def test_the_date_in_the_title_wins_over_the_pages_date_line_and_the_curator_is_told():
    text = PRESS.replace(
        "分享到\n", "发布时间:2020年01月15日\n分享到\n"
    )  # a study site reposted it months later
    transcript = parse_transcript(text)
    assert transcript.date.isoformat() == "2019-08-23"
    assert any("2020-01-15" in w.message for w in transcript.warnings)
