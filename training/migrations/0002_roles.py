"""Give the roles their rights on training: the business manager keeps it, all read."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

MODELS = ["trainingevent", "trainingattendance"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": ALL,
    "Chair": VIEW,
    "Sub-group chair": VIEW,
    "Board member": VIEW,
}


def grant(apps, schema_editor):
    grant_permissions(apps, "training", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "training", ROLES)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_events_attendance"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
