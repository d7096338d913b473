# A figure published as a label (EES p8_banding: "Well above average") is kept as text. Additive.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0008_families'),
    ]

    operations = [
        migrations.AddField(
            model_name='areameasure',
            name='text',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.AddField(
            model_name='schoolmeasure',
            name='text',
            field=models.TextField(blank=True, default=''),
        ),
    ]
