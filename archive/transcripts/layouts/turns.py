"""Speaker turns: interviews and press conferences where a label starts each turn
(问: / Q:, 主持人: / Host:, 路透社记者: / Reuters:, 王毅: / Wang Yi:, [记者]), the two languages
interleaved paragraph by paragraph (either first) or as two blocks, and interleaved transcripts
without labels, whose questions are known by their question marks.

Steps: lines → chrome dropped → header and opening → units (a paragraph with its language and
label) → beads (a Chinese unit and its English) → turns (who asks, who answers) → questions.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ...text import language_of
from ..align import align
from ..chrome import cut_footer, drop_chrome, drop_menus
from ..data import NOBODY, ParseWarning, QuestionBlock, Speaker, Transcript, TranscriptError
from ..header import clean_title, could_be_title, read_header
from ..labels import Labelled, is_known, label_key, role_of, same_speaker, split_label
from ..paragraphs import Paragraph, numbered_lines, split_paragraphs
from .base import Document, Fit, Reader, confidences, pair

_QUESTION_END = re.compile(r"[?？][\s”\"’)）]*$")
# A line that is only a date (and time), or a "label: value" line: header data, not a title.
_DATE_LIKE = re.compile(
    r"^\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$|[:：]"
)
_PRESS_TITLE = re.compile(
    r"记者会|記者會|发布会|發布會|發佈會|吹风会|吹風會|press conference|briefing", re.I
)
_GLUED_ZH = re.compile(r"^[问答問](?![题題])[^\s:：。,，]{2}")
_GLUED_EN = re.compile(r"^[QA] [A-Z\"“‘']")


@dataclass
class Unit:
    """A paragraph of dialogue: its text without label, language, and label if written."""

    text: str
    line: int
    language: str  # "zh" or "en"
    label: str = ""
    index: int = 0  # position of its line among the reader's lines

    def paragraph(self) -> Paragraph:
        return Paragraph(self.text, self.line)


@dataclass
class Bead:
    """Chinese paragraphs and the English paragraphs that translate them."""

    zh: list[Unit] = field(default_factory=list)
    en: list[Unit] = field(default_factory=list)

    @property
    def speaker(self) -> Speaker:
        return Speaker(self.zh[0].label if self.zh else "", self.en[0].label if self.en else "")

    @property
    def labelled(self) -> bool:
        return bool((self.zh and self.zh[0].label) or (self.en and self.en[0].label))

    def asks(self) -> bool:
        texts = [u.text for u in self.zh[-1:] + self.en[-1:]]
        return bool(texts) and all(_QUESTION_END.search(text) for text in texts)


class TurnsReader(Reader):
    name = "turns"
    title = "Speaker turns (interviews, press conferences), interleaved or in two blocks"
    example = (
        "问:…?\nQ: …?\n答:…\nA: …\n\n(or 主持人: / Host:, 路透社记者: / Reuters:, 王毅: / Wang Yi:)"
    )

    def fit(self, doc: Document) -> Fit:
        units = _units(_lines(doc.text), glued=_writes_glued_labels(doc.text))
        labelled = [u for u in units if u.label]
        languages = Counter(u.language for u in units)
        askers = sum(1 for u in labelled if _role(u.label) == "ask")
        if len(labelled) >= 2 and (askers or len({u.label for u in labelled}) >= 2):
            share = len(labelled) / max(1, len(units))
            reason = f"{len(labelled)} labelled paragraphs ({', '.join(_top_labels(labelled))})"
            return Fit(round(0.6 + 0.3 * min(1.0, share * 2), 2), reason)
        questions = sum(1 for u in units if _QUESTION_END.search(u.text))
        if languages["zh"] and languages["en"] and questions >= 2 and _switches(units) >= 4:
            return Fit(0.3, f"no labels; {questions} paragraphs end with a question mark")
        if languages["zh"] and languages["en"] and _announces_press_conference(units):
            return Fit(0.2, "a press conference's opening statement, without questions")
        return Fit(0.0, "no speaker labels (问: / Q:, 记者: / Reporter:)")

    def read(self, doc: Document) -> Transcript:
        glued = _writes_glued_labels(doc.text)
        lines = _lines(doc.text)
        if not lines:
            raise TranscriptError("empty file", source=doc.source, line=1)
        speakers = {
            p.text
            for p, label in zip(lines, _accepted_labels(lines, glued=glued), strict=True)
            if label
        }
        lines = drop_chrome(lines, doc.dropped, keep=speakers.__contains__)
        lines = drop_menus(lines, doc.dropped, keep=speakers.__contains__)
        units = _units(lines, glued=glued)
        first = _first_dialogue(units)
        if first is None and not _announces_press_conference(units):
            raise TranscriptError("no speaker turns found", source=doc.source, line=1)
        first = len(units) if first is None else first  # all of it is the opening statement
        last_labelled = max((i for i, u in enumerate(units) if u.label), default=first - 1)
        kept_lines = cut_footer(
            lines, units[max(0, last_labelled)].index + 1 if units else 0, doc.dropped
        )
        units = [u for u in units if u.index < len(kept_lines)]
        first = min(first, len(units))
        header_lines = kept_lines[: units[first].index if first < len(units) else len(kept_lines)]
        header = read_header(split_header(header_lines))
        dialogue = units[first:]
        opening = _opening(header, header_lines)
        beads, warnings, second_header = _beads(dialogue)
        questions = _questions(opening + beads, _labels_file(dialogue))
        confidences(questions)
        transcript = header.transcript(questions, warnings, doc.dropped)
        if opening:
            transcript.intro_zh = transcript.intro_en = ""
        _add_second_header(transcript, second_header)
        return transcript


def _add_second_header(transcript: Transcript, units: list[Unit]) -> None:
    """The title and introduction that open the second language's block."""
    if not units:
        return
    language = units[0].language
    texts = [u.text for u in units]
    if not getattr(transcript, f"title_{language}") and len(texts[0]) <= 150:
        title = texts.pop(0)
        setattr(transcript, f"title_{language}", clean_title(title) if language == "zh" else title)
    intro = "\n\n".join(t for t in [getattr(transcript, f"intro_{language}"), *texts] if t)
    setattr(transcript, f"intro_{language}", intro)


