"""Chinese shown in simplified or traditional characters, as the reader asks (``?script=``).

The archive stores each text as it was published (``Interview.script`` says which script that
is). A reader may ask to see it otherwise: ``?script=hans`` simplified, ``hant`` traditional,
``tw`` traditional with Taiwan's usage and phrasing (软件 → 軟體), ``hk`` Hong Kong's. The text is
converted by OpenCC when the page is rendered; the database, citations and exports keep the
stored text. Like ``?ui=``, the choice is a URL parameter carried by links, so pages stay
cookie-free and each variant is cached under its own URL.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString, mark_safe

PARAMETER = "script"
SIMPLIFIED, TRADITIONAL = "zh-Hans", "zh-Hant"


@dataclass(frozen=True)
class Script:
    """One way of showing Chinese: its parameter value, label, lang tag and OpenCC configs."""

    value: str
    label: str  # in its own characters, as readers look for it
    lang: str
    from_simplified: str | None  # OpenCC config; None keeps the text as it is
    from_traditional: str | None

    def config(self, stored: str) -> str | None:
        """The conversion from text stored in this script (zh-Hans or zh-Hant), if any."""
        return self.from_traditional if stored == TRADITIONAL else self.from_simplified


SCRIPTS = {
    script.value: script
    for script in (
        Script("hans", "简体", SIMPLIFIED, None, "t2s"),
        Script("hant", "繁體", TRADITIONAL, "s2t", None),
        Script("tw", "臺灣正體", "zh-Hant-TW", "s2twp", "t2tw"),
        Script("hk", "香港繁體", "zh-Hant-HK", "s2hk", "t2hk"),
    )
}

# Markup and character references in highlighted text are kept out of the conversion.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def chosen_script(request: HttpRequest | None) -> Script | None:
    """The script the request asks for; None for the stored one."""
    if request is None:
        return None
    return SCRIPTS.get(request.GET.get(PARAMETER, ""))


@functools.cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@functools.lru_cache(maxsize=4096)
def _convert(text: str, config: str) -> str:
    return _converter(config).convert(text)


def convert(text: str, stored: str, script: Script | None) -> str:
    """The text, stored in the script `stored`, as the reader's chosen script shows it.

    Safe HTML (a highlighted hit) stays safe: only the text between its tags is converted.
    """
    config = script.config(stored) if script and text else None
    if config is None:
        return text
    if isinstance(text, SafeString):
        pieces = _MARKUP.split(text)
        return mark_safe("".join(p if i % 2 else _convert(p, config) for i, p in enumerate(pieces)))
    return _convert(text, config)


def lang(stored: str, script: Script | None) -> str:
    """The lang attribute of Chinese text stored in `stored` as shown in the chosen script."""
    return script.lang if script else stored or SIMPLIFIED


def with_script(url: str, script: Script | None) -> str:
    """The URL with the reader's script choice added (nothing when there is none)."""
    if script is None:
        return url
    parts = urlsplit(url)
    query = QueryDict(parts.query, mutable=True)
    query[PARAMETER] = script.value
    return urlunsplit(parts._replace(query=query.urlencode()))


def context(request: HttpRequest) -> dict:
    """Template context: the chosen script (None for the stored one) and the choices."""
    script = chosen_script(request)
    return {
        "script_choice": script,
        "script_param": script.value if script else "",
        "script_choices": list(SCRIPTS.values()),
    }
