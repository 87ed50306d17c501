"""What a transcript says about itself: its title without the site's tags, the page chrome above
the title, and the interview's date from the page's byline or from the introduction."""

import datetime as dt

import pytest

from archive.transcripts import Interviewee, parse_transcript
from archive.transcripts.header import ABOVE_THE_TITLE, clean_title

DIALOGUE = """问:中方对此有何评论?

Q: What is China's comment?

答:我们欢迎各方合作。

A: We welcome cooperation from all sides.
"""


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("【口译交传】外交部长王毅答中外记者问(2)", "外交部长王毅答中外记者问(2)"),
        ("双语:国新办举行吹风会", "国新办举行吹风会"),
        ("外交双语|外交部例行记者会(2018.03.23)", "外交部例行记者会(2018.03.23)"),
        ("中英对照:2020年2月24日例行记者会", "2020年2月24日例行记者会"),
        ("转自:外交部发言人办公室2024年7月19日例行记者会", "2024年7月19日例行记者会"),
        ("独家专访:中国第一夫人(双语)(在线收听", "独家专访:中国第一夫人"),
        ("他抛出的问题,你能答得上来吗?|大学组", "他抛出的问题,你能答得上来吗?"),
        ("人民日报专访:对话与合作", "人民日报专访:对话与合作"),
        ("大使接受《先驱报》记者专访(中英对照)", "大使接受《先驱报》记者专访"),
        ("【双语】", "【双语】"),
    ],
)
def test_site_tags_around_a_title_are_not_part_of_it(line, title):
    assert clean_title(line) == title


def test_short_lines_above_the_title_are_dropped_as_chrome():
    text = "联系我们\n\n其他\n\n驻英大使接受专访:合作是唯一出路\n\n" + DIALOGUE
    transcript = parse_transcript(text)
    assert transcript.title_zh == "驻英大使接受专访:合作是唯一出路"
    dropped = [(d.text, d.rule) for d in transcript.dropped]
    assert ("联系我们", ABOVE_THE_TITLE) in dropped and ("其他", ABOVE_THE_TITLE) in dropped


def test_a_sites_blurb_above_a_title_naming_the_interview_is_dropped():
    blurb = "喜欢口译的同学,大多抱有一个外交官的理想。下面是小编整理的资料,希望大家提升英语!"
    transcript = parse_transcript(f"{blurb}\n\n大使接受专访\n\n{DIALOGUE}")
    assert transcript.title_zh == "大使接受专访"
    assert blurb in [d.text for d in transcript.dropped]
    assert blurb not in transcript.intro_zh


def test_a_sentence_is_an_introduction_not_a_title():
    intro = "日前,王大使接受新西兰电视台专访。采访实录全文如下:"
    transcript = parse_transcript(f"{intro}\n\n{DIALOGUE}")
    assert transcript.title_zh == ""
    assert intro in transcript.intro_zh


def test_the_date_of_a_dropped_byline_dates_the_page():
    transcript = parse_transcript(
        f"大使接受专访\n\n双语君 中国日报双语新闻 2020-08-31\n\n{DIALOGUE}"
    )
    assert transcript.date == dt.date(2020, 8, 31)
    assert "双语君 中国日报双语新闻 2020-08-31" in [d.text for d in transcript.dropped]


def test_the_day_the_introduction_names_dates_the_interview_with_a_warning():
    text = (
        "大使接受专访\n\n发布日期:2020-08-31\n\n"
        "4月28日,驻英国大使接受英国广播公司专访,阐明立场。\n\n" + DIALOGUE
    )
    transcript = parse_transcript(text)
    assert transcript.date == dt.date(2020, 4, 28)
    assert any(
        "introduction dates the interview 2020-04-28" in w.message for w in transcript.warnings
    )


def test_a_range_of_days_in_the_introduction_leaves_the_page_date():
    text = (
        "演讲比赛专访\n\n发布日期:2020-10-06\n\n"
        "10月5日至6日,全国大学生英语演讲比赛半决赛举行。\n\n" + DIALOGUE
    )
    assert parse_transcript(text).date == dt.date(2020, 10, 6)


def test_a_press_conferences_host_is_its_interviewee():
    text = (
        "2019年3月25日外交部发言人耿爽主持例行记者会\n"
        "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on March 25, 2019\n\n"
        + DIALOGUE
    )
    transcript = parse_transcript(text)
    assert transcript.interviewees == [Interviewee("耿爽", "Geng Shuang", "发言人", "外交部")]
