"""What a transcript says about itself: title, date, source, introduction, script, and who was
interviewed by whom (inferred from phrases such as 总干事李勇接受人民日报专访)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..text import fold_width, looks_english
from .chrome import BYLINE
from .data import DroppedLine, Interviewee, ParseWarning, Transcript
from .paragraphs import Paragraph

_DATE_LABELS = "发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|日期|时间|時間"
_LABEL = re.compile(rf"(?P<date>{_DATE_LABELS})\s*(?::|(?=\d))|(?P<source>来源|來源)\s*:")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MAX_META_LINE = 120  # longer lines are intro prose that merely mentions "时间:"


@dataclass
class Header:
    title_zh: str = ""
    title_en: str = ""
    date: dt.date | None = None
    source_zh: str = ""
    intro_zh: list[str] = field(default_factory=list)
    intro_en: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)  # short lines above the title

    def transcript(self, questions, warnings, dropped) -> Transcript:
        """The transcript these header fields open, with a reader's questions and findings."""
        return Transcript(
            title_zh=self.title_zh,
            title_en=self.title_en,
            date=self.date,
            source_zh=self.source_zh,
            intro_zh="\n\n".join(self.intro_zh),
            intro_en="\n\n".join(self.intro_en),
            questions=questions,
            warnings=self.warnings + warnings,
            dropped=sorted([*dropped, *self.dropped], key=lambda d: d.line or 0),
        )


def read_header(preamble: list[Paragraph]) -> Header:
    """Title, date and source from the lines before the first question; the rest is intro.

    The title is the first line that can be one. Short lines above it (a site's name, 联系我们,
    a section such as 其他) are page chrome, dropped by the rule "above the title".
    """
    header = Header()
    title_at = _title_paragraph(preamble)
    for paragraph in preamble[:title_at]:
        header.dropped.append(DroppedLine(paragraph.line, paragraph.text, ABOVE_THE_TITLE))
    for index, paragraph in enumerate(preamble[title_at:], start=title_at):
        body = []
        for offset, line in enumerate(paragraph.text.split("\n")):
            before = _read_meta(line, paragraph.line + offset, header)
            if index == title_at and could_be_title(before) and _is_title(header, before):
                _set_title(header, before)
            elif before == line:
                body.append(line)
        if body:
            intro = header.intro_en if looks_english("".join(body)) else header.intro_zh
            intro.append("\n".join(body))
    return header


ABOVE_THE_TITLE = "above the title"
_SHORT_LINE = 12  # characters: 联系我们, 其他, 电话/微信号:, a telephone number
_LOOK_FOR_TITLE = 6  # paragraphs
# Sentences end prose, not titles (a title may ask or exclaim: …中国不是病毒制造者!).
_SENTENCE_END = re.compile(r"[。．]\s*$|(?<![A-Z])\.\s*$")
# Site tags around a title: 【口译交传】…, 双语:…, 外交双语|…, 中英对照:…, 转自:外交部发言人办公室
# 2024年…; …(双语)(在线收听, …|大学组
_TITLE_PREFIX = re.compile(
    r"^\s*(?:【[^】]{1,12}】"
    r"|[^:：|｜\s]{0,4}(?:双语|雙語|对照|對照)[^:：|｜\s]{0,2}\s*[:：|｜]"
    r"|(?:转自|轉自|转载|轉載)\s*[:：]\s*(?:[^\d\s]{1,20}?(?=\d{4}\s*年))?)\s*"
)
_TITLE_SUFFIX = re.compile(
    r"\s*(?:[(（](?:中英)?(?:双语|雙語|对照|對照)[^)）]{0,6}[)）].*|[|｜]\s*[^|｜]{1,6})$"
)


def clean_title(line: str) -> str:
    """A title without the site's tags around it; the words of the title itself stay."""
    line = line.strip()
    while (match := _TITLE_PREFIX.match(line)) and match.end() < len(line):
        line = line[match.end() :]
    return _TITLE_SUFFIX.sub("", line) or line


