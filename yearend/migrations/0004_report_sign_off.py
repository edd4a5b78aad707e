"""The annual report signed off by the chair and kept as signed: the chair signs it off; the chair
or the business manager may reopen it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lscb.roles import grant_permissions

ROLES = {
    "Business manager": ["reopen_report"],
    "Chair": ["sign_off_report", "reopen_report"],
}


def grant(apps, schema_editor):
    grant_permissions(apps, "yearend", ROLES)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = ["sign_off_report", "reopen_report"]
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="yearend", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("yearend", "0003_report_file"),
        ("yearend", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SignedReport",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.CharField(help_text="The reporting year, e.g. 2025-26.", max_length=7)),
                ("signed_by_name", models.TextField(help_text="The name the report prints as who signed it off.")),
                ("signed_at", models.DateTimeField()),
                (
                    "html",
                    models.TextField(
                        help_text="The page's report as signed. Professionals' work details only: never write anything about a child or family here."
                    ),
                ),
                (
                    "print_html",
                    models.TextField(
                        help_text="The standalone print document as signed. Professionals' work details only: never write anything about a child or family here."
                    ),
                ),
                ("pdf", models.BinaryField()),
                ("docx", models.BinaryField()),
                (
                    "summary",
                    models.TextField(
                        help_text="The year's figures as JSON, as signed. Professionals' work details only: never write anything about a child or family here."
                    ),
                ),
                (
                    "digest",
                    models.CharField(
                        help_text="SHA-256 of the records' report as it stood when signed.", max_length=64
                    ),
                ),
                (
                    "sections",
                    models.JSONField(default=dict, help_text="SHA-256 of each section of the report as it stood."),
                ),
                ("reopened_at", models.DateTimeField(blank=True, null=True)),
                (
                    "reopen_reason",
                    models.TextField(
                        blank=True,
                        help_text="Professionals' work details only: never write anything about a child or family here.",
                    ),
                ),
                (
                    "reopened_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "signed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["year", "-signed_at"],
                "permissions": [
                    ("sign_off_report", "Can sign off the annual report"),
                    ("reopen_report", "Can reopen a signed-off annual report"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("reopened_at__isnull", True)),
                        fields=("year",),
                        name="signedreport_one_standing_per_year",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
