"""Sentences of each paragraph pair: how they are split, aligned, stored and kept current."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.concordance import evaluation
from archive.concordance.align import align_sentences
from archive.concordance.models import SentenceLink
from archive.concordance.sentences import split_en, split_zh
from archive.importing import import_file
from tests.factories import AnswerFactory, build_question


def pieces(text, spans):
    return [text[a:b] for a, b in spans]


# Splitting --------------------------------------------------------------------------------


def test_chinese_sentences_end_at_full_stops_question_marks_and_semicolons():
    text = "我们要加强合作；这很重要。您怎么看？很好！"
    expected = ["我们要加强合作；", "这很重要。", "您怎么看？", "很好！"]
    assert pieces(text, split_zh(text)) == expected


def test_a_closing_quote_stays_with_the_sentence_it_closes():
    text = "他说：“我们支持多边主义。”随后离开。"
    assert pieces(text, split_zh(text)) == ["他说：“我们支持多边主义。”", "随后离开。"]


def test_an_ellipsis_ends_a_chinese_sentence_only_before_a_space_or_quote():
    text = "钢铁、水泥等等……的产能过剩。然后…… 我们走了。"
    assert pieces(text, split_zh(text)) == ["钢铁、水泥等等……的产能过剩。", "然后……", "我们走了。"]


def test_numbered_items_after_a_colon_are_sentences_of_their_own():
    text = "工发组织有三项任务：（一）减贫，（二）创新"
    assert pieces(text, split_zh(text)) == ["工发组织有三项任务：", "（一）减贫，（二）创新"]
    listed = "主要有两点：一是绿色工业，二是数字化"
    assert pieces(listed, split_zh(listed))[0] == "主要有两点："


def test_english_abbreviations_decimals_and_initials_do_not_end_a_sentence():
    text = "Mr. Li said the U.S. economy grew 2.5 per cent. J. K. Rowling agreed. Then we left."
    assert pieces(text, split_en(text)) == [
        "Mr. Li said the U.S. economy grew 2.5 per cent.",
        "J. K. Rowling agreed.",
        "Then we left.",
    ]


def test_a_quoted_question_stays_inside_its_sentence():
    text = '"Is it green?" he asked. She said yes.'
    assert pieces(text, split_en(text)) == ['"Is it green?" he asked.', "She said yes."]


def test_sentence_spans_point_into_the_text_even_when_a_sentence_repeats():
    text = "Yes.  Yes. No."
    assert split_en(text) == [(0, 4), (6, 10), (11, 14)]


# Aligning ---------------------------------------------------------------------------------


def beads(zh, en):
    return [(zh[p.zh[0] : p.zh[1]], en[p.en[0] : p.en[1]]) for p in align_sentences(zh, en)]


def test_sentences_that_translate_one_to_one_are_paired_in_order():
    zh = "工发组织成立于1966年。它的总部在维也纳。"
    en = "UNIDO was founded in 1966. Its headquarters are in Vienna."
    assert beads(zh, en) == [
        ("工发组织成立于1966年。", "UNIDO was founded in 1966."),
        ("它的总部在维也纳。", "Its headquarters are in Vienna."),
    ]


def test_two_chinese_sentences_rendered_as_one_english_sentence_form_one_bead():
    zh = (
        "我们支持多边主义。我们反对保护主义。"
        "新冠肺炎疫情给全球经济带来了沉重打击，许多国家陷入衰退。"
    )
    en = (
        "We support multilateralism and oppose protectionism. The COVID-19 pandemic has dealt "
        "a heavy blow to the global economy, and many countries have fallen into recession."
    )
    assert beads(zh, en)[0] == (
        "我们支持多边主义。我们反对保护主义。",
        "We support multilateralism and oppose protectionism.",
    )


def test_a_sentence_left_untranslated_joins_a_neighbour_and_the_rest_stay_paired():
    zh = "会议于2019年举行。谢谢大家！约有50个国家参加了会议。"
    en = "The meeting was held in 2019. About 50 countries took part."
    assert beads(zh, en) == [
        ("会议于2019年举行。谢谢大家！", "The meeting was held in 2019."),
        ("约有50个国家参加了会议。", "About 50 countries took part."),
    ]


def test_a_one_sided_paragraph_is_one_bead():
    pairs = align_sentences("只有中文。没有翻译。", "")
    assert [(p.zh, p.en, p.confidence) for p in pairs] == [((0, 10), (0, 0), 0.0)]


# Measured quality (the figures in the README) ---------------------------------------------

TATOEBA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "tatoeba_cmn_eng.tsv"
GOLD = Path(__file__).resolve().parent / "data" / "sentence_gold" / "interviews.json"


def test_sentence_links_of_hand_aligned_interviews_are_mostly_right():
    pairs = evaluation.gold_pairs(GOLD)
    score = evaluation.evaluate(pairs)
    assert score.expected == sum(len(p.links) for p in pairs) >= 230
    assert score.precision >= 0.92 and score.recall >= 0.935, score


def _passages(source: Path) -> dict[str, tuple[str, str]]:
    """The passages the importer makes of a file, by anchor: intro, q2 (a question), q2-a1."""
    result = import_file(source, dry_run=True)
    assert not result.failed, result.error
    passages = {"intro": (result.transcript.intro_zh, result.transcript.intro_en)}
    for question in result.transcript.questions:
        passages[f"q{question.number}"] = (question.text_zh, question.text_en)
        for position, pair in enumerate(question.answers, start=1):
            passages[f"q{question.number}-a{position}"] = (pair.text_zh, pair.text_en)
    return passages


@pytest.mark.django_db
def test_hand_aligned_pairs_are_the_importers_and_their_links_read_them_whole():
    root = GOLD.parents[3]
    for document in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        passages = _passages(root / document["source"])
        for pair in document["pairs"]:
            where = f"{document['source']} {pair['anchor']}"
            assert (pair["zh"], pair["en"]) == passages[pair["anchor"]], where
            for side, text in enumerate((pair["zh"], pair["en"])):
                sentences = [link[side] for link in pair["links"] if link[side]]
                assert all(sentence in text for sentence in sentences), where
                # in reading order, and no sentence left out (only the spaces between them)
                assert re.sub(r"\s", "", "".join(sentences)) == re.sub(r"\s", "", text), where


TATOEBA_SAMPLE = Path(__file__).resolve().parent / "data" / "tatoeba" / "cmn_eng_every_20th.tsv"


@pytest.mark.parametrize(
    "corpus",
    [
        TATOEBA_SAMPLE,
        pytest.param(
            TATOEBA,
            marks=pytest.mark.skipif(
                not TATOEBA.exists(), reason="the whole Tatoeba export is not beside the repo"
            ),
        ),
    ],
    ids=["committed sample", "whole export"],
)
def test_sentence_links_of_tatoeba_paragraphs_with_uneven_beads_are_mostly_right(corpus):
    sentences = evaluation.read_tatoeba(corpus)
    pairs = list(evaluation.synthetic_pairs(sentences, 300, seed=2))
    kinds = {(len(p.links), len(p.zh) > 0) for p in pairs}
    assert len(kinds) > 3  # paragraphs of different sizes
    score = evaluation.evaluate(pairs)
    assert score.precision >= 0.78 and score.recall >= 0.78, score


def test_a_synthetic_paragraph_records_merged_and_dropped_sentences_as_gold():
    sentences = [(f"第{n}句话。", f"Sentence number {n}.") for n in range(40)]
    pairs = list(evaluation.synthetic_pairs(sentences, 60, seed=5))
    uneven = [
        link
        for pair in pairs
        for link in pair.links
        if pair.zh[slice(*link[0])].count("。") != pair.en[slice(*link[1])].count(".")
    ]
    assert uneven  # 2-1 and 1-2 links occur
    assert any(pair.zh.count("。") != pair.en.count(".") for pair in pairs)


# Storing and keeping current ---------------------------------------------------------------


def test_an_import_stores_the_sentence_links_of_every_pair(db, sample_path, committed):
    with committed():
        interview = import_file(sample_path, publish=True).interview
    links = SentenceLink.objects.filter(answer__question__interview=interview)
    answers = {link.answer_id for link in links}
    assert len(answers) == interview.questions.all().values("answers").count()
    first = links.select_related("answer").first()
    assert first.text_zh and first.text_en
    assert first.answer.text_zh.startswith(first.text_zh)


def test_editing_a_pair_aligns_its_sentences_again(db, committed):
    question = build_question([("第一句。", "First sentence.")])
    answer = question.answers.get()
    with committed():
        answer.text_zh, answer.text_en = "第一句。第二句。", "First sentence. Second sentence."
        answer.save()
    assert [(s.text_zh, s.text_en) for s in answer.sentences.all()] == [
        ("第一句。", "First sentence."),
        ("第二句。", "Second sentence."),
    ]


def test_an_unrelated_edit_leaves_the_links_alone(db, committed, django_assert_num_queries):
    with committed():
        answer = AnswerFactory()
    before = list(answer.sentences.values_list("pk", flat=True))
    with committed():
        answer.speaker_en = "Li Yong"
        answer.save()
    assert list(answer.sentences.values_list("pk", flat=True)) == before


@pytest.mark.django_db
def test_align_sentences_command_recomputes_every_pair(capsys):
    AnswerFactory.create_batch(3)  # saved without commit callbacks: no links yet
    assert not SentenceLink.objects.exists()
    call_command("align_sentences")
    assert SentenceLink.objects.values("answer").distinct().count() == 3
    assert "3 paragraph pairs" in capsys.readouterr().out
