"""TMX 1.4 translation memories, read with translate-toolkit: one <tu> per paragraph pair.

Chinese is any xml:lang starting with zh (zh, zh-CN, zh-Hans, zh-Hant, zh-TW …) and English
any starting with en (en, en-US, en-GB …). A unit whose <prop> (type x-type, type, role …) or
<note> says "question", or whose speaker label asks (记者:, Q:), starts a new turn; in a file
without labels or such properties, a segment ending in ?/？ does. Other units are answer
paragraphs of the last question; units before the first question are the title, the
introduction, or the opening statement (turn 0).
"""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO

from lxml import etree
from translate.storage.tmx import tmxfile

from ..data import Speaker, Transcript, TranscriptError
from .base import Document, Fit, Reader
from .structured import Row, extracted, read_rows, role_value, speaker_from

_XML_PROLOG = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*", re.S
)
_ENCODING = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ROLE_PROPS = {"x-type", "type", "x-role", "role", "x-kind", "kind", "x-segment-type", "x-turn"}
SPEAKER_PROPS = {"x-speaker", "speaker", "x-who", "who", "x-label"}
_SAYS_QUESTION = re.compile(r"\bquestion\b|问题|問題|提问|提問", re.I)


def language(code: str) -> str:
    code = (code or "").strip().lower().replace("_", "-")
    if code.startswith(("zh", "cmn", "yue", "lzh")):
        return "zh"
    if code.startswith("en"):
        return "en"
    return ""


class TmxReader(Reader):
    name = "tmx"
    title = "TMX translation memory"
    example = (
        '<tu><tuv xml:lang="zh-CN"><seg>记者:…?</seg></tuv>'
        '<tuv xml:lang="en"><seg>Reporter: …?</seg></tuv></tu>'
    )

    def fit(self, doc: Document) -> Fit:
        if extracted():
            return Fit(0.0, "text taken from a page or document")
        head = doc.text[_XML_PROLOG.match(doc.text).end() :][:200]
        if re.match(r"<tmx[\s>]", head):
            version = re.search(r"""version\s*=\s*["']([^"']+)""", head)
            return Fit(1.0, f"TMX {version[1] if version else ''}".strip())
        if doc.suffix == ".tmx":
            return Fit(0.9, "a .tmx file whose root is not <tmx>")
        return Fit(0.0, "not TMX")

    def read(self, doc: Document) -> Transcript:
        store = _parse(doc)
        units = list(store.units)
        if not units:
            raise TranscriptError("TMX: no translation units (<tu>)", source=doc.source, line=1)
        codes: Counter = Counter()
        for unit in units:
            for node in unit.getlanguageNodes():
                codes[_code(node)] += 1
        zh_codes = [code for code, _ in codes.most_common() if language(code) == "zh"]
        en_codes = [code for code, _ in codes.most_common() if language(code) == "en"]
        if not zh_codes:
            found = ", ".join(code or "(none)" for code in codes) or "none"
            message = (
                f"TMX: no Chinese segments (languages found: {found}); expected xml:lang zh, "
                "zh-CN, zh-Hans, zh-Hant or zh-TW"
            )
            raise TranscriptError(message, source=doc.source, line=1)
        rows = [_row(unit, zh_codes, en_codes) for unit in units]
        return read_rows(rows, source=doc.source)


def _code(node) -> str:
    return node.get(_XML_LANG) or node.get("lang") or ""


def _parse(doc: Document) -> tmxfile:
    text = _ENCODING.sub(r'\1"UTF-8"', doc.text)
    try:
        return tmxfile(BytesIO(text.encode("utf-8")))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        message = f"TMX: not well-formed XML: {exc.msg}"
        raise TranscriptError(message, source=doc.source, line=line) from exc
    except (AssertionError, ValueError, StopIteration) as exc:
        message = "TMX: not a TMX document (expected <tmx> with <header> and <body>)"
        raise TranscriptError(message, source=doc.source, line=1) from exc


def _segment(unit, codes: list[str]) -> str:
    nodes = {_code(node): node for node in unit.getlanguageNodes()}
    for code in codes:
        if code in nodes:
            return unit.getNodeText(nodes[code]) or ""
    return ""


def _row(unit, zh_codes: list[str], en_codes: list[str]) -> Row:
    element = unit.xmlelement
    role, speaker = None, Speaker()
    for prop in element.iterchildren(unit.namespaced("prop")):
        kind, value = (prop.get("type") or "").strip().lower(), (prop.text or "").strip()
        if kind in ROLE_PROPS and role is None:
            role = role_value(value)
        elif kind in SPEAKER_PROPS and value:
            speaker = speaker_from(value)
        elif value.lower() == "question":
            role = "question"
    if role is None and _SAYS_QUESTION.search(unit.getnotes() or ""):
        role = "question"
    return Row(
        zh=_segment(unit, zh_codes),
        en=_segment(unit, en_codes),
        line=element.sourceline,
        speaker=speaker,
        role=role,
        labels=not speaker,
    )
