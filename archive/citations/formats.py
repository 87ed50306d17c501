"""Citation downloads written from the CSL-JSON item: CSL-JSON itself, BibTeX and RIS.

Reference managers (Zotero, EndNote, JabRef, BibDesk) import these. Each writer escapes for its
format: BibTeX's special characters become LaTeX commands and names are braced so they are not
split into given and family names; RIS values are one line each.
"""

from __future__ import annotations

import json
import re

# BibTeX/LaTeX: characters with a meaning of their own, and what stands for them literally.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX))
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def csl_json(item: dict) -> str:
    """A CSL-JSON file: a list holding the one item (what Zotero and pandoc read)."""
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def latex_escape(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda match: _LATEX[match.group()], _one_line(text))


def _one_line(text: str) -> str:
    return _LINE_BREAKS.sub(" ", text).strip()


def _names(item: dict, role: str) -> list[str]:
    return [name["literal"] for name in item.get(role, [])]


def _date(item: dict, variable: str) -> list[int]:
    parts = item.get(variable, {}).get("date-parts", [[]])[0]
    return list(parts)


def bibtex(item: dict) -> str:
    """One @misc entry (BibTeX has no interview type; biblatex reads the same fields)."""
    fields: list[tuple[str, str]] = []
    authors = _names(item, "author")
    if authors:
        # Double braces: a literal name, never split into first and last names.
        fields.append(("author", " and ".join("{" + latex_escape(n) + "}" for n in authors)))
    fields.append(("title", "{" + latex_escape(item["title"]) + "}"))
    interviewers = _names(item, "interviewer")
    if interviewers:
        fields.append(("howpublished", latex_escape("Interview by " + "; ".join(interviewers))))
    if item.get("container-title"):
        fields.append(("publisher", latex_escape(item["container-title"])))
    issued = _date(item, "issued")
    if issued:
        fields.append(("year", str(issued[0])))
        fields.append(("month", MONTHS[issued[1] - 1]))
        fields.append(("date", "-".join(f"{part:02d}" for part in issued)))
    accessed = _date(item, "accessed")
    if accessed:
        fields.append(("urldate", "-".join(f"{part:02d}" for part in accessed)))
    if item.get("archive_location"):
        fields.append(("note", latex_escape(item["archive_location"])))
    if item.get("archive"):
        fields.append(("organization", latex_escape(item["archive"])))
    fields.append(("url", item["URL"]))  # our own address: nothing in it needs escaping
    fields.append(("language", item["language"]))
    key = re.sub(r"[^A-Za-z0-9-]", "", item["id"]) or "duihua"
    # month is a BibTeX macro (jan, feb…), written without braces; everything else braced.
    body = ",\n".join(
        f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
        for name, value in fields
    )
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(item: dict) -> str:
    """One RIS record, typed PCOMM as Zotero exports interviews (AU interviewee, A2 interviewer)."""
    lines = [("TY", "PCOMM")]
    lines += [("AU", name) for name in _names(item, "author")]
    lines += [("A2", name) for name in _names(item, "interviewer")]
    lines.append(("TI", item["title"]))
    if item.get("container-title"):
        lines.append(("PB", item["container-title"]))
    issued = _date(item, "issued")
    if issued:
        lines.append(("PY", str(issued[0])))
        lines.append(("DA", "/".join(f"{part:02d}" for part in issued)))
    accessed = _date(item, "accessed")
    if accessed:
        lines.append(("Y2", "/".join(f"{part:02d}" for part in accessed)))
    lines.append(("M3", "Interview"))
    if item.get("archive"):
        lines.append(("DB", item["archive"]))
    if item.get("archive_location"):
        lines.append(("AN", item["archive_location"]))
    lines.append(("UR", item["URL"]))
    lines.append(("LA", item["language"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


DOWNLOADS = {
    # extension: (writer, content type, label)
    "bib": (bibtex, "application/x-bibtex; charset=utf-8", "BibTeX"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8", "RIS"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
}