def _lines(text: str) -> list[Paragraph]:
    """The text's lines, each holding one language's turn: a running number before a label is
    dropped ("1 央视记者:…"), and a line carrying a Chinese question and its English after it
    ("…有何评论? CCTV: …") is split in two."""
    lines = []
    for paragraph in numbered_lines(text):
        body = _RUNNING_NUMBER.sub("", paragraph.text)
        if body != paragraph.text and split_label(body) is None:
            body = paragraph.text
        for part in _split_mixed(body):
            lines.append(Paragraph(part, paragraph.line))
    return lines


_RUNNING_NUMBER = re.compile(r"^\d{1,3}[.、)]?\s+(?=\D)")
_MIXED = re.compile(r"(?<=[。？！?!”」])\s*(?=[A-Z][\w.'’&-]*(?: [\w.'’&-]+){0,5}\s?:\s)")


def _split_mixed(text: str) -> list[str]:
    """One line holding both languages, split: a table row (中文 | English |), a Chinese
    question followed by its labelled English, or a page whose line breaks were lost."""
    cells = [cell.strip() for cell in text.split(" | ") if cell.strip(" |")]
    if len(cells) == 2 and {language_of(cell.strip(" |")) for cell in cells} == {"zh", "en"}:
        return [cell.strip(" |") for cell in cells]
    if language_of(text) == "zh":
        for match in _MIXED.finditer(text):
            head, tail = text[: match.start()].strip(), text[match.end() :].strip()
            if head and split_label(tail) and language_of(tail) == "en":
                return [*_split_mixed(head), *_split_mixed(tail)]
    if len(text) >= _GLUED_PAGE:
        return _script_runs(text)
    return [text]


