"""Each plan's scale and meaning columns become the plan's own list of levels (its key)."""

from django.db import migrations

# The ready-made scales as they stood when plans gained their own levels (a copy: a migration
# must not change when the app's constants do).
LEVELS = {
    "red": ("Red", "#c0392b", "No implementation plan in place"),
    "amber": ("Amber", "#e0a800", "A delay, but the action is still planned"),
    "green": ("Green", "#2e8b57", "Action plan completed"),
    "blue": ("Blue", "#1f5fbf", "Complete"),
}
ON_TRACK = "On track"


def meanings_into_levels(apps, schema_editor):
    """Each plan's scale and its four meaning columns become the plan's own list of levels."""
    Plan = apps.get_model("businessplan", "Plan")
    for plan in Plan.objects.all():
        codes = ["red", "amber", "green", "blue"] if plan.scale == "brag" else ["red", "amber", "green"]
        levels = []
        for code in codes:
            label, colour, meaning = LEVELS[code]
            if plan.scale == "brag" and code == "green":
                meaning = ON_TRACK
            levels.append(
                {
                    "code": code,
                    "label": label,
                    "colour": colour,
                    "meaning": getattr(plan, f"{code}_meaning") or meaning,
                    "complete": code == codes[-1],
                }
            )
        plan.scale = plan.scale or "rag"
        plan.levels = levels
        plan.save(update_fields=["scale", "levels"])


def levels_into_meanings(apps, schema_editor):
    Plan = apps.get_model("businessplan", "Plan")
    for plan in Plan.objects.all():
        for level in plan.levels or []:
            if level["code"] in LEVELS:
                setattr(plan, f"{level['code']}_meaning", level["meaning"][:200])
        plan.scale = plan.scale if plan.scale in ("rag", "brag") else "rag"
        plan.save()


class Migration(migrations.Migration):
    dependencies = [
        ("businessplan", "0004_long_texts_plan_scale_levels_undated_updates"),
    ]

    operations = [
        migrations.RunPython(meanings_into_levels, levels_into_meanings),
        migrations.RemoveField(
            model_name="historicalplan",
            name="amber_meaning",
        ),
        migrations.RemoveField(
            model_name="historicalplan",
            name="blue_meaning",
        ),
        migrations.RemoveField(
            model_name="historicalplan",
            name="green_meaning",
        ),
        migrations.RemoveField(
            model_name="historicalplan",
            name="red_meaning",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="amber_meaning",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="blue_meaning",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="green_meaning",
        ),
        migrations.RemoveField(
            model_name="plan",
            name="red_meaning",
        ),
    ]
