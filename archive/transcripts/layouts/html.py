"""HTML pages saved from a browser, parsed with BeautifulSoup on html5lib (the browsers' own
parsing algorithm, which also gives each element's line in the file).

Before the text is read, page furniture is removed and each removed element's visible text is
listed as dropped, with its rule: <script>, <style>, <nav>, <header> (outside the article),
<footer>, <aside>, <form> and other controls, share widgets (class or id such as share, bdshare,
jiathis), navigation, breadcrumbs and pagination by class (nav, menu, crumb, page …) and hidden
elements (hidden, aria-hidden, display:none). An element holding most of the page's text is
never removed (a page wrapped in one <form>). The rest is turned into lines (<p>, <div>, <li>,
headings and table cells as paragraphs, <br> as a line break) and handed to the text readers,
whose chrome rules and layouts apply. Line numbers are those of the HTML file.
"""

from __future__ import annotations

import dataclasses
import re

from ...text import clean_line, looks_english
from ..data import DroppedLine, ParseWarning, Transcript, TranscriptError
from ..glosses import GLOSS
from .base import Document, Fit, Reader
from .structured import extracted, reading_extracted

SUFFIXES = (".html", ".htm", ".xhtml")
_START = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.I | re.S,
)
INVISIBLE = {"script", "style", "template", "head", "title", "meta", "link", "noscript"}
FURNITURE = {
    "figcaption",
    "nav", "header", "footer", "aside", "form", "iframe", "button", "select", "textarea",
    "input", "svg", "object", "embed", "dialog", "menu", "video", "audio", "canvas",
}  # fmt: skip
BLOCKS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2",
    "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td", "th", "thead", "tbody",
    "figure", "figcaption", "address", "center", "hr", "body", "header", "footer", "caption",
}  # fmt: skip
SHARE = re.compile(
    r"(?:^|[-_])(?:share|sharing|social|bdshare|bdsharebuttonbox|bshare|jiathis|addthis|"
    r"sharethis|fenxiang|qrcode|qr-code|wechat-qr|weixin-qr)(?:$|[-_])",
    re.I,
)
CHROME_CLASSES = {
    "nav", "navbar", "navigation", "menu", "topbar", "top-bar", "breadcrumb", "breadcrumbs",
    "crumb", "crumbs", "place", "position", "location", "sidebar", "side", "foot", "footer",
    "header", "head", "pagination", "pager", "page", "pages", "related", "comment", "comments",
    "ad", "ads", "advert", "banner", "copyright", "info", "meta", "byline", "pic-title",
    "img-title", "image-title", "caption", "pic-caption", "img-caption",
}  # fmt: skip
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
MOST_OF_THE_PAGE = 0.4  # an element with this share of the text (and 300+ characters) stays
MIN_KEPT_TEXT = 300


class HtmlReader(Reader):
    name = "html"
    title = "HTML page saved from a browser"
    example = "<html>…<p><strong>记者:</strong>…?</p><p><strong>Reporter:</strong> …?</p>…</html>"

    def fit(self, doc: Document) -> Fit:
        if extracted():
            return Fit(0.0, "text taken from a page or document")
        if _START.match(doc.text[:4096]):
            return Fit(1.0, "an HTML page")
        if doc.suffix in SUFFIXES:
            return Fit(0.95, f"a {doc.suffix} file")
        return Fit(0.0, "not HTML")

    def read(self, doc: Document) -> Transcript:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(doc.text, "html5lib")
        body = soup.body or soup
        dropped = _remove_furniture(body)
        headline = body.find("h1")
        headline_line = headline.sourceline if headline else None
        titles = [_text_of(tag) for tag in (headline, soup.find("title")) if tag]
        if headline:  # the page's headline is a title candidate, not a line of the text
            headline.decompose()
        lines, origins = _lines(body)
        text = "\n".join(lines)
        if not text.strip():
            message = "HTML: no text left after removing scripts, navigation and page furniture"
            raise TranscriptError(message, source=doc.source, line=1)
        from .. import parse_transcript  # the text readers; imported here to avoid a cycle

        try:
            with reading_extracted():
                transcript = parse_transcript(text, source=doc.source)
        except TranscriptError as exc:
            message = f"HTML: the page's text has no dialogue that a layout can read: {exc.message}"
            raise TranscriptError(message, source=doc.source, line=1) from exc
        _renumber(transcript, origins)
        transcript.dropped = dropped + transcript.dropped
        if not (transcript.title_zh or transcript.title_en):
            _title(transcript, titles)
        elif titles and titles[0]:
            rule = "HTML <h1> (the page's headline; the text has its own title)"
            transcript.dropped.insert(len(dropped), DroppedLine(headline_line, titles[0], rule))
        transcript.layout_reason = (
            f"its text read as {transcript.layout}: {transcript.layout_reason}"
        )
        return transcript


