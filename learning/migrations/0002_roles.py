"""Give the roles their rights on learning and assurance: the business manager edits everything,
the chair of a review's or an audit's overseeing group edits theirs (lscb.permissions), all read."""

from django.db import migrations

from lscb.roles import grant_permissions, revoke_permissions

MODELS = ["review", "recommendation", "recommendationupdate", "audit", "auditresult", "evidence"]
VIEW = [f"view_{model}" for model in MODELS]
ALL = [f"{verb}_{model}" for model in MODELS for verb in ("add", "change", "delete", "view")]

ROLES = {
    "Business manager": ALL,
    "Chair": [*VIEW, "edit_overseen"],
    "Sub-group chair": [*VIEW, "edit_overseen"],
    "Board member": VIEW,
}


def grant(apps, schema_editor):
    grant_permissions(apps, "learning", ROLES)


def revoke(apps, schema_editor):
    revoke_permissions(apps, "learning", ROLES)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_reviews_recommendations_audits_evidence"), ("lscb", "0001_roles")]
    operations = [migrations.RunPython(grant, revoke)]
