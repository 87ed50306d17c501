"""Page chrome copied from the web along with a transcript, and the rules that drop it.

Every rule has a name; every line dropped is reported with its rule (Transcript.dropped), so a
curator can see what went and put it back. Rules only ever look at short lines: dialogue runs
longer, and a line that opens with a speaker's label is never chrome.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..text import fold_width
from .data import DroppedLine
from .paragraphs import Paragraph

BYLINE = "byline with a timestamp or a view count"
MAX_CHROME_LINE = 80  # characters; navigation, counters and credits are short
MAX_FOOTER_LINE = 200  # a short first line naming 版权所有 etc. starts the site footer

_RULES: list[tuple[str, re.Pattern]] = [
    (
        "navigation",
        re.compile(
            r"^(?:当前位置|當前位置|您的位置|你的位置|您现在的位置|所在位置|位置)\s*[:：>]"
            r"|^(?:首页|首頁|主页|主頁|home)\s*(?:>|›|»|/|\|)"
            r"|^[-·•|]\s*\S{1,8}\s*[|｜]?$",
            re.I,
        ),
    ),
    (
        "view counter",
        re.compile(
            r"(?:阅读|閱讀|浏览|瀏覽|点击|點擊|访问|訪問|\bviews?\b|\breads?\b)\s*(?:量|次数|次數)?"
            r"\s*[:：]?\s*\d[\d.,]*\s*[kKwW万萬]?\s*(?:次|times)?\s*$",
            re.I,
        ),
    ),
    (
        "page credits",
        re.compile(
            r"^(?:推荐人|推薦人|发布人|發佈人|發布人|发布人员|發布人員|新闻来源|新聞來源|责任编辑|責任編輯|编辑|編輯|责编|責編|作者|"
            r"编审|編審|校对|校對|审核|審核|editor|edited by)\s*[:：]"
            r"|^[(（【\[]\s*(?:责任编辑|責任編輯|责编|責編|编辑|編輯)\s*[:：]",
            re.I,
        ),
    ),
    (
        "share buttons",
        re.compile(
            r"^(?=\S)(?:(?:分享到|分享至|分享|一键分享|share(?: this| on)?)\s*[:：]?\s*)?"
            r"(?:(?:微信|微博|qq空间|qq|twitter|facebook|linkedin|email|复制链接|複製鏈接)[\s|/、,，·]*)*$",
            re.I,
        ),
    ),
    (
        "print and font controls",
        re.compile(
            r"^(?:\s*(?:【[^】]{0,20}】|\[打印\]|打印本页|列印本頁|关闭窗口|關閉窗口"
            r"|print(?: this page)?"
            r"|字[号號体體]\s*[:：]?\s*(?:[大中小]\s*){1,3}|[大中小](?:\s+[大中小]){1,2}"
            r"|T[大中小]))+$",
            re.I,
        ),
    ),
    (
        "video player",
        re.compile(
            r"您的浏览器不支持|您的瀏覽器不支持|浏览器不支持.*(?:视频|video)|视频加载|視頻加載"
            r"|your browser does not support|video (?:is )?loading|^(?:播放|暂停|全屏|试听|試聽)$",
            re.I,
        ),
    ),
    (
        "link to the original",
        re.compile(
            r"^(?:查看原文|閱讀原文|阅读原文|点击查看原文|原文链接|原文鏈接|原文地址|原文網址|来源网址"
            r"|read (?:the )?original)"
            r"|^(?:上一篇|下一篇|上一條|下一條|previous|next)\s*[:：]",
            re.I,
        ),
    ),
    (
        "contact and consultation",
        re.compile(
            r"^(?:qq|微信|在线)?\s*(?:在线咨询|在線諮詢|客服热线|客服熱線|联系电话|聯繫電話)", re.I
        ),
    ),
    (
        "QR code prompt",
        re.compile(
            r"扫一扫|掃一掃|扫描二维码|掃描二維碼|手机打开当前页|手機打開當前頁|scan the qr", re.I
        ),
    ),
    (
        BYLINE,
        re.compile(
            r"^\S{0,30}\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
            r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s+\d+)?|\s+\d+\s*次)$"
            # 双语君 中国日报双语新闻 2020-08-31; 2020-12-22 中國青年網
            r"|^(?:[^\s\d]\S{0,19}\s+){1,3}\d{4}-\d{1,2}-\d{1,2}$"
            r"|^\d{4}-\d{1,2}-\d{1,2}\s+[^\s\d]\S{0,11}$"
            r"|^(?:published|posted|updated)(?: on)?\s*:?\s*[a-z]{3,9}\.? \d{1,2},? \d{4}$",
            re.I,
        ),
    ),
    (
        "image file name",
        re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp)$", re.I),
    ),
    (
        "related links",
        re.compile(
            r"^(?:相关阅读|相關閱讀|相关新闻|相關新聞|相关文章|相關文章|推荐阅读|推薦閱讀|"
            r"热门推荐|熱門推薦|猜你喜欢|猜你喜歡|related(?: articles| stories)?)\s*[:：]?$",
            re.I,
        ),
    ),
]

FOOTER = re.compile(
    r"关闭窗口|關閉窗口|【打印】|【列印】|\[打印\]|打印本页|主办单位|主辦單位|承办单位|承辦單位|"
    r"承办:|承辦:|版权所有|版權所有|copyright|©|all rights reserved|icp备|icp備|icp证|icp證|"
    r"公网安备|公網安備|网站标识码|網站標識碼|联系我们|聯繫我們|聯絡我們|返回顶部|返回頂部|网站地图|網站地圖",
    re.IGNORECASE,
)
FOOTER_RULE = "site footer"


def chrome_rule(line: str) -> str | None:
    """The name of the rule that makes this line chrome, or None for text."""
    if len(line) > MAX_CHROME_LINE:
        return None
    folded = fold_width(line).strip()
    for name, pattern in _RULES:
        if pattern.search(folded):
            return name
    return None


def looks_like_footer(text: str) -> bool:
    first_line = fold_width(text.split("\n", 1)[0])
    return len(first_line) <= MAX_FOOTER_LINE and bool(FOOTER.search(first_line))


def drop_chrome(
    paragraphs: list[Paragraph],
    dropped: list[DroppedLine],
    keep: Callable[[str], bool] = lambda line: False,
) -> list[Paragraph]:
    """Paragraphs without their chrome lines; each dropped line is added to `dropped`.

    `keep(line)` protects lines a reader knows are dialogue (a labelled turn).
    """
    kept = []
    for paragraph in paragraphs:
        lines = paragraph.text.split("\n")
        remaining = []
        first = None
        for offset, line in enumerate(lines):
            rule = None if keep(line) else chrome_rule(line)
            if rule:
                dropped.append(DroppedLine(paragraph.line + offset, line, rule))
            else:
                remaining.append(line)
                first = paragraph.line + offset if first is None else first
        if remaining:
            kept.append(Paragraph("\n".join(remaining), first))
    return kept


def cut_footer(
    paragraphs: list[Paragraph], start: int, dropped: list[DroppedLine]
) -> list[Paragraph]:
    """Drop the site footer: everything from the first footer-like paragraph at or after `start`."""
    for index in range(start, len(paragraphs)):
        if looks_like_footer(paragraphs[index].text):
            for paragraph in paragraphs[index:]:
                for offset, line in enumerate(paragraph.text.split("\n")):
                    dropped.append(DroppedLine(paragraph.line + offset, line, FOOTER_RULE))
            return paragraphs[:index]
    return paragraphs


MENU_RULE = "menu"
MIN_MENU_RUN = 5  # consecutive short lines; a title, a date and a byline make three at most
MAX_MENU_ITEM = 90
_ENDS_A_SENTENCE = re.compile(r"[。？！?!.…”\"』」:：][\s)）]*$")
# What a transcript's title carries and a menu item does not: a date, or what kind of event.
_TITLE_SIGNALS = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\b(?:19|20)\d{2}\b|记者会|記者會|发布会|發布會|"
    r"专访|專訪|采访|採訪|对话|對話|press conference|briefing|interview",
    re.I,
)


def drop_menus(
    lines: list[Paragraph],
    dropped: list[DroppedLine],
    keep: Callable[[str], bool] = lambda line: False,
) -> list[Paragraph]:
    """Drop runs of short lines that end no sentence (a site's menu or list of sections)."""
    kept: list[Paragraph] = []
    run: list[Paragraph] = []

    def flush():
        if len(run) >= MIN_MENU_RUN:
            dropped.extend(DroppedLine(p.line, p.text, MENU_RULE) for p in run)
        else:
            kept.extend(run)
        run.clear()

    for line in lines:
        if (
            len(line.text) <= MAX_MENU_ITEM
            and "\n" not in line.text
            and not _ENDS_A_SENTENCE.search(line.text)
            and not _TITLE_SIGNALS.search(line.text)
            and not keep(line.text)
        ):
            run.append(line)
        else:
            flush()
            kept.append(line)
    flush()
    return kept
