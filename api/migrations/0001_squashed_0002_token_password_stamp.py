"""The migrations 0001_initial to 0002_token_password_stamp, squashed: generated from the models as they
stand after 0002_token_password_stamp, so that a new database replays about 140 operations for the whole
project instead of about 350 (Django re-renders the related models after each one: migrating from nothing
took 38 s).

A database that applied every migration listed in ``replaces`` records this one as applied; one that
applied only some goes on with those, which stay until every installation has passed
0002_token_password_stamp. The seeded rows (role groups, rulebook, legal bases) come from the post_migrate
hooks, as after a flush."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('api', '0001_initial'),
        ('api', '0002_token_password_stamp'),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeviceToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='device')),
                ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('prefix', models.CharField(editable=False, max_length=8)),
                ('password_stamp', models.CharField(default='', editable=False, max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='device_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'device token',
                'verbose_name_plural': 'device tokens',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['user', 'revoked_at'], name='token_user_active')],
            },
        ),
    ]
