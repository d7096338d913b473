"""Establishment records become JSON arrays whose column names the import keeps once.

Records written before this migration were objects keyed by column name; they are rewritten as
arrays in the key order of the first record of the import that wrote them, which is the file's order.
"""

from typing import Any

from django.db import migrations, models


def records_to_arrays(apps: Any, schema_editor: Any) -> None:
    establishment_model = apps.get_model("store", "Establishment")
    import_model = apps.get_model("store", "Import")
    columns_of: dict[int | None, list[str]] = {}
    for school in establishment_model.objects.only("urn", "record", "source_id").iterator(chunk_size=2000):
        if not isinstance(school.record, dict):
            continue
        columns = columns_of.setdefault(school.source_id, list(school.record))
        extra = [key for key in school.record if key not in columns]
        columns.extend(extra)
        school.record = [school.record.get(key, "") for key in columns]
        school.save(update_fields=["record"])
    for source_id, columns in columns_of.items():
        if source_id is not None:
            import_model.objects.filter(pk=source_id).update(record_columns=columns)


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0003_provenance_without_constraints"),
    ]

    operations = [
        migrations.AddField(
            model_name="import",
            name="record_columns",
            field=models.JSONField(default=list),
        ),
        migrations.AlterField(
            model_name="establishment",
            name="record",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(records_to_arrays, migrations.RunPython.noop),
    ]