def _title_paragraph(preamble: list[Paragraph]) -> int:
    """Index of the paragraph that opens with the title: one naming an interview or a press
    conference (above it, a site's blurb), else the first that can be a title after nothing
    but short lines; 0 when a longer line comes first (it is then no title, but the intro)."""
    for index, paragraph in enumerate(preamble[:_LOOK_FOR_TITLE]):
        first = _read_meta(paragraph.text.split("\n")[0], paragraph.line, Header())
        if could_be_title(first) and _names_an_event(first):
            return index
    for index, paragraph in enumerate(preamble[:_LOOK_FOR_TITLE]):
        lines = paragraph.text.split("\n")
        if could_be_title(_read_meta(lines[0], paragraph.line, Header())):
            return index
        if any(len(line.strip()) > _SHORT_LINE for line in lines):
            return 0
    return 0


def could_be_title(line: str) -> bool:
    """Whether a line can be a title: not too short or long, and not a sentence."""
    line = line.strip()
    if looks_english(line):
        return len(line.split()) >= 2 and len(line) <= 200 and not _SENTENCE_END.search(line)
    if "。" in line or line.endswith((":", "：")):
        return False  # sentences, or the lead-in of what follows (采访实录全文如下:)
    if _SENTENCE_END.search(line):
        return False
    # A short line is a title only when it names the event (专访); else it is a menu item.
    return _SHORT_LINE < len(line) <= 100 or (
        4 <= len(line) <= _SHORT_LINE and _names_an_event(line)
    )


_EVENT = re.compile(
    r"专访|專訪|采访|採訪|访谈|訪談|对话|對話|记者会|記者會|发布会|發布會|發佈會|吹风会|吹風會"
    r"|答.{0,6}[问問]|\binterview|\bpress conference|\bbriefing",
    re.I,
)


def _names_an_event(line: str) -> bool:
    return bool(_EVENT.search(line))


def _is_title(header: Header, line: str) -> bool:
    if not header.title_zh and not header.title_en:
        return True
    # A short English line right under the Chinese title is its translation.
    return (
        bool(header.title_zh) and not header.title_en and len(line) <= 150 and looks_english(line)
    )


def _set_title(header: Header, line: str) -> None:
    if looks_english(line):
        header.title_en = line
    else:
        header.title_zh = clean_title(line)


def _read_meta(line: str, line_number: int, header: Header) -> str:
    """Take 发布日期/来源 values from a line into header; return the text before the labels."""
    folded = fold_width(line)
    labels = list(_LABEL.finditer(folded)) if len(line) <= _MAX_META_LINE else []
    for position, label in enumerate(labels):
        end = labels[position + 1].start() if position + 1 < len(labels) else len(line)
        value = line[label.end() : end].strip()
        if label["source"]:
            # Sites append 【字体:大 中 小】【打印】 to the same line.
            header.source_zh = header.source_zh or value.split("【")[0].strip()
        elif header.date is None:
            header.date = parse_date(folded[label.end() : end])
            if header.date is None:
                message = f"date not understood: {value!r}"
                header.warnings.append(ParseWarning(message, line=line_number))
    return line[: labels[0].start()].strip() if labels else line


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_EN_DATE = re.compile(
    r"\b(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Za-z]{3,9})\.?,?\s+(?P<year2>\d{4}))\b"
)


def parse_english_date(text: str) -> dt.date | None:
    """August 23, 2019 / 23 August 2019 / Aug. 23, 2019."""
    for match in _EN_DATE.finditer(text):
        month = _MONTHS.get((match["month"] or match["month2"]).lower())
        if month is None:
            continue
        try:
            day = int(match["day"] or match["day2"])
            return dt.date(int(match["year"] or match["year2"]), month, day)
        except ValueError:
            continue
    return None


