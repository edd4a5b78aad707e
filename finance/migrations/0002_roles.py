"""Give the roles their rights on the board's money: the business manager keeps it, all read."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

MODELS = ["budgetline", "contribution"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": ALL,
    "Chair": VIEW,
    "Sub-group chair": VIEW,
    "Board member": VIEW,
}


def grant(apps, schema_editor):
    grant_permissions(apps, "finance", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "finance", ROLES)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_budget_contributions"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
