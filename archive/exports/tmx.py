"""TMX 1.4, written with translate-toolkit: one <tu> per paragraph pair and per question.

Each unit holds the Chinese segment (xml:lang zh-Hans or zh-Hant, the interview's script) and
the English one (en), with <prop>s a translation tool shows and the archive's own TMX import
reads back: x-interview (the slug), x-anchor (q2, q2-a3, intro), x-type (question, answer,
introduction) and x-speaker ("汪文斌 / Wang Wenbin"; for a question, who asked).

A pair with one side empty keeps the side that is there: a <tu> with a single <tuv> is valid
TMX, a tool simply finds no translation in it, and no stored text is left out of the file.
XML cannot hold most control characters (see base.xml_text); they are the only loss.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from lxml import etree
from translate.storage.tmx import tmxfile

from ..models import Interview
from .base import Exporter, speaker_label, xml_text


class TmxExporter(Exporter):
    extension = "tmx"
    content_type = "application/x-tmx+xml; charset=utf-8"

    def begin(self, out: TextIO) -> None:
        self.store = tmxfile()
        self.scripts: set[str] = set()

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        self.scripts.add(interview.script)
        if self.with_intro(interview):
            self._unit(interview, "introduction", "intro", interview.intro_zh, interview.intro_en)
        for turn in self.turns(interview):
            question = turn.question
            if turn.asked and (question.text_zh or question.text_en):
                speaker = speaker_label(question.asker_zh, question.asker_en)
                zh, en = question.text_zh, question.text_en
                self._unit(interview, "question", question.anchor, zh, en, speaker)
            for answer in turn.answers:
                speaker = speaker_label(answer.speaker_zh, answer.speaker_en)
                zh, en = answer.text_zh, answer.text_en
                self._unit(interview, "answer", answer.anchor, zh, en, speaker)

    def end(self, out: TextIO) -> None:
        self._header()
        out.write(bytes(self.store).decode("utf-8"))

    def _unit(self, interview, kind, anchor, zh, en, speaker=""):
        segments = [(interview.script, zh), ("en", en)]
        segments = [(lang, xml_text(text)) for lang, text in segments if text]
        unit = self.store.addsourceunit(segments[0][1], segments[0][0])
        for lang, text in segments[1:]:
            unit.settarget(text, lang)
        props = [("x-interview", interview.slug), ("x-anchor", anchor), ("x-type", kind)]
        if speaker:
            props.append(("x-speaker", speaker))
        for index, (name, value) in enumerate(props):
            unit.xmlelement.insert(index, _prop(unit.namespaced("prop"), name, value))

    def _header(self) -> None:
        self.store.addheader()
        header = self.store.document.getroot().find(self.store.namespaced("header"))
        # One script in the file is its source language; TMX says *all* for a mixture.
        srclang = next(iter(self.scripts)) if len(self.scripts) == 1 else "*all*"
        now = dt.datetime.now(dt.UTC)
        for name, value in [
            ("creationtool", "Duihua"),
            ("creationtoolversion", "1"),
            ("segtype", "paragraph"),
            ("o-tmf", "Duihua"),
            ("srclang", srclang),
            ("datatype", "plaintext"),
            ("creationdate", now.strftime("%Y%m%dT%H%M%SZ")),
        ]:
            header.set(name, value)
        if self.search is not None:
            note = etree.SubElement(header, self.store.namespaced("note"))
            note.text = xml_text(self.search.describe())
            header.append(_prop(self.store.namespaced("prop"), "x-query", self.search.query))
            header.append(_prop(self.store.namespaced("prop"), "x-search-url", self.search.url))


def _prop(tag: str, name: str, value: str) -> etree._Element:
    prop = etree.Element(tag, type=name)
    prop.text = xml_text(value)
    return prop
