"""Fill the name keys of existing people, and suggest a pinyin English name (marked automatic)
where a person has none, as the importer now does for new ones."""

from django.db import migrations

from archive import names


def fill(apps, schema_editor):
    Person = apps.get_model("archive", "Person")
    for person in Person.objects.all().iterator():
        if not person.name_en:
            suggestion = names.romanize(person.name_zh)
            if suggestion:
                person.name_en, person.name_en_automatic = suggestion, True
        keys = names.keys_of(person.name_zh, person.name_en)
        person.name_key_zh, person.name_key_pinyin, person.name_key_en = keys
        person.save(
            update_fields=[
                "name_en",
                "name_en_automatic",
                "name_key_zh",
                "name_key_pinyin",
                "name_key_en",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_person_names_in_english_and_pinyin")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
