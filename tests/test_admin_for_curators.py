"""The admin on a curator's real days: text areas that hold their text, fields with names."""

import pytest
from bs4 import BeautifulSoup

from archive.admin_forms import SizedTextarea, text_rows
from archive.models import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, make_staff):
    client.force_login(make_staff("Curators"))
    return client


def change_form(client, interview) -> BeautifulSoup:
    response = client.get(f"/admin/archive/interview/{interview.pk}/change/")
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_chinese_characters_count_double_when_rows_are_estimated():
    assert text_rows("a" * 60, 60) == 1
    assert text_rows("字" * 30, 60) == 1
    assert text_rows("字" * 31, 60) == 2
    assert text_rows("one\n\nthree", 60) == 3


def test_a_text_area_has_rows_for_its_whole_text_and_never_fewer_than_its_own():
    area = SizedTextarea(attrs={"rows": 6}, columns=30)
    assert 'rows="6"' in area.render("t", "short")
    assert 'rows="21"' in area.render("t", "x" * 600)  # 20 lines of 30, and one to type in
    assert f'rows="{SizedTextarea.MAX_ROWS}"' in area.render("t", "x" * 100_000)


def test_the_longest_paragraph_gets_a_text_area_tall_enough_for_it(curator, sample_interview):
    soup = change_form(curator, sample_interview)
    longest = max(Answer.objects.all(), key=lambda answer: len(answer.text_en))
    area = next(
        area for area in soup.select("textarea.paragraph") if area.text.strip() == longest.text_en
    )
    assert int(area["rows"]) >= text_rows(longest.text_en, 28) > 6


def test_every_field_of_a_paragraph_row_has_an_accessible_name(curator, sample_interview):
    soup = change_form(curator, sample_interview)
    row = soup.select_one("tr.djn-tr.form-row.has_original")
    fields = [f for f in row.select("input, textarea, select") if f.get("type") != "hidden"]
    assert {f["name"].rsplit("-", 1)[1] for f in fields} >= {
        "order",
        "speaker_zh",
        "speaker_en",
        "text_zh",
        "text_en",
        "DELETE",
    }
    assert all(f.get("aria-label") for f in fields), [f["name"] for f in fields]


def test_the_autocomplete_boxes_get_their_labels_from_a_static_script(curator, sample_interview):
    soup = change_form(curator, sample_interview)
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(src.endswith("admin-extra/select2-labels.js") for src in scripts)
    assert not [s for s in soup.find_all("script") if not s.get("src")]  # nothing inline


def test_the_alignment_page_names_every_move_for_keyboard_and_screen_reader_users(
    curator, sample_interview
):
    response = curator.get(f"/admin/archive/interview/{sample_interview.pk}/align/")
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    buttons = soup.select("table.pairs.align button")
    assert buttons and all(b.get("aria-label") or b.get("title") for b in buttons)
    assert all(b.get("type") == "submit" and b.find_parent("form") for b in buttons)