_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日(?!\s*(?:至|到|-|—|–|～|~))")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# Dropped lines that may carry the page's date: bylines, credits, counters, lines above the title.
_PAGE_DATE_RULES = {BYLINE, "page credits", "view counter"}


def date_from_page(transcript: Transcript) -> None:
    """A transcript with no date line takes the date of its page's byline or credits line
    (发布日期:2016-03-10 23:48:13, 双语君 中国日报双语新闻 2020-08-31), dropped as chrome."""
    if transcript.date is not None:
        return
    for line in transcript.dropped:
        if line.rule in _PAGE_DATE_RULES | {ABOVE_THE_TITLE}:
            found = parse_date(fold_width(line.text)) or parse_english_date(line.text)
            if found is not None:
                transcript.date = found
                return


def date_from_titles(transcript: Transcript) -> None:
    """A transcript with no date line often dates itself in its title (2019年8月23日…记者会), or
    its introduction says the day (4月28日,…接受…专访) and a byline the year: the curator is
    told to check a date found that way."""
    titled = parse_date(fold_width(transcript.title_zh)) or parse_english_date(transcript.title_en)
    if titled is not None:
        # A page's date line is when the page went up; a title's date is the event's.
        if transcript.date is not None and transcript.date != titled:
            message = (
                f"the title dates the interview {titled.isoformat()} but the page's date line "
                f"says {transcript.date.isoformat()}; the title's date was used"
            )
            transcript.warnings.append(ParseWarning(message))
        transcript.date = titled
        return
    if transcript.date is not None:
        _date_from_intro(transcript)
        return
    intro = fold_width(transcript.intro_zh)
    day = _MONTH_DAY.search(intro)
    years = _YEAR.findall(fold_width(f"{transcript.title_zh} {intro}"))
    if not day or not years:
        return
    try:
        transcript.date = dt.date(int(years[0]), int(day[1]), int(day[2]))
    except ValueError:
        return
    message = (
        f"the date {transcript.date.isoformat()} was put together from the introduction "
        f"({day.group()}) and the year {years[0]}; check it"
    )
    transcript.warnings.append(ParseWarning(message))


def _date_from_intro(transcript: Transcript) -> None:
    """A page's date is when it went up; an introduction that names the day (2014年3月13日,
    On 8 March 2014, or 4月28日 in the page's year) dates the interview itself."""
    page = transcript.date
    intro_zh = fold_width(transcript.intro_zh)[:_INTRO_DATE_SPAN]
    found = parse_date(intro_zh) or parse_english_date(transcript.intro_en[:_INTRO_DATE_SPAN])
    if found is None and (day := _MONTH_DAY.search(intro_zh)):
        for year in (page.year, page.year - 1):
            try:
                candidate = dt.date(year, int(day[1]), int(day[2]))
            except ValueError:
                return
            if candidate <= page:
                found = candidate
                break
    if found is None or found == page or found > page:
        return
    transcript.date = found
    message = (
        f"the introduction dates the interview {found.isoformat()}; the page's date "
        f"{page.isoformat()} was not used; check it"
    )
    transcript.warnings.append(ParseWarning(message))


_INTRO_DATE_SPAN = 200  # characters: the day an introduction opens with, not dates it cites


# Common traditional/simplified pairs; characters shared by both scripts are left out.
_SCRIPT_PAIRS = (
    "國国們们這这發发會会業业與与際际為为經经對对關关現现時时個个來来說说問问題题綠绿護护"
    "產产實实將将聯联織织長长開开區区體体點点總总環环進进過过動动學学讓让認认識识議议條条"
    "從从觀观歷历術术處处變变還还種种當当無无專专務务決决邊边傳传導导萬万億亿齊齐應应員员"
)
_TRADITIONAL = set(_SCRIPT_PAIRS[0::2])
_SIMPLIFIED = set(_SCRIPT_PAIRS[1::2])


def chinese_texts(transcript: Transcript) -> list[str]:
    texts = [transcript.title_zh, transcript.intro_zh]
    for question in transcript.questions:
        texts.append(question.text_zh)
        texts.extend(answer.text_zh for answer in question.answers)
    return texts