_GLUED_PAGE = 150  # characters: a line this long holding both languages lost its breaks
_MIN_LATIN_RUN = 30  # shorter English inside Chinese is a name or a term (BBC, HARDtalk)
_MIN_HAN_RUN = 6
_HAN_OR_LATIN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]")


def _script_runs(text: str) -> list[str]:
    """Split a long line at each change between a long Chinese and a long English stretch;
    digits, spaces and punctuation stay with the stretch they follow."""
    runs: list[list] = []  # [script, text]
    for char in text:
        kind = _HAN_OR_LATIN.match(char)
        script = ("zh" if "\u3400" <= char <= "\u9fff" else "en") if kind else None
        if runs and (script is None or script == runs[-1][0]):
            runs[-1][1] += char
        else:
            runs.append([script or "zh", char])
    merged: list[list] = []
    for script, chunk in runs:
        short = (
            len(re.findall("[A-Za-z]", chunk)) < _MIN_LATIN_RUN
            if script == "en"
            else len(re.findall("[\u3400-\u9fff]", chunk)) < _MIN_HAN_RUN
        )
        if merged and (short or merged[-1][0] == script):
            merged[-1][1] += chunk
        else:
            merged.append([script, chunk])
    parts = [chunk.strip() for _, chunk in merged if chunk.strip()]
    return parts if len(parts) > 1 else [text]


def split_header(lines: list[Paragraph]) -> list[Paragraph]:
    """Header lines as the header reader expects them: the title first, with its English
    translation when the next line gives one. A title wrapped over several short lines (as
    pages set it) is joined again."""
    paragraphs = _join_wrapped([Paragraph(p.text, p.line) for p in lines])
    if len(paragraphs) >= 2 and len(paragraphs[1].text) <= 150:
        first, second = paragraphs[0], paragraphs[1]
        if language_of(first.text) == "zh" and language_of(second.text) == "en":
            paragraphs[:2] = [Paragraph(f"{first.text}\n{second.text}", first.line)]
    return paragraphs


_WRAP_LIMIT = {"zh": 40, "en": 100}  # a title line longer than this is not a wrapped title
_SHORT_LINE = 12  # characters: a line this short (财新传媒, 世界) is a menu item, not wrapped
_SENTENCE_END = re.compile(r"[。.!！?？;；:：]$")


