"""Create the two groups of admin users: Editors (edit drafts) and Curators (everything)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["interview", "question", "answer", "importnote", "person", "organization", "topic"]

# Editors prepare drafts: they may restructure a draft's questions and paragraphs (every change
# is in the history) but not delete interviews, people, outlets or topics, nor publish.
EDITORS = {
    "interview": ["view", "add", "change"],
    "question": ["view", "add", "change", "delete"],
    "answer": ["view", "add", "change", "delete"],
    "importnote": ["view", "change"],
    "person": ["view", "add", "change"],
    "organization": ["view", "add", "change"],
    "topic": ["view", "add", "change"],
}


def create_groups(apps, schema_editor):
    # On a fresh database permissions are only created after all migrations; create them now.
    archive = apps.get_app_config("archive")
    archive.models_module = True
    create_permissions(archive, apps=apps, verbosity=0)
    archive.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    archive_perms = Permission.objects.filter(content_type__app_label="archive")

    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITORS.items() for action in actions]
    editors.permissions.set(archive_perms.filter(codename__in=codenames))

    curators, _ = Group.objects.get_or_create(name="Curators")
    models = {f"{action}_{model}" for model in CONTENT for action in ("view", "add", "change")}
    models |= {f"delete_{model}" for model in CONTENT} | {"publish_interview"}
    curators.permissions.set(archive_perms.filter(codename__in=models))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Curators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
