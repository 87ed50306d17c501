"""Permanent identifiers for questions and paragraph pairs, and interviews' former slugs.

The identifiers are added empty, filled for every existing row (each recorded as issued), and
only then made unique and required.
"""

import secrets

import django.db.models.deletion
from django.db import migrations, models

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # as archive.citations.identifiers


def fill_identifiers(apps, schema_editor):
    """Give every existing question and pair its identifier (a copy of identifiers.issue)."""
    PassageId = apps.get_model("archive", "PassageId")
    issued = set(PassageId.objects.values_list("uid", flat=True))
    for name in ("Question", "Answer"):
        model = apps.get_model("archive", name)
        rows = list(model.objects.filter(uid__isnull=True).only("pk"))
        for row in rows:
            uid = None
            while uid is None or uid in issued:
                uid = "".join(secrets.choice(ALPHABET) for _ in range(8))
            issued.add(uid)
            row.uid = uid
        PassageId.objects.bulk_create(PassageId(uid=row.uid) for row in rows)
        model.objects.bulk_update(rows, ["uid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_person_name_keys_and_pinyin_suggestions"),
    ]

    operations = [
        migrations.CreateModel(
            name="PassageId",
            fields=[
                ("uid", models.CharField(max_length=16, primary_key=True, serialize=False)),
                ("issued_at", models.DateTimeField(auto_now_add=True)),
                (
                    "successor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="archive.passageid",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="FormerSlug",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True)),
                ("replaced_at", models.DateTimeField(auto_now=True)),
                (
                    "interview",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="former_slugs",
                        to="archive.interview",
                    ),
                ),
            ],
            options={"ordering": ["-replaced_at"]},
        ),
        migrations.AddField(
            model_name="question",
            name="uid",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.AddField(
            model_name="answer",
            name="uid",
            field=models.CharField(editable=False, max_length=16, null=True),
        ),
        migrations.RunPython(fill_identifiers, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="question",
            name="uid",
            field=models.CharField(
                editable=False, max_length=16, unique=True, verbose_name="permanent identifier"
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="uid",
            field=models.CharField(
                editable=False, max_length=16, unique=True, verbose_name="permanent identifier"
            ),
        ),
    ]
