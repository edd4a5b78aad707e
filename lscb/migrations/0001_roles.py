"""Create the four roles as Django groups with the permissions each holds on governance."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally made after migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="governance", codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found for role {role}: {sorted(missing)}")
        group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
