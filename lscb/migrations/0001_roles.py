"""Create the four roles as Django groups with the permissions each holds on governance."""

from django.db import migrations

from lscb.roles import grant_permissions

GOVERNANCE_MODELS = ["agency", "person", "group", "membership", "meeting", "attendance"]
VIEW = [f"view_{model}" for model in GOVERNANCE_MODELS]
ALL = [f"{verb}_{model}" for model in GOVERNANCE_MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": [*ALL, "import_workbook", "record_meeting"],
    "Chair": VIEW,
    "Sub-group chair": [*VIEW, "record_meeting"],
    "Board member": VIEW,
}


def create_roles(apps, schema_editor):
    grant_permissions(apps, "governance", ROLES)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
