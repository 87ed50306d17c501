"""TEI P5: the interview as a transcribed conversation, valid against tei_all.

The teiHeader carries the titles in both languages, the archive as publisher with the
interview's permanent URL, and in sourceDesc where the text was found (source, outlet, date,
URL) and how it entered the archive (original file, import date, layout). Everyone who speaks
is a <person> in particDesc: the interviewees, and each asker and speaker label as written.

The body has one <div> per question (the opening statement is n="0"), each turn an
<u who="#…" xml:lang="…"> per language, and a <linkGrp type="translation"> pairing each
Chinese <u> with its English translation. Several interviews (a search, the whole archive)
make a <teiCorpus>; identifiers are then prefixed with the interview's number to stay unique.
XML cannot hold most control characters (see base.xml_text); they are dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from lxml import etree

from ..models import Interview, Person
from .base import Exporter, xml_text

TEI = "http://www.tei-c.org/ns/1.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def element(parent, tag: str, text: str = "", **attributes) -> etree._Element:
    """A TEI element under parent, with text and attributes (lang= and id= become xml:…)."""
    names = {"lang": XML_LANG, "id": XML_ID}
    attrs = {names.get(key, key): value for key, value in attributes.items() if value}
    node = etree.SubElement(parent, f"{{{TEI}}}{tag}", attrs)
    if text:
        node.text = xml_text(text)
    return node


def named(parent, tag: str, text: str, **attributes) -> None:
    """An element for a name or title that may be missing in one language: none if empty."""
    if text:
        element(parent, tag, text, **attributes)


class TeiExporter(Exporter):
    extension = "tei.xml"
    content_type = "application/tei+xml; charset=utf-8"

    def write_one(self, interview: Interview, out: TextIO) -> None:
        root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})
        InterviewDocument(self, interview, prefix="").build(root)
        _write(root, out)

    def begin(self, out: TextIO) -> None:
        self.corpus = etree.Element(f"{{{TEI}}}teiCorpus", nsmap={None: TEI})
        self._corpus_header()

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        document = etree.SubElement(self.corpus, f"{{{TEI}}}TEI")
        InterviewDocument(self, interview, prefix=f"i{interview.pk}-").build(document)

    def end(self, out: TextIO) -> None:
        _write(self.corpus, out)

    def _corpus_header(self) -> None:
        header = element(self.corpus, "teiHeader")
        file_desc = element(header, "fileDesc")
        title = "Duihua: search results" if self.search else "Duihua: the published archive"
        element(element(file_desc, "titleStmt"), "title", title, lang="en")
        publication = element(file_desc, "publicationStmt")
        element(publication, "publisher", "Duihua")
        element(publication, "date", when=dt.date.today().isoformat())
        source = element(file_desc, "sourceDesc")
        element(source, "p", "Interviews published in the Duihua archive.")
        if self.search is not None:
            sampling = element(element(header, "encodingDesc"), "samplingDecl")
            element(sampling, "p", self.search.describe())


def _write(root: etree._Element, out: TextIO) -> None:
    out.write(etree.tostring(root, encoding="unicode", pretty_print=True))


class InterviewDocument:
    """One interview as a <TEI> element's content: the header, then the text."""

    def __init__(self, exporter: TeiExporter, interview: Interview, prefix: str):
        self.exporter, self.interview, self.prefix = exporter, interview, prefix
        self.zh = interview.script
        self.people: dict[tuple[str, str], str] = {}  # speaker label → xml:id
        # Filled while the turns are written; placed in the header once it is complete.
        self.list_person = etree.Element(f"{{{TEI}}}listPerson")

    def build(self, root: etree._Element) -> None:
        profile = self.header(root)
        body = element(element(root, "text", lang="en"), "body")
        self.interviewees()
        self.body(body)
        if len(self.list_person):
            element(profile, "particDesc").append(self.list_person)

    def header(self, root) -> etree._Element:
        """The teiHeader; returns its profileDesc, where particDesc goes at the end."""
        interview = self.interview
        header = element(root, "teiHeader")
        file_desc = element(header, "fileDesc")
        titles = element(file_desc, "titleStmt")
        named(titles, "title", interview.title_zh, lang=self.zh)
        named(titles, "title", interview.title_en, lang="en")
        publication = element(file_desc, "publicationStmt")
        element(publication, "publisher", "Duihua")
        url = self.exporter.passage_url(interview)
        element(publication, "idno", url, type="URI")
        self.source_desc(element(file_desc, "sourceDesc"))
        profile = element(header, "profileDesc")
        languages = element(profile, "langUsage")
        element(languages, "language", "Chinese", ident=self.zh)
        element(languages, "language", "English", ident="en")
        topics = list(interview.topics.all())
        if topics:
            keywords = element(element(profile, "textClass"), "keywords")
            for topic in topics:
                element(keywords, "term", topic.name_en or topic.name_zh)
        return profile

    def source_desc(self, parent) -> None:
        interview = self.interview
        bibl = element(parent, "bibl")
        named(bibl, "title", interview.title_zh, lang=self.zh)
        named(bibl, "title", interview.title_en, lang="en")
        if interview.outlet:
            resp = element(bibl, "respStmt")
            element(resp, "resp", "interviewed by")
            element(resp, "orgName", str(interview.outlet))
        if interview.source:
            element(bibl, "publisher", str(interview.source))
        if interview.date:
            element(bibl, "date", interview.date.isoformat(), when=interview.date.isoformat())
        if interview.source_url:
            element(bibl, "ref", interview.source_url, target=interview.source_url)
        note = element(bibl, "note", type="provenance")
        note.text = f"Imported into Duihua from {interview.original_filename or 'a text'} on "
        imported = interview.created_at.date().isoformat()
        date = element(note, "date", imported, when=imported)
        date.tail = f", read as layout {interview.layout or 'unknown'}."

    def interviewees(self) -> None:
        for person in self.interview.interviewees.all():
            self.person(person.name_zh, person.name_en, "interviewee", person)

    def person(self, zh: str, en: str, role: str, record: Person | None = None) -> str:
        """The xml:id of whoever a label names, adding them to particDesc the first time.

        A label matches a known person by either name (王毅 alone is Wang Yi the interviewee);
        unnamed, the interviewer and the interviewee are one person each.
        """
        key = (zh, en) if (zh or en) else ("", role)
        for (known_zh, known_en), ident in self.people.items():
            if key == (known_zh, known_en) or (zh and zh == known_zh) or (en and en == known_en):
                return ident
        ident = f"{self.prefix}sp{len(self.people) + 1}"
        self.people[key] = ident
        person = element(self.list_person, "person", id=ident, role=role)
        named(person, "persName", zh, lang=self.zh)
        named(person, "persName", en, lang="en")
        if record is not None and record.affiliation:
            element(person, "affiliation", str(record.affiliation))
        return ident

    def speaker(self, zh: str, en: str, role: str) -> str:
        """who="#…" for a turn; unlabelled turns are the interviewer's or the interviewee's."""
        if zh or en:
            return "#" + self.person(zh, en, "interviewer" if role == "asker" else "speaker")
        people = list(self.interview.interviewees.all())
        if role == "speaker" and len(people) == 1:
            return "#" + self.person(people[0].name_zh, people[0].name_en, "interviewee")
        return "#" + self.person("", "", "interviewer" if role == "asker" else "interviewee")

    def body(self, body) -> None:
        interview, links = self.interview, []
        if self.exporter.with_intro(interview):
            div = element(body, "div", type="introduction", id=self.ident("intro"))
            links.append(self.pair(div, "p", "intro", interview.intro_zh, interview.intro_en))
        for turn in self.exporter.turns(interview):
            question = turn.question
            kind = "opening-statement" if question.is_opening else "question"
            div = element(
                body, "div", type=kind, n=str(question.number), id=self.ident(question.anchor)
            )
            if turn.asked and (question.text_zh or question.text_en):
                who = self.speaker(question.asker_zh, question.asker_en, "asker")
                texts = question.text_zh, question.text_en
                links.append(self.pair(div, "u", question.anchor, *texts, who=who))
            for answer in turn.answers:
                who = self.speaker(answer.speaker_zh, answer.speaker_en, "speaker")
                texts = answer.text_zh, answer.text_en
                links.append(self.pair(div, "u", answer.anchor, *texts, who=who))
        pairs = [targets for targets in links if len(targets) == 2]
        if pairs:
            group = element(body, "linkGrp", type="translation")
            for targets in pairs:
                element(group, "link", target=" ".join(f"#{t}" for t in targets))

    def pair(self, parent, tag, anchor, zh, en, *, who="") -> list[str]:
        """Write the sides present; return their xml:ids for the translation link."""
        written = []
        for lang, text, suffix in ((self.zh, zh, "zh"), ("en", en, "en")):
            if text:
                ident = self.ident(f"{anchor}-{suffix}")
                element(parent, tag, text, who=who, lang=lang, id=ident)
                written.append(ident)
        return written

    def ident(self, name: str) -> str:
        return f"{self.prefix}{name}"
