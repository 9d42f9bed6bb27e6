"""The migrations 0001_initial to 0003_field_names_for_history, squashed: generated from the models as they
stand after 0003_field_names_for_history, so that a new database replays about 140 operations for the
whole project instead of about 350 (Django re-renders the related models after each one: migrating from
nothing took 38 s).

A database that applied every migration listed in ``replaces`` records this one as applied; one that
applied only some goes on with those, which stay until every installation has passed
0003_field_names_for_history. The seeded rows (role groups, rulebook, legal bases) come from the
post_migrate hooks, as after a flush."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('inspection', '0001_initial'),
        ('inspection', '0002_historicalinspection_report_issued_at_and_more'),
        ('inspection', '0003_field_names_for_history'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('staff', '0002_staff_mandate_and_departure'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChecklistTemplate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, verbose_name='code')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('is_active', models.BooleanField(default=True, verbose_name='offered for new inspections')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'checklist template',
                'verbose_name_plural': 'checklist templates',
                'ordering': ['code', '-version'],
                'constraints': [models.UniqueConstraint(fields=('code', 'version'), name='template_code_version')],
            },
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, verbose_name='code')),
                ('text', models.TextField(verbose_name='criterion')),
                ('legal_basis', models.CharField(blank=True, max_length=500, verbose_name='legal basis')),
                ('category', models.CharField(choices=[('working_hours', 'Working hours'), ('code_of_conduct', 'Code of conduct'), ('one_stop_desk', 'Handling of procedures at the one-stop desk'), ('late_dossiers', 'Late dossiers and apology letters'), ('public_posting', 'Public posting of procedures'), ('badge_dress', 'Name badge and dress'), ('citizen_reception', 'Citizen-reception duty'), ('task_execution', 'Execution of assigned tasks'), ('five_build_three_fight', '“5 xây – 3 chống” criteria'), ('other', 'Other')], max_length=32, verbose_name='category')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='inspection.checklisttemplate', verbose_name='template')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['template', 'position', 'code'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalChecklistTemplate',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(max_length=32, verbose_name='code')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('is_active', models.BooleanField(default=True, verbose_name='offered for new inspections')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical checklist template',
                'verbose_name_plural': 'historical checklist templates',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCriterion',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(max_length=32, verbose_name='code')),
                ('text', models.TextField(verbose_name='criterion')),
                ('legal_basis', models.CharField(blank=True, max_length=500, verbose_name='legal basis')),
                ('category', models.CharField(choices=[('working_hours', 'Working hours'), ('code_of_conduct', 'Code of conduct'), ('one_stop_desk', 'Handling of procedures at the one-stop desk'), ('late_dossiers', 'Late dossiers and apology letters'), ('public_posting', 'Public posting of procedures'), ('badge_dress', 'Name badge and dress'), ('citizen_reception', 'Citizen-reception duty'), ('task_execution', 'Execution of assigned tasks'), ('five_build_three_fight', '“5 xây – 3 chống” criteria'), ('other', 'Other')], max_length=32, verbose_name='category')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='order')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('template', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.checklisttemplate', verbose_name='template')),
            ],
            options={
                'verbose_name': 'historical criterion',
                'verbose_name_plural': 'historical criteria',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalInspectionPlan',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('decision_number', models.CharField(blank=True, max_length=64, verbose_name='decision number')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='decision date')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved')], default='draft', max_length=16, verbose_name='status')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('approved_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('issuing_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='inspecting body')),
            ],
            options={
                'verbose_name': 'historical inspection plan',
                'verbose_name_plural': 'historical inspection plans',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Inspection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='reference')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('kind', models.CharField(choices=[('scheduled', 'Scheduled (theo kế hoạch)'), ('unannounced', 'Unannounced (đột xuất)'), ('case_verification', 'Case verification (xác minh vụ việc)'), ('thematic', 'Thematic (chuyên đề)')], max_length=24, verbose_name='kind')),
                ('scope', models.TextField(blank=True, verbose_name='scope and content')),
                ('trigger_reference', models.CharField(blank=True, max_length=128, verbose_name='complaint / report reference')),
                ('trigger_summary', models.TextField(blank=True, verbose_name='complaint / report summary')),
                ('planned_start', models.DateField(verbose_name='planned start')),
                ('planned_end', models.DateField(verbose_name='planned end')),
                ('team_decision_number', models.CharField(blank=True, max_length=64, verbose_name='team decision number')),
                ('team_decision_date', models.DateField(blank=True, null=True, verbose_name='team decision date')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('announced', 'Announced'), ('in_progress', 'Fieldwork in progress'), ('fieldwork_done', 'Fieldwork done'), ('report_issued', 'Report issued'), ('closed', 'Closed'), ('cancelled', 'Cancelled')], db_index=True, default='draft', max_length=16, verbose_name='status')),
                ('disclosed_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='disclosed to the units at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='fieldwork started at')),
                ('report_issued_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='report first issued at')),
                ('cancel_reason', models.TextField(blank=True, verbose_name='reason for cancellation')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('search_name', models.CharField(default='', editable=False, max_length=320)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('inspecting_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspections_led', to='staff.unit', verbose_name='inspecting body')),
                ('template', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='inspection.checklisttemplate', verbose_name='checklist')),
            ],
            options={
                'verbose_name': 'inspection',
                'verbose_name_plural': 'inspections',
                'ordering': ['-planned_start', '-pk'],
                'permissions': [('inspection_team', 'Member of the inspection team')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalTeamMember',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('role', models.CharField(choices=[('leader', 'Team leader'), ('deputy', 'Deputy leader'), ('member', 'Member'), ('secretary', 'Secretary')], max_length=16, verbose_name='role in the team')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('inspection', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.inspection')),
            ],
            options={
                'verbose_name': 'historical team member',
                'verbose_name_plural': 'historical team members',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalInspectionUserObjectPermission',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('permission', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='auth.permission')),
                ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('content_object', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.inspection')),
            ],
            options={
                'verbose_name': 'historical inspection user object permission',
                'verbose_name_plural': 'historical inspection user object permissions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalInspectionTarget',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('checked_in_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='unit')),
                ('inspection', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.inspection')),
            ],
            options={
                'verbose_name': 'historical inspected unit',
                'verbose_name_plural': 'historical inspected units',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCriterionResult',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('value', models.CharField(choices=[('pass', 'Pass'), ('fail', 'Fail'), ('na', 'Not applicable')], max_length=8, verbose_name='result')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(blank=True, editable=False, verbose_name='recorded at')),
                ('version', models.PositiveIntegerField(default=1)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('criterion', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.criterion', verbose_name='criterion')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='unit')),
                ('inspection', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.inspection', verbose_name='inspection')),
            ],
            options={
                'verbose_name': 'historical checklist result',
                'verbose_name_plural': 'historical checklist results',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='CriterionResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.CharField(choices=[('pass', 'Pass'), ('fail', 'Fail'), ('na', 'Not applicable')], max_length=8, verbose_name='result')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now=True, verbose_name='recorded at')),
                ('version', models.PositiveIntegerField(default=1)),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='inspection.criterion', verbose_name='criterion')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='staff.unit', verbose_name='unit')),
                ('inspection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='inspection.inspection', verbose_name='inspection')),
            ],
            options={
                'verbose_name': 'checklist result',
                'verbose_name_plural': 'checklist results',
            },
        ),
        migrations.CreateModel(
            name='InspectionGroupObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='inspection.inspection')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.group')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='InspectionPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('decision_number', models.CharField(blank=True, max_length=64, verbose_name='decision number')),
                ('decision_date', models.DateField(blank=True, null=True, verbose_name='decision date')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved')], default='draft', max_length=16, verbose_name='status')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('issuing_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='staff.unit', verbose_name='inspecting body')),
            ],
            options={
                'verbose_name': 'inspection plan',
                'verbose_name_plural': 'inspection plans',
                'ordering': ['-period_start', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='inspection',
            name='plan',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='inspections', to='inspection.inspectionplan', verbose_name='plan'),
        ),
        migrations.CreateModel(
            name='HistoricalInspection',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, max_length=32, verbose_name='reference')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('kind', models.CharField(choices=[('scheduled', 'Scheduled (theo kế hoạch)'), ('unannounced', 'Unannounced (đột xuất)'), ('case_verification', 'Case verification (xác minh vụ việc)'), ('thematic', 'Thematic (chuyên đề)')], max_length=24, verbose_name='kind')),
                ('scope', models.TextField(blank=True, verbose_name='scope and content')),
                ('trigger_reference', models.CharField(blank=True, max_length=128, verbose_name='complaint / report reference')),
                ('trigger_summary', models.TextField(blank=True, verbose_name='complaint / report summary')),
                ('planned_start', models.DateField(verbose_name='planned start')),
                ('planned_end', models.DateField(verbose_name='planned end')),
                ('team_decision_number', models.CharField(blank=True, max_length=64, verbose_name='team decision number')),
                ('team_decision_date', models.DateField(blank=True, null=True, verbose_name='team decision date')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('approved', 'Approved'), ('announced', 'Announced'), ('in_progress', 'Fieldwork in progress'), ('fieldwork_done', 'Fieldwork done'), ('report_issued', 'Report issued'), ('closed', 'Closed'), ('cancelled', 'Cancelled')], db_index=True, default='draft', max_length=16, verbose_name='status')),
                ('disclosed_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='disclosed to the units at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='fieldwork started at')),
                ('report_issued_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='report first issued at')),
                ('cancel_reason', models.TextField(blank=True, verbose_name='reason for cancellation')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('inspecting_unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.unit', verbose_name='inspecting body')),
                ('template', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.checklisttemplate', verbose_name='checklist')),
                ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='inspection.inspectionplan', verbose_name='plan')),
            ],
            options={
                'verbose_name': 'historical inspection',
                'verbose_name_plural': 'historical inspections',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='InspectionTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_in_at', models.DateTimeField(blank=True, null=True, verbose_name='checked in at')),
                ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('inspection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='inspection.inspection')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspection_targets', to='staff.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'inspected unit',
                'verbose_name_plural': 'inspected units',
            },
        ),
        migrations.CreateModel(
            name='InspectionUserObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='inspection.inspection')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TeamMember',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('leader', 'Team leader'), ('deputy', 'Deputy leader'), ('member', 'Member'), ('secretary', 'Secretary')], max_length=16, verbose_name='role in the team')),
                ('inspection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team', to='inspection.inspection')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='inspection_teams', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'team member',
                'verbose_name_plural': 'team members',
            },
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('template', 'code'), name='criterion_code_per_template'),
        ),
        migrations.AddConstraint(
            model_name='criterionresult',
            constraint=models.UniqueConstraint(fields=('inspection', 'unit', 'criterion'), name='one_result_per_criterion'),
        ),
        migrations.AlterUniqueTogether(
            name='inspectiongroupobjectpermission',
            unique_together={('group', 'permission', 'content_object')},
        ),
        migrations.AddConstraint(
            model_name='inspectionplan',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='plan_period'),
        ),
        migrations.AddIndex(
            model_name='inspection',
            index=models.Index(fields=['planned_start', 'status'], name='inspection_start_status'),
        ),
        migrations.AddConstraint(
            model_name='inspection',
            constraint=models.CheckConstraint(condition=models.Q(('planned_end__gte', models.F('planned_start'))), name='inspection_window'),
        ),
        migrations.AddConstraint(
            model_name='inspectiontarget',
            constraint=models.UniqueConstraint(fields=('inspection', 'unit'), name='target_once'),
        ),
        migrations.AlterUniqueTogether(
            name='inspectionuserobjectpermission',
            unique_together={('user', 'permission', 'content_object')},
        ),
        migrations.AddConstraint(
            model_name='teammember',
            constraint=models.UniqueConstraint(fields=('inspection', 'user'), name='team_member_once'),
        ),
        migrations.AddConstraint(
            model_name='teammember',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'leader')), fields=('inspection',), name='one_team_leader'),
        ),
    ]
