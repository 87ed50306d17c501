"""Speaker labels at the start of a paragraph: 问: / Q:, 记者: / Reporter:, 王毅: / Wang Yi:,
[记者], 路透社记者: / Reuters:, and who among them asks and who answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import fold_width, language_of

# Labels that always ask, or always answer, in both languages (compared in lower case).
ASKERS = {
    "问", "問", "q", "question", "记者", "記者", "reporter", "journalist", "主持人", "host",
    "moderator", "interviewer", "提问", "提問", "提问者", "questioner", "anchor", "主持",
    "采访者", "採訪者", "追问", "追問", "follow-up", "follow up", "follow-up question",
}  # fmt: skip
ANSWERERS = {"答", "a", "answer", "回答", "答复", "答覆"}
# Outlets and reporters of outlets: 路透社记者, 《中国日报》记者, Reuters, The Paper.
_ASKER_PATTERN = re.compile(
    r"(?:记者|記者|主持人|主播|编辑|編輯|社$|台$|报$|報$|网$|網$|》$"
    r"|\breporter\b|\bcorrespondent\b|\bjournalist\b|\bhost\b|\bnews\b|\btimes\b|\bpost\b"
    r"|\bdaily\b|\bpress\b|\bagency\b|\btv\b|\bradio\b|\bmedia\b)",
    re.I,
)
_KNOWN_OUTLETS = {
    "reuters", "afp", "ap", "bbc", "cnn", "bloomberg", "nhk", "kyodo", "xinhua", "cctv", "cgtn",
    "efe", "ria novosti", "tass", "yonhap", "the paper", "china daily", "global times",
    "phoenix tv", "dpa", "ansa", "abc", "nbc", "cbs", "fox news", "al jazeera", "sputnik",
}  # fmt: skip

# Words that end prose, not names: 他说：, 报道称：, 指出：
_PROSE_ENDINGS = (
    "说", "說", "表示", "指出", "认为", "認為", "称", "稱", "道", "强调", "強調", "如下",
)  # fmt: skip
# Header fields and notes that look like labels but are not speakers.
_NOT_SPEAKERS = re.compile(
    r"^(?:发布日期|發布日期|發佈日期|发布时间|發布時間|發佈時間|日期|时间|時間|来源|來源|地点|地點|"
    r"作者|编辑|編輯|责任编辑|責任編輯|推荐人|推薦人|发布人|發布人|發佈人|发布人员|發布人員|新闻来源|"
    r"新聞來源|双语资料|雙語資料|转自|轉自|电话|電話|微信|微信号|qq|地址|邮箱|郵箱|整理|翻译|翻譯|"
    r"译者|譯者|原文|链接|鏈接|photo|image|translator|translation|注|備註|备注|附|主题|主題|标题|標題|关键词|關鍵詞|摘要|"
    r"published(?: on)?|date|time|source|location|venue|place|note|notes|editor|author|"
    r"subject|title|tags?|keywords?|summary|https?|www|tel|fax|email|e-mail|p\.?s)$",
    re.I,
)
_NUMBERED_QUESTION = re.compile(
    r"^(?:问题|問題)\s*[0-9一二三四五六七八九十]|^(?:q|question)\s*\d", re.I
)

_BRACKETED = re.compile(
    r"^[\[【〔]\s*(?P<label>[^\]】〕]{1,40}?)\s*[\]】〕]\s*[:：]?\s*(?P<rest>.*)$"
)
_COLON = re.compile(r"^(?P<label>[^:：]{1,40}?)\s*[:：]\s*(?P<rest>.*)$")
_LABEL_PUNCTUATION = re.compile(r"[,，。;；!！?？“”\"()（）]")
_GLUED = re.compile(r"^(?P<label>[问答問](?![题題])|[QA](?= ))\s*(?P<rest>\S.+)$")

_EN_LABEL_WORD = re.compile(
    r"^(?:[A-Z0-9][\w.'’\\&-]*|of|the|and|for|de|da|del|van|von|al|bin|la|le|du)$"
)
MAX_ZH_LABEL = 16  # characters: 中华人民共和国外交部部长王毅
# A label alone on its line may carry a full title: 国务院新闻办新闻局副局长、新闻发言人寿小丽
MAX_ZH_LABEL_ALONE = 28
MAX_EN_WORDS = 6


@dataclass(frozen=True)
class Labelled:
    """A line split into its speaker label (as written) and the text that follows."""

    label: str
    rest: str
    bracketed: bool = False  # [记者] rather than 记者:


# A reporter's lead-in naming the speaker: "At the beginning of the press conference, Premier
# Li Keqiang said: Friends from the press, …"
_NARRATIVE = re.compile(
    r"^(?:At|In|During|Opening)\b[^:：]{0,80}?,\s*"
    r"(?P<label>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*)\s+(?:said|says|stated|remarked)"
    r"\s*[:：]\s*(?P<rest>\S.*)$"
)


def split_label(line: str, *, glued: bool = False) -> Labelled | None:
    """The speaker label at the start of a line, if it has one.

    `glued` also accepts 问/答 and Q/A written without a colon ("答关于…", "A I don't…"),
    which only makes sense once a file has shown that it writes them so.
    """
    folded = fold_width(line)
    for pattern in (_BRACKETED, _COLON):
        if match := pattern.match(folded):
            label = line[match.start("label") : match.end("label")].strip()
            rest = line[match.start("rest") :].strip() if match["rest"] else ""
            if _is_label(label, rest):
                return Labelled(label, rest, bracketed=pattern is _BRACKETED)
    if match := _NARRATIVE.match(folded):
        return Labelled(match["label"], line[match.start("rest") :].strip())
    if glued and (match := _GLUED.match(folded)):
        return Labelled(line[: match.end("label")], line[match.start("rest") :].strip())
    return None


def _is_label(label: str, rest: str) -> bool:
    if not label or rest.startswith("//") or _NOT_SPEAKERS.match(label.strip()):
        return False
    if _NUMBERED_QUESTION.match(label) or re.fullmatch(r"[\d\s.:年月日-]+", label):
        return False
    if _LABEL_PUNCTUATION.search(label.replace("《", "").replace("》", "")):
        return False
    if language_of(label) == "en":
        words = label.split()
        if label.lower() in ASKERS | ANSWERERS:
            return True
        # Names and outlets are capitalised word by word (Wang Yi, The Paper, People's Daily);
        # a heading such as "Premier Li meets the press" is not.
        return len(words) <= MAX_EN_WORDS and all(_EN_LABEL_WORD.match(w) for w in words)
    if len(label) > (MAX_ZH_LABEL_ALONE if not rest else MAX_ZH_LABEL):
        return False
    return not (len(label) > 1 and label.endswith(_PROSE_ENDINGS))


def is_known(label: str) -> bool:
    """A label that names a role or an outlet by itself, wherever it stands (问, Q, Reuters)."""
    key = _key(label)
    return key in ASKERS or key in ANSWERERS or key in _KNOWN_OUTLETS


def role_of(label: str) -> str | None:
    """'ask', 'answer', or None when the label alone does not say."""
    key = _key(label)
    if key in ASKERS:
        return "ask"
    if key in ANSWERERS:
        return "answer"
    if key in _KNOWN_OUTLETS or _ASKER_PATTERN.search(key):
        return "ask"
    return None


def label_key(label: str) -> str:
    """A label as compared: width-folded, lower case, without brackets and backslashes."""
    return _key(label)


def _key(label: str) -> str:
    return " ".join(fold_width(label).replace("\\", "").lower().strip("[]【】〔〕 ").split())


def same_speaker(a: str, b: str) -> bool:
    return _key(a) == _key(b)
