from django.db import migrations


def seed(apps, schema_editor):
    from mostovi.themes.models import themes_sync

    themes_sync(apps.get_model("themes", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
