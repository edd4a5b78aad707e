"""Give the roles their rights on the business plan."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

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
    grant_permissions(apps, "businessplan", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "businessplan", ROLES)


class Migration(migrations.Migration):
    dependencies = [("businessplan", "0001_initial"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
