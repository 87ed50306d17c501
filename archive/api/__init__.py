"""The read-only REST API: serializers over archive.reading and search.service, under /api/."""