def _text_of(tag) -> str:
    return clean_line(tag.get_text(" "))


def _title(transcript: Transcript, titles: list[str]) -> None:
    """The <h1>, or the page <title> without its site suffix, when the text gave no title."""
    for title in titles:
        title = re.split(r"\s+[-|–—_]\s+|_", title)[0].strip()
        title = GLOSS.sub("", title)
        if title:
            if looks_english(title):
                transcript.title_en = title
            else:
                transcript.title_zh = title
            return


def _rule(tag) -> str | None:
    """Why an element is page furniture, or None."""
    name = tag.name
    if name in INVISIBLE:
        return f"HTML <{name}>"
    attrs = tag.attrs or {}
    if (
        "hidden" in attrs
        or str(attrs.get("aria-hidden", "")).lower() == "true"
        or HIDDEN_STYLE.search(str(attrs.get("style", "")))
        or (name == "input" and str(attrs.get("type", "")).lower() == "hidden")
    ):
        return "HTML hidden element"
    if name in FURNITURE:
        if name == "header" and tag.find_parent(["article", "main"]):
            return None  # an article's own header: its title and date
        return f"HTML <{name}>"
    tokens = [*attrs.get("class", []), *str(attrs.get("id", "")).split()]
    if any(SHARE.search(token) for token in tokens):
        return "HTML share widget"
    for token in tokens:
        if token.lower() in CHROME_CLASSES:
            return f"HTML .{token.lower()}"
    return None


def _remove_furniture(body) -> list[DroppedLine]:
    total = len(_text_of(body))
    dropped: list[DroppedLine] = []
    for tag in list(body.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        rule = _rule(tag)
        if rule is None:
            continue
        visible = tag.name not in INVISIBLE or tag.name == "noscript"
        size = len(_text_of(tag))
        if visible and size >= MIN_KEPT_TEXT and size > MOST_OF_THE_PAGE * total:
            continue  # it holds the page's text: a wrapper, not furniture
        if visible:
            lines, origins = _lines(tag)
            dropped.extend(
                DroppedLine(origin, line, rule)
                for line, origin in zip(lines, origins, strict=True)
                if line
            )
        tag.decompose()
    return dropped


class _Out:
    """Lines of text built from the tree: inline text joined, blocks and <br> breaking lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origins: list[int | None] = []
        self.current: list[str] = []
        self.origin: int | None = None
        self.pending = 0  # line breaks owed before the next text: 1 (<br>) or 2 (a block)

    def text(self, text: str, origin: int | None) -> None:
        if not text.strip():
            if self.current:
                self.current.append(" ")
            return
        if self.pending:
            self.flush()
            if self.pending >= 2 and self.lines and self.lines[-1]:
                self.lines.append("")
                self.origins.append(None)
            self.pending = 0
        if not self.current:
            self.origin = origin
        self.current.append(text)

    def brk(self, count: int) -> None:
        self.pending = max(self.pending, count)

    def flush(self) -> None:
        line = clean_line(" ".join("".join(self.current).split()))
        if line:
            self.lines.append(line)
            self.origins.append(self.origin)
        self.current = []

    def done(self) -> tuple[list[str], list[int | None]]:
        self.flush()
        return self.lines, self.origins


def _lines(root) -> tuple[list[str], list[int | None]]:
    from bs4 import Comment, NavigableString, ProcessingInstruction

    out = _Out()

    def walk(node, line: int | None) -> None:
        for child in node.children:
            if isinstance(child, Comment | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                out.text(str(child), line)
            elif child.name == "br":
                out.brk(1)
            elif child.name in INVISIBLE:
                continue
            elif child.name in BLOCKS:
                out.brk(2)
                walk(child, child.sourceline or line)
                out.brk(2)
            else:
                walk(child, child.sourceline or line)

    walk(root, getattr(root, "sourceline", None))
    return out.done()


def _renumber(transcript: Transcript, origins: list[int | None]) -> None:
    """Line numbers of the extracted text → lines of the HTML file."""

    def at(line: int | None) -> int | None:
        if line is None or not 1 <= line <= len(origins):
            return line
        return origins[line - 1]

    for question in transcript.questions:
        question.line_zh, question.line_en = at(question.line_zh), at(question.line_en)
        for answer in question.answers:
            answer.line_zh, answer.line_en = at(answer.line_zh), at(answer.line_en)
    transcript.warnings = [
        dataclasses.replace(w, line=at(w.line)) if isinstance(w, ParseWarning) else w
        for w in transcript.warnings
    ]
    transcript.dropped = [dataclasses.replace(d, line=at(d.line)) for d in transcript.dropped]
    transcript.glosses = [dataclasses.replace(g, line=at(g.line)) for g in transcript.glosses]
