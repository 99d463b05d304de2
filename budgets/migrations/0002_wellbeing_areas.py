"""Fix the nine Care Act s.1(2) wellbeing areas as rows (codes a-i with statutory wording)."""

from django.db import migrations

from budgets.wellbeing import WELLBEING_AREAS


def add_areas(apps, schema_editor):
    WellbeingArea = apps.get_model("budgets", "WellbeingArea")
    for area in WELLBEING_AREAS:
        WellbeingArea.objects.update_or_create(
            code=area.code, defaults={"statutory_wording": area.statutory, "plain_words": area.plain}
        )


class Migration(migrations.Migration):
    dependencies = [("budgets", "0001_initial")]
    operations = [migrations.RunPython(add_areas, migrations.RunPython.noop)]
