"""What is suspect in a transcript: found here so the import can refuse it or warn the curator.

Two checks look at the decoded text before any reader does:

- mojibake: UTF-8 text that was once decoded as Latin-1 (cp1252) or GBK and saved again
  (外交部 → "å¤–äº¤éƒ¨" or "澶栦氦閮�"). A run of characters is mojibake when encoding it back
  with that codec gives bytes that are valid UTF-8: that is what undoes the damage, and
  ordinary accented English (café) or ordinary Chinese almost never passes. Mostly mojibake
  refuses the file; a few such lines are warnings naming them.
- control characters (ESC, BEL, BS, other C0 and C1 controls, U+FFFD): removed from the text
  that is parsed and counted in a warning. The original text is not touched here; the caller
  keeps it as it was read.

One check looks at the parsed transcript: a last paragraph that ends mid-sentence, a missing
date, and a whole language missing (said once, whichever reader noticed it first).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text import HAN
from .data import ParseWarning, Transcript, TranscriptError
from .paragraphs import unify_newlines

# --- Mojibake -----------------------------------------------------------------------------

# Characters that Latin-1 or cp1252 make of the bytes 0x80-0xFF, and U+FFFD where a byte had
# no character (cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined).
_CP1252_EXTRAS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# cp1252's extras back to the Latin-1 characters of the same bytes; U+FFFD to a stand-in.
_TO_LATIN1 = str.maketrans(
    {char: char.encode("cp1252").decode("latin-1") for char in _CP1252_EXTRAS} | {"\ufffd": "\x80"}
)
_LATIN_RUN = re.compile(f"[\u0080-\u00ff{_CP1252_EXTRAS}\ufffd]{{2,}}")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\s]{2,}")
# One well-formed UTF-8 character of two to four bytes (no overlongs, no surrogates).
_UTF8_CHAR = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_UTF8_RUN = re.compile(rb"(?:" + _UTF8_CHAR + rb")+")
_UTF8_ONE = re.compile(_UTF8_CHAR)
# A byte lost to U+FFFD counts as a continuation byte; its character shows as �.
_LOST_COUNTED = b"\x80"
_HAN = re.compile(f"[{HAN}]")
_CJK = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef\u2010-\u2027]")
# Genuine Chinese encoded as GBK makes a valid UTF-8 character now and then by chance; a run
# of mojibake is nearly all of them (by chance: at most 0.3 over the real test files).
_GBK_SHARE = 0.6
_REFUSE_AT = 4  # characters of damage below which a file is warned about, never refused
_LINES_NAMED = 5


@dataclass(frozen=True)
class Garble:
    """A piece of one line that is mojibake, and what it would be."""

    line: int
    start: int  # offsets in the line
    end: int
    codec: str  # "Latin-1" or "GBK"
    fixed: str


def _shown(garbles: list[Garble], lines: list[str]) -> str:
    """line 3: 'å¤–äº¤éƒ¨' would be '外交部' — from the first garble to the last of its line."""
    number = garbles[0].line
    mine = [garble for garble in garbles if garble.line == number]
    line, start, end = lines[number - 1], mine[0].start, mine[-1].end
    fixed, at = [], start
    for garble in mine:
        fixed += [line[at : garble.start], garble.fixed]
        at = garble.end
    found = _printable(_short(line[start:end]))
    return f"line {number}: '{found}' would be '{_short(''.join(fixed))}'"


def find_mojibake(text: str) -> list[Garble]:
    """Every piece of the text that reads as UTF-8 once encoded back as Latin-1 or GBK."""
    garbles: list[Garble] = []
    for number, line in enumerate(unify_newlines(text).split("\n"), start=1):
        if line.isascii():
            continue
        found = _latin_garbles(number, line)
        garbles.extend(found or _gbk_garbles(number, line))
    return garbles


def _latin_garbles(number: int, line: str) -> list[Garble]:
    garbles = []
    for run in _LATIN_RUN.finditer(line):
        data, lost = _latin_bytes(run.group())
        for match in _UTF8_RUN.finditer(data):
            # One byte per character: byte offsets are character offsets.
            start, end = match.start(), match.end()
            fixed = _shown_bytes(data[start:end], [i - start for i in lost if start <= i < end])
            if _plausible_latin(fixed):
                garbles.append(
                    Garble(number, run.start() + start, run.start() + end, "Latin-1", fixed)
                )
    return garbles


def _latin_bytes(run: str) -> tuple[bytes, list[int]]:
    """The bytes that cp1252 (Latin-1 proper for 0x80-0x9F) read as the run, one per character,
    and where a byte was lost to U+FFFD."""
    lost = [i for i, char in enumerate(run) if char == "\ufffd"]
    return run.translate(_TO_LATIN1).encode("latin-1"), lost


def _plausible_latin(fixed: str) -> bool:
    """Undone mojibake is text; one CJK character alone is as likely a French 'é »'."""
    if any(unicodedata.category(char).startswith("C") for char in fixed.replace("\ufffd", "")):
        return False
    return len(fixed) >= 2 or not _HAN.match(fixed)


def _gbk_garbles(number: int, line: str) -> list[Garble]:
    garbles = []
    for run in _NON_ASCII_RUN.finditer(line):
        encoded = _gbk_bytes(run.group())
        if encoded is None:
            continue  # not text that GBK could have made
        data, lost = encoded
        found = [m.group().decode("utf-8") for m in _UTF8_ONE.finditer(data)]
        cjk = [char for char in found if _CJK.match(char)]
        if len(cjk) >= 2 and 3 * len(cjk) >= _GBK_SHARE * len(data):
            fixed = _shown_bytes(data, lost)
            garbles.append(Garble(number, run.start(), run.end(), "GBK", fixed))
    return garbles


def _gbk_bytes(run: str) -> tuple[bytes, list[int]] | None:
    """The bytes that GBK read as the run and where a byte was lost to U+FFFD, or None if GBK
    cannot have made it."""
    try:
        parts = [part.encode("gbk") for part in run.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    lost, at = [], 0
    for part in parts[:-1]:
        at += len(part)
        lost.append(at)
        at += len(_LOST_COUNTED)
    return _LOST_COUNTED.join(parts), lost


def _shown_bytes(data: bytes, lost: list[int]) -> str:
    """The UTF-8 text the bytes were, with � for each character that lost a byte."""
    shown, at = [], 0
    for match in _UTF8_ONE.finditer(data):
        if match.start() > at:
            shown.append("\ufffd")  # bytes that make no character
        damaged = any(match.start() <= i < match.end() for i in lost)
        shown.append("\ufffd" if damaged else match.group().decode("utf-8"))
        at = match.end()
    return "".join(shown) + ("\ufffd" if at < len(data) else "")


def mojibake_warnings(text: str, garbles: list[Garble], *, source: str) -> list[ParseWarning]:
    """Refuse a text that is mostly mojibake; otherwise one warning per damaged line."""
    if not garbles:
        return []
    lines = unify_newlines(text).split("\n")
    first = garbles[0]
    if _mostly_garbled(lines, garbles):
        message = (
            f"the text looks like UTF-8 read as {first.codec} (e.g. {_shown(garbles, lines)}); "
            "save it again as UTF-8"
        )
        raise TranscriptError(message, source=source, line=first.line)
    by_line = {garble.line: garble for garble in reversed(garbles)}  # the first of each line
    damaged = sorted(by_line.values(), key=lambda garble: garble.line)
    warnings = [
        ParseWarning(
            f"{_shown([g for g in garbles if g.line == garble.line], lines)} — this line looks "
            f"like UTF-8 read as {garble.codec}; check it against the source",
            line=garble.line,
        )
        for garble in damaged[:_LINES_NAMED]
    ]
    if rest := damaged[_LINES_NAMED:]:
        numbers = ", ".join(str(garble.line) for garble in rest)
        message = f"{len(rest)} more lines look like mojibake the same way (lines {numbers})"
        warnings.append(ParseWarning(message, line=rest[0].line))
    return warnings


def _mostly_garbled(lines: list[str], garbles: list[Garble]) -> bool:
    """More characters were damaged than the non-ASCII characters left intact."""
    damaged = sum(len(garble.fixed.replace("\ufffd", "")) for garble in garbles)
    in_garbles = sum(_non_ascii(lines[g.line - 1][g.start : g.end]) for g in garbles)
    intact = sum(_non_ascii(line) for line in lines) - in_garbles
    return damaged >= _REFUSE_AT and damaged > intact


def _non_ascii(text: str) -> int:
    return len(_NON_ASCII.findall(text))


# --- Control characters -------------------------------------------------------------------

# C0 and C1 controls except tab, line feed and carriage return; DEL; the replacement
# character. An ANSI escape sequence (ESC [ 31 m) goes as a whole, not leaving "[31m".
_CONTROL = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
# Those that separate words or pages become a space, so words are not glued together.
_SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"
_NAMES = {
    "\x07": "BEL",
    "\x08": "BS",
    "\x0b": "VT",
    "\x0c": "FF",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\ufffd": "U+FFFD",
}


def strip_controls(text: str, garbles: list[Garble]) -> tuple[str, ParseWarning | None]:
    """The text without control characters, and a warning that counts them by name and line.

    Controls inside mojibake (Latin-1 turns bytes 0x80-0x9F into C1 controls) are removed too
    but not counted: the mojibake warning already names those lines.
    """
    if _CONTROL.search(text) is None:
        return text, None
    spans = {(g.line, i) for g in garbles for i in range(g.start, g.end)}
    names: dict[str, int] = {}
    lines_found: list[int] = []
    out_lines = []
    for number, line in enumerate(unify_newlines(text).split("\n"), start=1):
        if _CONTROL.search(line) is None:
            out_lines.append(line)
            continue
        for match in _CONTROL.finditer(line):
            if (number, match.start()) not in spans:
                name = _name(match.group())
                names[name] = names.get(name, 0) + 1
                if not lines_found or lines_found[-1] != number:
                    lines_found.append(number)
        out_lines.append(_CONTROL.sub(_replacement, line))
    cleaned = "\n".join(out_lines)
    return cleaned, _control_warning(names, lines_found) if names else None


def _replacement(match: re.Match[str]) -> str:
    return " " if match.group() in _SEPARATORS else ""


def _name(found: str) -> str:
    char = found[0]
    if found.startswith("\x1b["):
        return "ANSI escape"
    return _NAMES.get(char) or f"U+{ord(char):04X}"


def _control_warning(names: dict[str, int], lines: list[int]) -> ParseWarning:
    count = sum(names.values())
    kinds = ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in names.items())
    shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
    where = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
    message = (
        f"{count} control character{'s' if count > 1 else ''} ({kinds}) removed from {where}; "
        "the original text keeps them"
    )
    return ParseWarning(message, line=lines[0])


def check_text(text: str, *, source: str = "<text>") -> tuple[str, list[ParseWarning]]:
    """The text to parse and what the curator should know about it; refuses mojibake."""
    garbles = find_mojibake(text)
    warnings = mojibake_warnings(text, garbles, source=source)
    cleaned, control = strip_controls(text, garbles)
    return cleaned, warnings + ([control] if control else [])


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- The parsed transcript ----------------------------------------------------------------

NO_DATE = (
    "no date found; the interview will be listed under 'date unknown' until a curator sets one"
)
CUT_OFF = "the transcript may be cut off: the last paragraph ends mid-sentence"
_SIDE_MISSING = re.compile(r"^no (Chinese|English) \w+ was found")
# What a finished sentence may end with, closing quotes and brackets included.
_CLOSING = set("。！？…”’」』）》】.!?\"')]—―")


def check_transcript(transcript: Transcript) -> None:
    """Add the warnings about the whole transcript; running it again changes nothing."""
    warnings = [w for w in transcript.warnings if not w.message.startswith((NO_DATE, CUT_OFF))]
    warnings = _one_per_missing_side(transcript, warnings)
    warnings += _cut_off(transcript)
    if transcript.date is None:
        warnings.append(ParseWarning(NO_DATE))
    transcript.warnings = warnings


def _one_per_missing_side(
    transcript: Transcript, warnings: list[ParseWarning]
) -> list[ParseWarning]:
    """Readers word it their own way; whatever said it first stays, repeats go."""
    missing = {
        "Chinese": not transcript.has_chinese and transcript.has_english,
        "English": not transcript.has_english and transcript.has_chinese,
    }
    kept, said = [], set()
    for warning in warnings:
        match = _SIDE_MISSING.match(warning.message)
        if match and match[1] in said:
            continue
        if match:
            said.add(match[1])
        kept.append(warning)
    for side, is_missing in missing.items():
        if is_missing and side not in said:
            message = f"no {side} text was found; the {side} fields are empty"
            kept.append(ParseWarning(message))
    return kept


def _cut_off(transcript: Transcript) -> list[ParseWarning]:
    """A warning for each language whose last paragraph stops without closing punctuation."""
    warnings = []
    for text, line in _last_paragraphs(transcript):
        ending = text.rstrip()
        if ending and ending[-1] not in _CLOSING:
            message = f"{CUT_OFF} ('…{ending[-40:]}')"
            warnings.append(ParseWarning(message, line=line))
    return warnings


def _last_paragraphs(transcript: Transcript) -> list[tuple[str, int | None]]:
    """The last Chinese and the last English paragraph of the dialogue, with their lines."""
    found = []
    for side in ("zh", "en"):
        for question in reversed(transcript.questions):
            cells = [
                (getattr(a, f"text_{side}"), getattr(a, f"line_{side}")) for a in question.answers
            ]
            cells.insert(0, (getattr(question, f"text_{side}"), getattr(question, f"line_{side}")))
            last = next(((text, line) for text, line in reversed(cells) if text.strip()), None)
            if last:
                found.append(last)
                break
    return found
