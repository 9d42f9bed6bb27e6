
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstaff',
            name='departed_on',
            field=models.DateField(blank=True, null=True, verbose_name='left or retired on'),
        ),
        migrations.AddField(
            model_name='historicalstaff',
            name='departure',
            field=models.CharField(blank=True, choices=[('left', 'Left the service (thôi việc, nghỉ việc)'), ('retired', 'Retired (nghỉ hưu)')], max_length=8, verbose_name='left or retired'),
        ),
        migrations.AddField(
            model_name='historicalstaff',
            name='mandate',
            field=models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], max_length=12, verbose_name='cán bộ: elected or approved/appointed'),
        ),
        migrations.AddField(
            model_name='staff',
            name='departed_on',
            field=models.DateField(blank=True, null=True, verbose_name='left or retired on'),
        ),
        migrations.AddField(
            model_name='staff',
            name='departure',
            field=models.CharField(blank=True, choices=[('left', 'Left the service (thôi việc, nghỉ việc)'), ('retired', 'Retired (nghỉ hưu)')], max_length=8, verbose_name='left or retired'),
        ),
        migrations.AddField(
            model_name='staff',
            name='mandate',
            field=models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], max_length=12, verbose_name='cán bộ: elected or approved/appointed'),
        ),
    ]
