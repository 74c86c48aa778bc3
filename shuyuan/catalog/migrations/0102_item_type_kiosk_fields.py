"""The SIP2 media type and security marker become fields of the item type. Until now the media type
came from the type's name ("视听" audio-visual, "期刊" bound journals), so a renamed type changed what
the security gate did; the existing types keep what their names gave them."""

from django.db import migrations, models


def media_type_from_name(apps, schema_editor):
    ItemType = apps.get_model("catalog", "ItemType")
    ItemType.objects.filter(name__contains="视听").update(media_type="006")
    ItemType.objects.exclude(name__contains="视听").filter(name__contains="期刊").update(media_type="003")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0101_search_tables'),
    ]

    operations = [
        migrations.AddField(
            model_name='itemtype',
            name='media_type',
            field=models.CharField(choices=[('000', 'other'), ('001', 'book'), ('002', 'magazine'), ('003', 'bound journal'), ('004', 'audio tape'), ('005', 'video tape'), ('006', 'CD or CD-ROM'), ('007', 'diskette'), ('008', 'book with diskette'), ('009', 'book with CD'), ('010', 'book with audio tape')], default='001', max_length=3, verbose_name='media type (self-check)'),
        ),
        migrations.AddField(
            model_name='itemtype',
            name='security_marker',
            field=models.CharField(choices=[('00', 'other'), ('01', 'none'), ('02', '3M Tattle-Tape'), ('03', '3M Whisper Tape')], default='00', max_length=2, verbose_name='security marker (self-check)'),
        ),
        migrations.AlterField(
            model_name='itemstatuschange',
            name='old_status',
            field=models.CharField(blank=True, choices=[('in_processing', 'in processing'), ('on_shelf', 'on shelf'), ('on_loan', 'on loan'), ('in_transit', 'in transit'), ('on_hold_shelf', 'on hold shelf'), ('lost', 'lost'), ('missing', 'missing'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='old status'),
        ),
        migrations.RunPython(media_type_from_name, migrations.RunPython.noop),
    ]
