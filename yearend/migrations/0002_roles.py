"""The chair and the business manager write the narrative; everyone reads it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Business manager": ["view_narrative", "add_narrative", "change_narrative", "write_narrative"],
    "Chair": ["view_narrative", "add_narrative", "change_narrative", "write_narrative"],
    "Sub-group chair": ["view_narrative"],
    "Board member": ["view_narrative"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("yearend")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="yearend", codename__in=codenames)
        if perms.count() != len(codenames):
            raise RuntimeError(f"Missing year-end permissions for {role}.")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="yearend"))


class Migration(migrations.Migration):
    dependencies = [("yearend", "0001_narrative"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
