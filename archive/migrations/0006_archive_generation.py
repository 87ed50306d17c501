"""The archive's generation (one row), for ETags and the page cache."""

from django.db import migrations, models
from django.utils import timezone


def create_row(apps, schema_editor):
    apps.get_model("archive", "ArchiveGeneration").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1, defaults={"number": 0, "changed_at": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_pending_import_bytes")]

    operations = [
        migrations.CreateModel(
            name="ArchiveGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