def _join_wrapped(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join header lines that continue one another: short, same language, the first not ending
    a sentence (a title set over two lines: 2020年3月24日外交部发言人耿爽 / 主持例行记者会)."""
    joined: list[Paragraph] = []
    for paragraph in paragraphs:
        previous = joined[-1] if joined else None
        language = language_of(paragraph.text)
        if (
            previous is not None
            and language in _WRAP_LIMIT
            and language_of(previous.text) == language
            and _SHORT_LINE < len(previous.text) <= _WRAP_LIMIT[language]
            and len(paragraph.text) <= _WRAP_LIMIT[language]
            and not _SENTENCE_END.search(previous.text)
            and not _DATE_LIKE.search(paragraph.text)
            and not _DATE_LIKE.search(previous.text)
            and not _PRESS_TITLE.search(previous.text)
        ):
            glue = "" if language == "zh" else " "
            joined[-1] = Paragraph(previous.text + glue + paragraph.text, previous.line)
        else:
            joined.append(paragraph)
    return joined


def _writes_glued_labels(text: str) -> bool:
    """Whether the file writes 问/答 and Q/A without colons (答关于…, A I don't…)."""
    lines = [line.strip() for line in text.splitlines()]
    zh = sum(1 for line in lines if _GLUED_ZH.match(line))
    en = sum(1 for line in lines if _GLUED_EN.match(line))
    return zh >= 2 and en >= 2


def _units(lines: list[Paragraph], *, glued: bool) -> list[Unit]:
    """Dialogue paragraphs with their language; a label alone on its line labels the next."""
    labels = _accepted_labels(lines, glued=glued)
    units: list[Unit] = []
    # Labels alone on their lines, waiting for their text: 寿小丽: / Shou Xiaoli: / 女士们… /
    # Ladies… gives each language its own label.
    pending: list[tuple[str, int]] = []
    used = False
    for index, paragraph in enumerate(lines):
        labelled = labels[index]
        label, text = (labelled.label, labelled.rest) if labelled else ("", paragraph.text)
        if labelled and not text:
            if used:
                pending, used = [], False
            pending.append((label, index))
            continue
        language = language_of(label) or language_of(text)  # a label says it best: 帕克斯曼:
        if not language_of(text):
            if units and not label:  # numbers or punctuation only: part of what precedes
                units[-1].text += "\n" + text
                continue
            language = "zh"
        start = index
        if pending and not label:
            waiting = next((p for p in pending if language_of(p[0]) == language), pending[0])
            label, start = waiting[0], min(i for _, i in pending)
            pending.remove(waiting)
            used = True
        else:
            pending, used = [], False
        units.append(Unit(text, paragraph.line, language, label, start))
    return units


def _accepted_labels(lines: list[Paragraph], *, glued: bool) -> list[Labelled | None]:
    """Each line's speaker label, if it is one.

    A candidate is accepted when it names a role or outlet (问, Q, Reuters), when it recurs,
    or when the neighbouring line in the other language is labelled too (主持人: … / Sackur: …);
    a title such as "驻英大使激辩BBC主播:中国不是病毒制造者!" is none of these.
    """
    candidates = [split_label(p.text, glued=glued) for p in lines]
    counts = Counter(label_key(c.label) for c in candidates if c)
    languages = [
        language_of(c.rest if c and c.rest else p.text)
        for p, c in zip(lines, candidates, strict=True)
    ]
    accepted: list[Labelled | None] = []
    for index, candidate in enumerate(candidates):
        if candidate is None:
            accepted.append(None)
            continue
        rest = candidate.rest
        partner = (not rest or bool(_SPOKEN_END.search(rest))) and any(
            0 <= j < len(lines) and candidates[j] is not None and languages[j] != languages[index]
            for j in (index - 1, index + 1, index + 2, index - 2)
        )
        outlet = (
            not candidate.bracketed
            and role_of(candidate.label) == "ask"
            and (len(rest) >= 20 or bool(_QUESTION_END.search(rest)))
        )
        # A tag repeated in a page's headings (【口译交传】…记者问(2)) recurs but says nothing.
        recurs = counts[label_key(candidate.label)] >= 2 and _spoken(candidates, candidate.label)
        ok = is_known(candidate.label) or recurs or partner or outlet
        accepted.append(candidate if ok else None)
    return _names_in_a_labelled_file(lines, candidates, accepted)


def _spoken(candidates: list[Labelled | None], label: str) -> bool:
    """Some text after this label ends as speech ends (。？！.?!), not as a heading."""
    key = label_key(label)
    return any(
        c is not None and label_key(c.label) == key and (not c.rest or _SPOKEN_END.search(c.rest))
        for c in candidates
    )


_SPOKEN_END = re.compile(r"[。？！?!.…”\"』」][\s)）]*$")
_NAME_LABEL = re.compile(r"^[\u4e00-\u9fff·]{2,6}$")


def _names_in_a_labelled_file(
    lines: list[Paragraph], candidates: list[Labelled | None], accepted: list[Labelled | None]
) -> list[Labelled | None]:
    """Once a file has shown it labels turns, a short name before a colon is a speaker too
    (劉大使: …, said once), and so is an accepted label followed by a space instead of a colon
    (劉大使 病毒…)."""
    known = {label_key(a.label) for a in accepted if a}
    if len(known) < 2:
        return accepted
    first = next(i for i, a in enumerate(accepted) if a)
    for index in range(len(lines)):
        candidate = candidates[index]
        if accepted[index] or candidate is None:
            if candidate is None and index > first:
                accepted[index] = _spaced_label(lines[index].text, known)
            continue
        rest = candidate.rest or ("" if index < first else "。")  # a label alone on its line
        if _NAME_LABEL.match(candidate.label) and _SPOKEN_END.search(rest):
            accepted[index] = candidate
            known.add(label_key(candidate.label))
    return accepted


def _spaced_label(text: str, known: set[str]) -> Labelled | None:
    head, _, rest = text.partition(" ")
    if rest and _NAME_LABEL.match(head) and label_key(head) in known and language_of(rest):
        return Labelled(head, rest.strip())
    return None


def _role(label: str) -> str | None:
    return role_of(label)


def _top_labels(units: list[Unit]) -> list[str]:
    return [label for label, _ in Counter(u.label for u in units).most_common(4)]


def _switches(units: list[Unit]) -> int:
    return sum(1 for a, b in itertools.pairwise(units) if a.language != b.language)


def _announces_press_conference(units: list[Unit]) -> bool:
    """One of the first lines names a press conference (its title)."""
    return any(_PRESS_TITLE.search(unit.text) and len(unit.text) <= 150 for unit in units[:6])


def _first_dialogue(units: list[Unit]) -> int | None:
    """Index of the first unit of dialogue: the first labelled one, or the first question."""
    for index, unit in enumerate(units):
        if unit.label:
            return index
    for index, unit in enumerate(units):
        if _QUESTION_END.search(unit.text):
            return index
    return None


def _opening(header, header_lines: list[Paragraph]) -> list[Bead]:
    """At a press conference, the text before the first question is the opening statement.

    A short line naming the press conference among it is the title (a page often shows a
    site's own heading first).
    """
    for language in ("zh", "en"):
        intro = getattr(header, f"intro_{language}")
        titles = [
            t for t in intro if "\n" not in t and could_be_title(t) and _PRESS_TITLE.search(t)
        ]
        if titles:
            title = clean_title(titles[0]) if language == "zh" else titles[0]
            setattr(header, f"title_{language}", title)
            intro[:] = [t for t in intro if t not in titles]
    title = f"{header.title_zh} {header.title_en}"
    if not _PRESS_TITLE.search(title) or not (header.intro_zh and header.intro_en):
        return []  # announcements are given in both languages; a Chinese note is an intro
    zh = [Unit(text, 0, "zh") for text in header.intro_zh]
    en = [Unit(text, 0, "en") for text in header.intro_en]
    return [Bead([z] if z else [], [e] if e else []) for z, e in _pairs(zh, en)]


def _pairs(zh: list[Unit], en: list[Unit]):
    for z, e in align([u.paragraph() for u in zh], [u.paragraph() for u in en]):
        yield (_unit(z, "zh"), _unit(e, "en"))


def _unit(paragraphs: list[Paragraph], language: str) -> Unit | None:
    if not paragraphs:
        return None
    return Unit("\n\n".join(p.text for p in paragraphs), paragraphs[0].line, language)


def _beads(units: list[Unit]) -> tuple[list[Bead], list[ParseWarning], list[Unit]]:
    """Pair each Chinese paragraph with its English, interleaved or in two blocks."""
    runs = _runs(units)
    if not runs:
        return [], [], []
    languages = {run[0].language for run in runs}
    if len(languages) == 1:
        side = next(iter(languages))
        other = "English" if side == "zh" else "Chinese"
        warning = ParseWarning(f"no {other} text was found; the {other} fields are empty")
        return [Bead(**{side: [u]}) for u in units], [warning], []
    # Lengths are weighed against the whole transcript's, so one untranslated paragraph does
    # not look like half of a merged pair.
    totals = (
        sum(len(u.text) for u in units if u.language == "zh"),
        sum(len(u.text) for u in units if u.language == "en"),
    )
    if len(runs) <= 3 and len(runs[0]) > 2:
        return _two_blocks(runs, totals)
    return _interleaved(runs, totals), [], []


def _runs(units: list[Unit]) -> list[list[Unit]]:
    runs: list[list[Unit]] = []
    for unit in units:
        if runs and runs[-1][0].language == unit.language:
            runs[-1].append(unit)
        else:
            runs.append([unit])
    return runs


def _interleaved(runs: list[list[Unit]], totals: tuple[int, int]) -> list[Bead]:
    """Consecutive runs of the two languages translate each other, whichever comes first."""
    first = runs[0][0].language
    beads: list[Bead] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        partner = runs[index + 1] if index + 1 < len(runs) else []
        if run[0].language != first or not partner:
            lone = (run, []) if run[0].language == "zh" else ([], run)
            beads.extend(_bead_run(*lone, totals))
            index += 1
            continue
        zh, en = (run, partner) if first == "zh" else (partner, run)
        beads.extend(_bead_run(zh, en, totals))
        index += 2
    return beads


def _bead_run(zh: list[Unit], en: list[Unit], totals: tuple[int, int]) -> list[Bead]:
    """Beads for a run of Chinese paragraphs and the run of English that follows it."""
    if len(zh) == len(en) or not zh or not en:
        return [Bead([z] if z else [], [e] if e else []) for z, e in _zip(zh, en)]
    beads = []
    for z, e in align([u.paragraph() for u in zh], [u.paragraph() for u in en], totals):
        beads.append(Bead([_find(zh, p) for p in z], [_find(en, p) for p in e]))
    return beads


def _zip(zh: list[Unit], en: list[Unit]):
    for index in range(max(len(zh), len(en))):
        yield (zh[index] if index < len(zh) else None, en[index] if index < len(en) else None)


def _find(units: list[Unit], paragraph: Paragraph) -> Unit:
    return next(u for u in units if u.line == paragraph.line and u.text == paragraph.text)


def _two_blocks(
    runs: list[list[Unit]], totals: tuple[int, int]
) -> tuple[list[Bead], list[ParseWarning], list[Unit]]:
    """The whole of one language, then the whole of the other: pair turn by turn.

    Unlabelled paragraphs that open the second block are its title and introduction.
    """
    blocks: dict[str, list[Unit]] = {"zh": [], "en": []}
    for run in runs:
        blocks[run[0].language].extend(run)
    second = runs[-1][0].language
    lead = next((i for i, u in enumerate(blocks[second]) if u.label), 0)
    header, blocks[second] = blocks[second][:lead], blocks[second][lead:]
    zh_turns, en_turns = _group_turns(blocks["zh"]), _group_turns(blocks["en"])
    warnings = []
    if len(zh_turns) != len(en_turns):
        message = (
            f"the Chinese has {len(zh_turns)} turns but the English {len(en_turns)}; "
            "turns were paired by length — check the speakers"
        )
        warnings.append(ParseWarning(message, line=blocks["en"][0].line))
    beads: list[Bead] = []
    zh_heads = [Paragraph(" ".join(u.text for u in t), t[0].line) for t in zh_turns]
    en_heads = [Paragraph(" ".join(u.text for u in t), t[0].line) for t in en_turns]
    for z, e in align(zh_heads, en_heads, totals):
        zh_units = [u for head in z for u in zh_turns[zh_heads.index(head)]]
        en_units = [u for head in e for u in en_turns[en_heads.index(head)]]
        beads.extend(_bead_turn(zh_units, en_units, totals))
    return beads, warnings, header


def _bead_turn(zh: list[Unit], en: list[Unit], totals: tuple[int, int]) -> list[Bead]:
    beads = _bead_run(zh, en, totals)
    for bead in beads[1:]:  # only the turn's first paragraph carries its label
        for unit in bead.zh + bead.en:
            if unit is not (zh[0] if zh else None) and unit is not (en[0] if en else None):
                unit.label = ""
    return beads


def _group_turns(units: list[Unit]) -> list[list[Unit]]:
    turns: list[list[Unit]] = []
    for unit in units:
        if unit.label or not turns:
            turns.append([unit])
        else:
            turns[-1].append(unit)
    return turns


def _labels_file(units: list[Unit]) -> bool:
    return sum(1 for u in units if u.label) >= 2


def _questions(beads: list[Bead], labelled: bool) -> list[QuestionBlock]:
    """Turn beads into questions: an asker's turn opens one, what follows answers it."""
    aliases = _aliases(beads)
    roles = _speaker_roles(beads, aliases) if labelled else {}
    questions: list[QuestionBlock] = []
    current: QuestionBlock | None = None
    asking = False  # the current turn is the asker's (continuation paragraphs extend it)
    answerer = NOBODY
    for bead in beads:
        if labelled:
            if bead.labelled:
                asking = roles.get(_speaker_key(bead.speaker, aliases)) == "ask"
            starts = bead.labelled and asking
        else:
            starts = bead.asks()
            asking = starts
        if starts or (asking and current is not None and not current.answers):
            if starts and not (current and asking and not current.answers and not bead.labelled):
                current = QuestionBlock(
                    number=len([q for q in questions if q.number]) + 1,
                    text_zh="",
                    text_en="",
                    asker=bead.speaker,
                )
                questions.append(current)
            _extend_question(current, bead)
            continue
        if current is None:
            current = QuestionBlock(number=0, text_zh="", text_en="")
            questions.append(current)
        if bead.labelled:
            answerer = bead.speaker
        row = pair([u.paragraph() for u in bead.zh], [u.paragraph() for u in bead.en], answerer)
        current.answers.append(row)
    return questions


def _extend_question(question: QuestionBlock, bead: Bead) -> None:
    zh = "\n\n".join(u.text for u in bead.zh)
    en = "\n\n".join(u.text for u in bead.en)
    question.text_zh = "\n\n".join(t for t in (question.text_zh, zh) if t)
    question.text_en = "\n\n".join(t for t in (question.text_en, en) if t)
    if question.line_zh is None and bead.zh:
        question.line_zh = bead.zh[0].line
    if question.line_en is None and bead.en:
        question.line_en = bead.en[0].line


def _aliases(beads: list[Bead]) -> dict[str, str]:
    """Each label's key, the English label of a speaker mapping to the Chinese one it stands
    beside (Zakaria → 扎卡里亚), so a turn given in one language only is still theirs."""
    aliases: dict[str, str] = {}
    for bead in beads:
        zh, en = bead.speaker.zh, bead.speaker.en
        if zh and en:
            aliases.setdefault("en:" + label_key(en), label_key(zh))
    return aliases


def _speaker_key(speaker: Speaker, aliases: dict[str, str] | None = None) -> str:
    if speaker.zh:
        return label_key(speaker.zh)
    key = "en:" + label_key(speaker.en)
    return (aliases or {}).get(key, key)


def _speaker_roles(beads: list[Bead], aliases: dict[str, str]) -> dict[str, str]:
    """Who asks and who answers: from the label where it says (问, Q, 记者, Reuters), else
    from how a speaker's turns end (mostly with question marks: an asker)."""
    turns: dict[str, list[Bead]] = {}
    for bead in beads:
        if bead.labelled:
            turns.setdefault(_speaker_key(bead.speaker, aliases), []).append(bead)
    roles: dict[str, str | None] = {}
    for key, said in turns.items():
        speaker = said[0].speaker
        role = role_of(speaker.zh) if speaker.zh else None
        roles[key] = role or (role_of(speaker.en) if speaker.en else None)
    known_asker = any(role == "ask" for role in roles.values())
    share = {
        key: sum(1 for bead in said if _ends_with_question(bead)) / len(said)
        for key, said in turns.items()
    }
    interviewer = None
    unknown = [key for key in turns if roles[key] is None]  # in order of first appearance
    if not known_asker and len(unknown) > 1 and any(share[key] for key in unknown):
        # Two people talk and no label says who asks: the one whose turns most often end in a
        # question mark, or, as often as another, the one who speaks first. When no one asks
        # anything (opening statements handing over the floor), no one is the interviewer.
        interviewer = max(unknown, key=lambda key: (share[key], -unknown.index(key)))
    for key in unknown:
        roles[key] = "ask" if key == interviewer or share[key] > 0.5 else "answer"
    return roles


def _ends_with_question(bead: Bead) -> bool:
    return any(_QUESTION_END.search(u.text) for u in bead.zh + bead.en)


__all__ = ["TurnsReader", "same_speaker", "split_paragraphs"]
