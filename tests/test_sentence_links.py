"""The sentence pair of a match: which sentence holds it and which sentence is aligned with it."""

import pytest

from archive.concordance.align import align_sentences
from archive.concordance.links import Link, holding, joined, load_links, sentence_links
from archive.concordance.store import digest
from archive.search.highlight import matched_spans
from archive.search.query import parse_query
from tests.factories import build_question

ZH = "我们坚定支持多边主义。保护主义没有出路。各国应当加强合作。"
EN = "We firmly support multilateralism. Protectionism leads nowhere. Countries should cooperate."
ZH_HANT = "我們堅定支持多邊主義。保護主義沒有出路。各國應當加強合作。"


def aligned(text_zh: str, text_en: str) -> list[Link]:
    """The links the archive stores for this pair (store.links_for), as they are read back."""
    stamp = digest(text_zh, text_en)
    return [
        Link(*pair.zh, *pair.en, pair.confidence, stamp)
        for pair in align_sentences(text_zh, text_en)
    ]


def lead(q: str, language: str, text_zh: str = ZH, text_en: str = EN) -> tuple[str, str]:
    """The sentence pair holding the first match of q on the `language` side, as text."""
    texts = {"zh": text_zh, "en": text_en}
    matches = matched_spans(texts[language], parse_query(q).highlight_phrases())
    found = sentence_links(text_zh, text_en, aligned(text_zh, text_en), matches, language)
    if not found:
        return "", ""
    pair = joined(found)
    return text_zh[slice(*pair.zh)], text_en[slice(*pair.en)]


def test_the_sample_pair_is_aligned_sentence_by_sentence():
    assert len(aligned(ZH, EN)) == 3


def test_a_chinese_match_gives_its_sentence_and_the_english_aligned_with_it():
    assert lead("保护主义", "zh") == ("保护主义没有出路。", "Protectionism leads nowhere.")


def test_an_english_match_gives_its_sentence_and_the_chinese_aligned_with_it():
    assert lead("cooperation", "en") == ("各国应当加强合作。", "Countries should cooperate.")


def test_a_quoted_phrase_gives_the_sentence_of_its_exact_words():
    assert lead('"leads nowhere"', "en")[0] == "保护主义没有出路。"
    assert lead('"lead nowhere"', "en") == ("", "")  # exact forms only, as search marks them


def test_a_simplified_query_finds_its_sentence_in_traditional_text():
    assert lead("保护主义", "zh", text_zh=ZH_HANT) == (
        "保護主義沒有出路。",
        "Protectionism leads nowhere.",
    )
    assert lead("保護主義", "zh") == ("保护主义没有出路。", "Protectionism leads nowhere.")


def test_the_first_match_decides_when_the_query_occurs_in_several_sentences():
    assert lead("主义", "zh") == ("我们坚定支持多边主义。", "We firmly support multilateralism.")


def test_nothing_without_links_a_match_or_links_that_fit_the_texts():
    matches = [(11, 15)]
    assert sentence_links(ZH, EN, [], matches, "zh") == []
    assert sentence_links(ZH, EN, aligned(ZH, EN), [], "zh") == []
    # Links made for a longer text point past the end of the text as it now stands.
    assert sentence_links(ZH[:12], EN[:20], aligned(ZH, EN), matches, "zh") == []


def test_a_match_running_across_two_sentences_takes_both_and_their_translations():
    links = aligned(ZH, EN)
    across = (ZH.index("主义。") + 1, ZH.index("保护") + 2)
    found = sentence_links(ZH, EN, links, [across], "zh")
    assert found == links[:2]
    pair = joined(found)
    assert EN[slice(*pair.en)] == "We firmly support multilateralism. Protectionism leads nowhere."


def test_a_match_outside_every_linked_sentence_has_no_pair():
    links = [Link(0, 5, 0, 10, 0.9, ""), Link(8, 12, 12, 20, 0.9, "")]
    assert holding(links, "zh", 5, 7) == []  # between the two sentences
    assert holding(links, "zh", 6, 10) == []  # starts between them
    assert holding(links, "zh", 3, 9) == links  # runs from one into the next
    assert holding(links, "zh", 3, 3) == []  # empty
    assert holding(links, "zh", 1, 4) == links[:1]


def test_an_untranslated_sentence_pairs_with_nothing_and_keeps_its_neighbours_offsets():
    # The second Chinese sentence has no English (stored as the empty span (0, 0)).
    links = [Link(0, 5, 0, 10, 0.9, ""), Link(6, 9, 0, 0, 0.4, ""), Link(10, 14, 11, 20, 0.8, "")]
    assert joined(links[1:2]).en == (0, 0)
    two = joined(holding(links, "zh", 4, 7))
    assert (two.zh, two.en, two.confidence) == ((0, 9), (0, 10), 0.4)


@pytest.mark.django_db
def test_links_of_a_page_are_read_in_one_query_in_reading_order(
    search_index, committed, django_assert_num_queries
):
    with committed():
        question = build_question([(ZH, EN), ("只有一句。", "Only one.")])
    first, second = question.answers.order_by("position")
    with django_assert_num_queries(1):
        links = load_links([first.pk, second.pk])
    assert links[first.pk] == aligned(ZH, EN)
    assert len(links[second.pk]) == 1
