"""Create a staff account in the Curators group (or Editors); asks for the password twice."""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive import curation


class Command(BaseCommand):
    help = "Create a curator (publish, delete, restore) or, with --editor, an editor of drafts."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--editor", action="store_true", help="edit drafts only: no publishing or deleting"
        )

    def handle(self, *args, username, email, editor, **options):
        curation.ensure_groups()
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already a user called {username}.")
        password = self.ask_password(User(username=username, email=email))
        user = User.objects.create_user(username, email=email, password=password, is_staff=True)
        group = curation.EDITORS if editor else curation.CURATORS
        user.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"{username} can now log in at /admin/ as one of the {group}.")

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
