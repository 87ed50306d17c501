"""Realigning, publishing, reverting and restoring, as the curation services do them."""

import pytest
import reversion
from reversion.models import Version

from archive import curation
from archive.history import compare, interview_versions, lines_now, lines_of_version
from archive.models import Answer, ImportNote, Interview, Question
from tests.factories import InterviewFactory, build_question

pytestmark = pytest.mark.django_db


def texts(question):
    """The pairs of a question as (position, Chinese, English), in order."""
    return list(
        Answer.objects.filter(question=question)
        .order_by("position")
        .values_list("position", "text_zh", "text_en")
    )


@pytest.fixture
def question():
    return build_question(
        [("甲一\n\n甲二", "A one\n\nA two"), ("乙", ""), ("丙", "B"), ("", "C")],
        number=1,
        interview__status=Interview.Status.DRAFT,
    )


def test_splitting_at_blank_lines_makes_a_new_pair_below(question):
    first = question.answers.get(position=1)
    curation.split_answer(first)
    assert texts(question) == [
        (1, "甲一", "A one"),
        (2, "甲二", "A two"),
        (3, "乙", ""),
        (4, "丙", "B"),
        (5, "", "C"),
    ]


def test_splitting_at_chosen_points_keeps_every_character(question):
    first = question.answers.get(position=1)
    curation.split_answer(first, zh_at=1, en_at=len("A one\n\nA two"))
    assert texts(question)[:2] == [(1, "甲", "A one\n\nA two"), (2, "一\n\n甲二", "")]


def test_a_split_that_leaves_a_pair_empty_is_refused(question):
    second = question.answers.get(position=2)  # no blank line on either side
    with pytest.raises(curation.CurationError):
        curation.split_answer(second)
    with pytest.raises(curation.CurationError):
        curation.split_answer(second, zh_at=0, en_at=0)
    assert len(texts(question)) == 4


def test_merging_joins_each_side_and_closes_the_gap(question):
    curation.merge_with_next(question.answers.get(position=2))
    assert texts(question) == [
        (1, "甲一\n\n甲二", "A one\n\nA two"),
        (2, "乙\n\n丙", "B"),
        (3, "", "C"),
    ]


def test_the_last_pair_has_nothing_to_merge_with(question):
    with pytest.raises(curation.CurationError):
        curation.merge_with_next(question.answers.get(position=4))


def test_moving_english_up_fixes_a_shifted_column_and_drops_the_empty_row(question):
    curation.move_text(question.answers.get(position=3), "en", "up")
    curation.move_text(question.answers.get(position=4), "en", "up")
    assert texts(question) == [
        (1, "甲一\n\n甲二", "A one\n\nA two"),
        (2, "乙", "B"),
        (3, "丙", "C"),
    ]


def test_moving_down_from_the_last_pair_makes_a_new_pair(question):
    curation.move_text(question.answers.get(position=4), "en", "down")
    assert texts(question)[-1] == (4, "", "C")  # moved to a new pair, the emptied one removed
    curation.move_text(question.answers.get(position=3), "zh", "down")
    assert texts(question)[2:] == [(3, "", "B"), (4, "丙", "C")]


def test_moving_into_a_full_cell_joins_the_text_in_reading_order(question):
    curation.move_text(question.answers.get(position=3), "zh", "up")
    assert texts(question)[1:3] == [(2, "乙\n\n丙", ""), (3, "", "B")]


def test_impossible_moves_are_refused(question):
    with pytest.raises(curation.CurationError):
        curation.move_text(question.answers.get(position=1), "zh", "up")
    with pytest.raises(curation.CurationError):
        curation.move_text(question.answers.get(position=2), "en", "down")  # empty side
    with pytest.raises(curation.CurationError):
        curation.move_text(question.answers.get(position=2), "fr", "down")


def test_every_change_is_a_revision_with_the_whole_interview(question, make_staff):
    curator = make_staff("Curators")
    curation.split_answer(question.answers.get(position=1), user=curator)
    version = interview_versions(question.interview_id).first()
    assert version.revision.user == curator
    assert "Split paragraph 1.1" in version.revision.comment
    lines = lines_of_version(version)
    assert [line.text for line in lines if line.kind == "answer_zh"] == [
        "甲一",
        "甲二",
        "乙",
        "丙",
        "",
    ]


def test_reverting_brings_back_the_old_text_order_and_removes_later_rows(question, make_staff):
    curator = make_staff("Curators")
    interview = question.interview
    curation.publish([interview], user=curator)
    before = interview_versions(interview.pk).first()
    curation.split_answer(question.answers.get(position=1), user=curator)
    curation.move_text(question.answers.get(position=5), "en", "up", user=curator)
    curation.merge_with_next(question.answers.get(position=2), user=curator)

    curation.revert_interview(before, user=curator)

    assert texts(question) == [
        (1, "甲一\n\n甲二", "A one\n\nA two"),
        (2, "乙", ""),
        (3, "丙", "B"),
        (4, "", "C"),
    ]
    assert "Reverted" in interview_versions(interview.pk).first().revision.comment


def test_reverting_a_reordering_that_swapped_rows(make_staff):
    question = build_question([("一", "one"), ("二", "two")], number=1)
    with reversion.create_revision():
        curation.record(question.interview_id)
    before = interview_versions(question.interview_id).first()
    # Swap the two rows as a drag-and-drop in the admin does: park, then renumber.
    first, second = question.answers.order_by("position")
    curation.make_room(Answer.objects.filter(pk__in=[first.pk, second.pk]), "position", 2)
    Answer.objects.filter(pk=first.pk).update(position=2)
    Answer.objects.filter(pk=second.pk).update(position=1)

    curation.revert_interview(before)

    assert texts(question) == [(1, "一", "one"), (2, "二", "two")]


def test_a_deleted_interview_is_restored_with_questions_pairs_and_notes(question, make_staff):
    interview = question.interview
    ImportNote.objects.create(interview=interview, message="check 1.2", question_number=1)
    pk = interview.pk
    curation.delete_interview(interview, user=make_staff("Curators"))
    assert not Interview.objects.filter(pk=pk).exists()

    deleted = Version.objects.get_deleted(Interview).get(object_id=str(pk))
    restored = curation.revert_interview(deleted)

    assert restored.pk == pk
    assert Question.objects.filter(interview=restored).count() == 1
    assert len(texts(question)) == 4
    assert restored.import_notes.get().message == "check 1.2"


def test_publishing_and_unpublishing_count_only_real_changes(make_staff):
    drafts = InterviewFactory.create_batch(2, status=Interview.Status.DRAFT)
    published = InterviewFactory(status=Interview.Status.PUBLISHED)
    assert curation.publish([*drafts, published]) == 2
    assert Interview.objects.published().count() == 3
    assert curation.unpublish(Interview.objects.all()) == 3


def test_the_difference_between_versions_marks_changed_words(question):
    interview = question.interview
    with reversion.create_revision():
        curation.record(interview.pk)
    before = lines_of_version(interview_versions(interview.pk).first())
    Answer.objects.filter(question=question, position=3).update(text_en="B, revised")
    interview.title_en = "A new title"
    interview.save()

    changes = compare(before, lines_now(interview))

    assert [(c.kind, c.new_label) for c in changes] == [
        ("changed", "Title (English)"),
        ("changed", "1.3 English"),
    ]
    assert str(changes[1].new) == "B<ins>, revised</ins>"
