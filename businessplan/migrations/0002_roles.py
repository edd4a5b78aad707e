"""Give the roles their rights on the business plan."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["plan", "priority", "objective", "action", "progressupdate"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": [*ALL, "rate_action"],
    "Chair": VIEW,
    "Sub-group chair": [*VIEW, "rate_action"],
    "Board member": VIEW,
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("businessplan")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(content_type__app_label="businessplan", codename__in=codenames)
        if perms.count() != len(codenames):
            raise RuntimeError(f"Missing business plan permissions for {role}.")
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="businessplan"))


class Migration(migrations.Migration):
    dependencies = [("businessplan", "0001_initial"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
