"""Text stored before imports and the editor kept one Unicode form: records whose columns or MARC
hold decomposed accents (MARC-8 imports) are rewritten in NFC, columns and MARC alike."""

import unicodedata

from django.db import migrations

TEXT_COLUMNS = (
    "title", "other_titles", "responsibility", "authors", "edition", "publisher", "place", "pages", "price",
    "series", "subjects", "summary", "call_number", "clc", "romanised_responsibility", "romanised_publisher",
)  # fmt: skip


def compose_records(apps, schema_editor):
    from shuyuan.catalog.marc import MarcFormat, record_to_iso2709
    from shuyuan.catalog.marc.editing import composed
    from shuyuan.catalog.records import stored_marc

    Record = apps.get_model("catalog", "Record")
    rows = Record.objects.only("pk", "marc", "marc_format", *TEXT_COLUMNS).order_by("pk")
    for record in rows.iterator(chunk_size=2000):
        changes = {}
        for name in TEXT_COLUMNS:
            value = getattr(record, name) or ""
            if not unicodedata.is_normalized("NFC", value):
                changes[name] = unicodedata.normalize("NFC", value)
        marc = bytes(record.marc or b"")
        if marc and not unicodedata.is_normalized("NFC", marc.decode("utf-8", "replace")):
            parsed = stored_marc(record)
            if parsed is not None:
                marc_format = MarcFormat(record.marc_format or MarcFormat.CNMARC)
                changes["marc"] = record_to_iso2709(composed(parsed), marc_format=marc_format)
        if changes:
            Record.objects.filter(pk=record.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0104_cataloguing_desk")]
    operations = [migrations.RunPython(compose_records, migrations.RunPython.noop, elidable=True)]
