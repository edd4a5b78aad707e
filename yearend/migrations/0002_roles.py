"""The chair and the business manager write the narrative; everyone reads it."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

ROLES = {
    "Business manager": ["view_narrative", "add_narrative", "change_narrative", "write_narrative"],
    "Chair": ["view_narrative", "add_narrative", "change_narrative", "write_narrative"],
    "Sub-group chair": ["view_narrative"],
    "Board member": ["view_narrative"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, "yearend", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "yearend", ROLES)


class Migration(migrations.Migration):
    dependencies = [("yearend", "0001_narrative"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
