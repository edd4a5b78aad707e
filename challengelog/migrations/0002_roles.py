"""Give the roles their rights on the challenge log: the chair and the business manager write."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["challenge", "event"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {"Business manager": ALL, "Chair": ALL, "Sub-group chair": VIEW, "Board member": VIEW}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("challengelog")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="challengelog", codename__in=codenames)
        if perms.count() != len(codenames):
            raise RuntimeError(f"Missing challenge log permissions for {role}.")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="challengelog"))


class Migration(migrations.Migration):
    dependencies = [("challengelog", "0001_initial"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