def detect_script(texts: list[str]) -> str:
    """'zh-Hant' when traditional-only characters clearly outnumber simplified-only ones."""
    traditional = simplified = 0
    for text in texts:
        traditional += sum(1 for char in text if char in _TRADITIONAL)
        simplified += sum(1 for char in text if char in _SIMPLIFIED)
    return "zh-Hant" if traditional > 2 * simplified else "zh-Hans"


_ROLES = (
    "副总干事|总干事|副秘书长|秘书长|副主席|主席|副总统|总统|副总理|总理|首相|外长|部长|大使|"
    "董事长|总经理|总裁|首席执行官|行长|院长|校长|会长|署长|执行主任|主任|教授|市长|"
    "副總幹事|總幹事|副秘書長|秘書長|副總統|總統|副總理|總理|部長|董事長|總經理|總裁|"
    "首席執行官|行長|會長|執行主任"
)
_NAME = "[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:[·•・][\u4e00-\u9fff]{1,8})+"
_OUTLET = (
    '接受了?(?P<outlet>[^\\s,，。;；、:：“”"]{1,20}?)的?'
    "(?:记者|記者|独家|獨家|书面|書面)*(?:专访|采访|專訪|採訪)"
)
_INTERVIEW = re.compile(f"(?P<role>{_ROLES})(?P<name>{_NAME})?{_OUTLET}")
_OUTLET_ONLY = re.compile(_OUTLET)
_PRESS_HOST = re.compile(f"(?P<role>新闻发言人|新聞發言人|发言人|發言人)(?P<name>{_NAME})主持")
_PRESS_HOST_EN = re.compile(r"Spokesperson (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})[’']s\b")
_DATE_PREFIX = re.compile(r"^.*\d\s*日")  # 2019年3月25日, also as mistyped: 2019325日
_AFFILIATION = re.compile("[\u4e00-\u9fffA-Za-z0-9()（）]+$")
_TIME_WORDS = re.compile("^(?:日前|近日|近期|今天|今日|昨天|昨日|当天|當天)")


def infer_interview(transcript: Transcript) -> None:
    """Fill interviewee, role, affiliation and outlet from "…总干事李勇接受人民日报专访".

    The title and introduction name one person at most; they come first among the interviewees.
    """
    texts = [transcript.intro_zh, transcript.title_zh]
    for text in texts:
        if match := _INTERVIEW.search(text):
            affiliation = _affiliation(text[: match.start()])
            person = Interviewee(
                match["name"] or "", role_zh=match["role"], affiliation_zh=affiliation
            )
            transcript.interviewees.insert(0, person)
            transcript.outlet_zh = _outlet(match["outlet"])
            return
    if match := _PRESS_HOST.search(transcript.title_zh):
        # A press conference's answerer is its host: 外交部发言人耿爽主持例行记者会.
        before = _DATE_PREFIX.sub("", transcript.title_zh[: match.start()])
        english = _PRESS_HOST_EN.search(transcript.title_en)
        person = Interviewee(
            match["name"],
            english["name"] if english else "",
            role_zh=match["role"],
            affiliation_zh=_affiliation(before),
        )
        transcript.interviewees.insert(0, person)
        return
    for text in texts:
        if match := _OUTLET_ONLY.search(text):
            transcript.outlet_zh = _outlet(match["outlet"])
            return


def _affiliation(before: str) -> str:
    match = _AFFILIATION.search(before)
    affiliation = _TIME_WORDS.sub("", match.group()) if match else ""
    # A long run means the sentence had no punctuation to stop at: too unsure to keep.
    return affiliation if 2 <= len(affiliation) <= 25 else ""


def _outlet(outlet: str) -> str:
    # "本报" (this paper) names no outlet by itself.
    return "" if outlet in ("本报", "本刊", "本台", "本网", "本報", "本臺", "本網") else outlet
