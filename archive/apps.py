"""App configuration for the archive."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Interview archive"

    def ready(self):
        from .citations import identifiers

        identifiers.connect()
