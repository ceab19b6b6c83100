"""The shared cache's table (settings.CACHES, plans/cache.py)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_service_area_leads")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
