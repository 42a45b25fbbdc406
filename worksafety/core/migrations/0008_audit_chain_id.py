"""A random id for the audit chain, written into every checkpoint (core/audit.py). The callable default is
evaluated once for the existing head row, so an existing chain gets its own id too."""

from django.db import migrations, models

import worksafety.core.models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_audit_chain_hmac'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditchainhead',
            name='chain_id',
            field=models.CharField(default=worksafety.core.models.new_chain_id, editable=False, max_length=32),
        ),
    ]
