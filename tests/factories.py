"""Factories for building archive rows in tests."""

import datetime as dt

import factory
from django.utils import timezone

from archive.models import Answer, Interview, Organization, Person, Question, Topic


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name_zh = factory.Sequence(lambda n: f"机构{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name_zh = factory.Sequence(lambda n: f"受访者{n}")
    name_en = factory.Sequence(lambda n: f"Interviewee {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    slug = factory.Sequence(lambda n: f"2021-01-01-interview-{n}")
    title_zh = factory.Sequence(lambda n: f"第{n}次专访")
    title_en = factory.Sequence(lambda n: f"Interview number {n}")
    date = factory.Sequence(lambda n: dt.date(2021, 1, 1) + dt.timedelta(days=n))
    status = Interview.Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda interview: timezone.now() if interview.status == Interview.Status.PUBLISHED else None
    )
    source = factory.SubFactory(OrganizationFactory)
    outlet = factory.SubFactory(OrganizationFactory)
    original_text = factory.Sequence(lambda n: f"原文 {n}")
    checksum = factory.Sequence(lambda n: f"{n:064x}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    interview = factory.SubFactory(InterviewFactory)
    number = factory.Sequence(lambda n: n + 1)
    text_zh = factory.Sequence(lambda n: f"第{n}个问题是什么?")
    text_en = factory.Sequence(lambda n: f"What is question {n}?")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_zh = factory.Sequence(lambda n: f"这是第{n}段回答。")
    text_en = factory.Sequence(lambda n: f"This is answer paragraph {n}.")


def build_interview(questions: int, answers_per_question: int, **fields) -> Interview:
    """A published interview with the given number of questions and paragraph pairs each."""
    interview = InterviewFactory(**fields)
    interview.interviewees.add(PersonFactory())
    for number in range(1, questions + 1):
        question = QuestionFactory(interview=interview, number=number)
        AnswerFactory.create_batch(
            answers_per_question,
            question=question,
            position=factory.Iterator(range(1, answers_per_question + 1)),
        )
    return interview


def build_question(texts: list[tuple[str, str]], **fields) -> Question:
    """A question whose paragraph pairs hold these (Chinese, English) texts, in order."""
    question = QuestionFactory(**fields)
    for position, (zh, en) in enumerate(texts, start=1):
        AnswerFactory(question=question, position=position, text_zh=zh, text_en=en)
    return question


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_zh = factory.Sequence(lambda n: f"主题{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
