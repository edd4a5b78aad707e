"""Give the roles their rights on the dataset: the business manager keeps it, all read."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

MODELS = ["indicator", "indicatorvalue"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": ALL,
    "Chair": VIEW,
    "Sub-group chair": VIEW,
    "Board member": VIEW,
}


def grant(apps, schema_editor):
    grant_permissions(apps, "dataset", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "dataset", ROLES)


class Migration(migrations.Migration):
    dependencies = [("dataset", "0001_indicators_values"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
