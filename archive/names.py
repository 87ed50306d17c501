"""People's names in Chinese, English and pinyin: the romanization suggested for a Chinese name,
and the folded keys by which a name is recognised however it is typed.

Chinese names are written in English surname first, the given name as one word: 李勇 → Li Yong,
习近平 → Xi Jinping, 欧阳修 → Ouyang Xiu. A surname may be two characters (欧阳, 司马), and some
characters are read differently as surnames (单 Shan, 曾 Zeng, 解 Xie), which pypinyin's
phrase data does not know, so both are listed here.

A name key is what remains of a name once script, case, tone marks and spacing are folded
away: 李勇 and 李勇 → 李勇, "Li Yong", "liyong" and "Lǐ Yǒng" → liyong. Free of Django.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

from .search.analysis import fold
from .text import HAN

# Two-character surnames, in simplified characters (names are folded before the lookup).
_COMPOUND_SURNAMES = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 "
    "令狐 端木 西门 南宫 独孤 呼延 轩辕 澹台 公羊 万俟 闻人 东郭 申屠 "
    "太史 钟离 赫连 单于 濮阳 淳于 鲜于 司空 宗政 拓跋 左丘 公冶 乐正 "
    "巫马 颛孙 司寇 东门 第五 百里 完颜 耶律"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES.split())
# Characters (and compound surnames) read otherwise as a surname than in most words.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "覃": "qin",
    "乐": "yue",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "黑": "he",
    "折": "she",
    "谌": "chen",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "单于": "chanyu",
}
# A suggestion is made only for what looks like a Chinese personal name: two to four Han
# characters. Transliterated foreign names (安东尼奥·古特雷斯) have an English name of their own.
CHINESE_NAME = re.compile(f"[{HAN}]{{2,4}}")
_NOT_KEY = re.compile(r"[\W_]+")


def surname_and_given(name_zh: str) -> tuple[str, str]:
    """The name split into surname and given name, the surname two characters if it is a
    known compound surname."""
    simplified = fold(name_zh)
    length = 2 if simplified[:2] in COMPOUND_SURNAMES and len(simplified) > 2 else 1
    return simplified[:length], simplified[length:]


def _syllables(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)


def _given_name(syllables: list[str]) -> str:
    """Syllables written together, with an apostrophe where a syllable starting with a, o or e
    would otherwise run into the one before (Jia'en)."""
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in "aoe":
            word += "'"
        word += syllable
    return word


def romanize(name_zh: str) -> str:
    """The pinyin of a Chinese personal name as written in English, or "" if it is not one.

    李勇 → Li Yong, 欧阳修 → Ouyang Xiu, 习近平 → Xi Jinping, 曾国藩 → Zeng Guofan.
    """
    name_zh = name_zh.strip()
    if not CHINESE_NAME.fullmatch(name_zh):
        return ""
    surname, given = surname_and_given(name_zh)
    surname_pinyin = SURNAME_READINGS.get(surname) or _given_name(_syllables(surname))
    return f"{surname_pinyin.capitalize()} {_given_name(_syllables(given)).capitalize()}"


def name_key(text: str) -> str:
    """A name folded for comparison: simplified characters, no tone marks, case, spaces or
    punctuation (“Lǐ Yǒng” → liyong, 李勇 → 李勇)."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_KEY.sub("", unicodedata.normalize("NFC", bare)).lower()


def pinyin_key(name_zh: str) -> str:
    """The name key of a Chinese name's pinyin, whatever English name the person has."""
    if not re.search(f"[{HAN}]", name_zh):
        return ""
    return name_key(romanize(name_zh) or "".join(_syllables(fold(name_zh))))


def keys_of(name_zh: str, name_en: str) -> tuple[str, str, str]:
    """A person's name keys: of the Chinese name, of its pinyin, and of the English name."""
    return name_key(name_zh), pinyin_key(name_zh), name_key(name_en)
