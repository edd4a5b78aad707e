"""Give the roles their rights on the challenge log: the chair and the business manager write."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

MODELS = ["challenge", "event"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {"Business manager": ALL, "Chair": ALL, "Sub-group chair": VIEW, "Board member": VIEW}


def grant(apps, schema_editor):
    grant_permissions(apps, "challengelog", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "challengelog", ROLES)


class Migration(migrations.Migration):
    dependencies = [("challengelog", "0001_initial"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
