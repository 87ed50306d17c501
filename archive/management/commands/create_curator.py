"""Create a staff account in the Curators group (or Editors).

The password is asked for twice on the terminal. Scripts give it without a terminal, either in
the environment variable DUIHUA_CURATOR_PASSWORD or, with --password-stdin, as the first line
of standard input (never as an argument: arguments show in the process list and shell history).
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive import curation

PASSWORD_VARIABLE = "DUIHUA_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator (publish, delete, restore) or, with --editor, an editor of drafts. "
        "Asks for the password twice on the terminal; for scripts, set "
        f"{PASSWORD_VARIABLE} or pipe it in with --password-stdin."
    )

    stealth_options = ("stdin",)  # a file object in place of standard input, as createsuperuser

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--editor", action="store_true", help="edit drafts only: no publishing or deleting"
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of asking "
            f"(or set {PASSWORD_VARIABLE}); it must pass the same checks",
        )

    def handle(self, *args, username, email, editor, password_stdin, **options):
        curation.ensure_groups()
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a user called {username}.")
        user = User(username=username, email=email)
        given = self.given_password(password_stdin, options.get("stdin") or sys.stdin)
        password = self.ask_password(user) if given is None else self.checked(given, user)
        user = User.objects.create_user(username, email=email, password=password, is_staff=True)
        group = curation.EDITORS if editor else curation.CURATORS
        user.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"{username} can now log in at /admin/ as one of the {group}.")

    def given_password(self, from_stdin: bool, stdin) -> str | None:
        """The password a script gave (standard input, then the environment), or None."""
        if from_stdin:
            return stdin.readline().rstrip("\r\n")
        return os.environ.get(PASSWORD_VARIABLE) or None

    def checked(self, password: str, user) -> str:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from error
        return password

    def ask_password(self, user) -> str:
        """A password that Django's validators accept, typed twice; three tries."""
        for _attempt in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
        raise CommandError("No acceptable password was given.")
