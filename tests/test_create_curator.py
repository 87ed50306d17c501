"""create_curator for people at a terminal and for scripts that set up an archive."""

import io
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

GOOD = "a long pass phrase 对话"


def no_prompt(prompt=""):
    raise AssertionError("asked for a password on the terminal")


def test_help_says_it_asks_for_the_password_and_how_scripts_give_one():
    out = subprocess.run(
        [sys.executable, "manage.py", "create_curator", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(out.split())
    assert "Asks for the password twice" in flat
    assert "DUIHUA_CURATOR_PASSWORD" in flat and "--password-stdin" in flat


def test_a_script_gives_the_password_in_the_environment(monkeypatch):
    monkeypatch.setenv("DUIHUA_CURATOR_PASSWORD", GOOD)
    monkeypatch.setattr("getpass.getpass", no_prompt)
    call_command("create_curator", "mei", stdout=io.StringIO())
    mei = get_user_model().objects.get(username="mei")
    assert mei.check_password(GOOD) and mei.is_staff
    assert mei.has_perm("archive.publish_interview")


def test_a_script_pipes_the_password_into_standard_input(monkeypatch):
    monkeypatch.delenv("DUIHUA_CURATOR_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", no_prompt)
    stdin = io.StringIO(GOOD + "\n")
    call_command("create_curator", "lin", "--editor", "--password-stdin", stdin=stdin)
    lin = get_user_model().objects.get(username="lin")
    assert lin.check_password(GOOD)
    assert not lin.has_perm("archive.publish_interview")


@pytest.mark.parametrize("how", ["environment", "stdin"])
def test_a_weak_password_from_a_script_is_refused_and_no_account_made(monkeypatch, how):
    monkeypatch.setattr("getpass.getpass", no_prompt)
    options = {}
    if how == "environment":
        monkeypatch.setenv("DUIHUA_CURATOR_PASSWORD", "mei")
    else:
        monkeypatch.delenv("DUIHUA_CURATOR_PASSWORD", raising=False)
        options = {"password_stdin": True, "stdin": io.StringIO("123\n")}
    with pytest.raises(CommandError, match="The password was refused"):
        call_command("create_curator", "mei", **options)
    assert not get_user_model().objects.filter(username="mei").exists()


def test_at_a_terminal_the_password_is_asked_twice(monkeypatch):
    monkeypatch.delenv("DUIHUA_CURATOR_PASSWORD", raising=False)
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or GOOD)
    call_command("create_curator", "ada", stdout=io.StringIO())
    assert prompts == ["Password: ", "Password (again): "]
