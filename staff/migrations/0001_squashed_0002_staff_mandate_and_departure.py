"""The migrations 0001_initial to 0002_staff_mandate_and_departure, squashed: generated from the models as
they stand after 0002_staff_mandate_and_departure, so that a new database replays about 140 operations for
the whole project instead of about 350 (Django re-renders the related models after each one: migrating
from nothing took 38 s).

A database that applied every migration listed in ``replaces`` records this one as applied; one that
applied only some goes on with those, which stay until every installation has passed
0002_staff_mandate_and_departure. The seeded rows (role groups, rulebook, legal bases) come from the
post_migrate hooks, as after a flush."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('staff', '0001_initial'),
        ('staff', '0002_staff_mandate_and_departure'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('path', models.CharField(max_length=255, unique=True)),
                ('depth', models.PositiveIntegerField()),
                ('numchild', models.PositiveIntegerField(default=0)),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('kind', models.CharField(choices=[('city', 'City / province'), ('department', 'Department / agency'), ('district', 'District'), ('ward', 'Ward / commune'), ('division', 'Division / desk')], max_length=16, verbose_name='kind')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                ('search_name', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('successor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='staff.unit', verbose_name='successor')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'permissions': [('head_unit', 'Head or deputy head of the unit (covers its subtree)'), ('oversee_unit', 'Inspecting-body jurisdiction over the unit subtree')],
            },
        ),
        migrations.CreateModel(
            name='Staff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('staff_code', models.CharField(max_length=32, unique=True, verbose_name='staff code')),
                ('full_name', models.CharField(max_length=255, verbose_name='full name')),
                ('search_name', models.CharField(db_index=True, default='', editable=False, max_length=255)),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='category')),
                ('holds_leadership_post', models.BooleanField(default=False, verbose_name='holds a leadership/management post')),
                ('position', models.CharField(blank=True, max_length=255, verbose_name='position (vị trí việc làm)')),
                ('grade', models.CharField(blank=True, max_length=128, verbose_name='grade (ngạch)')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('is_active', models.BooleanField(default=True, verbose_name='in service')),
                ('mandate', models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], max_length=12, verbose_name='cán bộ: elected or approved/appointed')),
                ('departure', models.CharField(blank=True, choices=[('left', 'Left the service (thôi việc, nghỉ việc)'), ('retired', 'Retired (nghỉ hưu)')], max_length=8, verbose_name='left or retired')),
                ('departed_on', models.DateField(blank=True, null=True, verbose_name='left or retired on')),
                ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='staff_profile', to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='staff', to='staff.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'staff member',
                'verbose_name_plural': 'staff',
            },
        ),
        migrations.CreateModel(
            name='HistoricalUnitUserObjectPermission',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('permission', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='auth.permission')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('content_object', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit')),
            ],
            options={
                'verbose_name': 'historical unit grant (user)',
                'verbose_name_plural': 'historical unit grants (users)',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnitPost',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('head', 'Head'), ('deputy', 'Deputy head')], max_length=8, verbose_name='role')),
                ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='until')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('staff', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.staff', verbose_name='staff member')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical head / deputy post',
                'verbose_name_plural': 'historical head / deputy posts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnitGroupObjectPermission',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='auth.group')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('permission', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='auth.permission')),
                ('content_object', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit')),
            ],
            options={
                'verbose_name': 'historical unit grant (group)',
                'verbose_name_plural': 'historical unit grants (groups)',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalUnit',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('path', models.CharField(db_index=True, max_length=255)),
                ('depth', models.PositiveIntegerField()),
                ('code', models.CharField(db_index=True, max_length=32, verbose_name='code')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('kind', models.CharField(choices=[('city', 'City / province'), ('department', 'Department / agency'), ('district', 'District'), ('ward', 'Ward / commune'), ('division', 'Division / desk')], max_length=16, verbose_name='kind')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('successor', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='successor')),
            ],
            options={
                'verbose_name': 'historical unit',
                'verbose_name_plural': 'historical units',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalStaff',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('staff_code', models.CharField(db_index=True, max_length=32, verbose_name='staff code')),
                ('full_name', models.CharField(max_length=255, verbose_name='full name')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='category')),
                ('holds_leadership_post', models.BooleanField(default=False, verbose_name='holds a leadership/management post')),
                ('position', models.CharField(blank=True, max_length=255, verbose_name='position (vị trí việc làm)')),
                ('grade', models.CharField(blank=True, max_length=128, verbose_name='grade (ngạch)')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                ('is_active', models.BooleanField(default=True, verbose_name='in service')),
                ('mandate', models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], max_length=12, verbose_name='cán bộ: elected or approved/appointed')),
                ('departure', models.CharField(blank=True, choices=[('left', 'Left the service (thôi việc, nghỉ việc)'), ('retired', 'Retired (nghỉ hưu)')], max_length=8, verbose_name='left or retired')),
                ('departed_on', models.DateField(blank=True, null=True, verbose_name='left or retired on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='login account')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'historical staff member',
                'verbose_name_plural': 'historical staff',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='UnitGroupObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='staff.unit')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.group')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
            ],
            options={
                'verbose_name': 'unit grant (group)',
                'verbose_name_plural': 'unit grants (groups)',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UnitPost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('head', 'Head'), ('deputy', 'Deputy head')], max_length=8, verbose_name='role')),
                ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='until')),
                ('staff', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='staff.staff', verbose_name='staff member')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='posts', to='staff.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'head / deputy post',
                'verbose_name_plural': 'head / deputy posts',
            },
        ),
        migrations.CreateModel(
            name='UnitUserObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='staff.unit')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'unit grant (user)',
                'verbose_name_plural': 'unit grants (users)',
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='unit',
            index=models.Index(fields=['path'], name='unit_path_prefix', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_from__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='unit_valid_range'),
        ),
        migrations.AddIndex(
            model_name='staff',
            index=models.Index(fields=['unit', 'search_name'], name='staff_unit_name'),
        ),
        migrations.AlterUniqueTogether(
            name='unitgroupobjectpermission',
            unique_together={('group', 'permission', 'content_object')},
        ),
        migrations.AddConstraint(
            model_name='unitpost',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'head'), ('valid_to__isnull', True)), fields=('unit',), name='one_current_head_per_unit'),
        ),
        migrations.AddConstraint(
            model_name='unitpost',
            constraint=models.UniqueConstraint(condition=models.Q(('valid_to__isnull', True)), fields=('unit', 'staff'), name='one_current_post_per_person'),
        ),
        migrations.AlterUniqueTogether(
            name='unituserobjectpermission',
            unique_together={('user', 'permission', 'content_object')},
        ),
    ]
