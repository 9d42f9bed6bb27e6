"""The rulebook by person and date (issue 15): who was elected or appointed, who had left or retired;
the statute of limitations, processing deadline, pauses, several acts, repeats and bars on promotion as
dated rows, each citing its document and article. The rows seeded by 0002 are replaced by corrected
ones; rows an administrator added are kept. docs/rulebook.md is the same table in prose."""

import datetime


import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


D = datetime.date
REFORM = D(2025, 7, 1)  # Luật 80/2025/QH15 and Nghị định 172/2025/NĐ-CP in force
UNTIL_REFORM = D(2025, 6, 30)
LAW_52 = D(2020, 7, 1)  # Luật 52/2019/QH14 in force
ND_71 = D(2023, 9, 20)  # Nghị định 71/2023/NĐ-CP in force
LABOUR_2019 = D(2021, 1, 1)  # Bộ luật Lao động 2019 in force
ALWAYS = (None, None)
BEFORE = (None, UNTIL_REFORM)
AFTER = (REFORM, None)
CBCC = ("can_bo", "cong_chuc")
CSVC = ("can_bo", "cong_chuc", "vien_chuc")

FORMS = [  # code, name, rank: "one level above" is the next rank among the forms a person is offered
    ("khien_trach", "Khiển trách", 10),
    ("keo_dai_nang_luong", "Kéo dài thời hạn nâng lương không quá 06 tháng", 15),
    ("canh_cao", "Cảnh cáo", 20),
    ("ha_bac_luong", "Hạ bậc lương", 30),
    ("giang_chuc", "Giáng chức", 40),
    ("xoa_tu_cach_chuc_vu", "Xóa tư cách chức vụ đã đảm nhiệm", 45),
    ("cach_chuc", "Cách chức", 50),
    ("bai_nhiem", "Bãi nhiệm", 60),
    ("buoc_thoi_viec", "Buộc thôi việc", 70),
    ("sa_thai", "Sa thải", 80),
]

CBCC_2008 = "Luật Cán bộ, công chức 2008 (sửa đổi bởi Luật 52/2019/QH14)"
CBCC_2025 = "Luật Cán bộ, công chức 80/2025/QH15"
VC_2010 = "Luật Viên chức 2010 (sửa đổi bởi Luật 52/2019/QH14)"
ND_112 = "Nghị định 112/2020/NĐ-CP"
ND_112_71 = "Nghị định 112/2020/NĐ-CP (sửa đổi bởi Nghị định 71/2023/NĐ-CP)"
ND_172 = "Nghị định 172/2025/NĐ-CP"

# category, leadership post (None: either), mandate ("": either), has left, period, forms, legal basis
FORM_RULES = [
    ("can_bo", None, "", False, BEFORE, ["khien_trach", "canh_cao"], f"{CBCC_2008}, Điều 78 khoản 1; {ND_112}, Điều 7 khoản 1"),
    ("can_bo", None, "appointed", False, BEFORE, ["cach_chuc"], f"{CBCC_2008}, Điều 78 khoản 2 (cách chức: cán bộ được phê chuẩn, bổ nhiệm); {ND_112}, Điều 7 khoản 1"),
    ("can_bo", None, "elected", False, BEFORE, ["bai_nhiem"], f"{CBCC_2008}, Điều 78 khoản 1 (bãi nhiệm: cán bộ được bầu); {ND_112}, Điều 7 khoản 1"),
    ("can_bo", None, "approved", False, BEFORE, ["cach_chuc", "bai_nhiem"], f"{CBCC_2008}, Điều 78 khoản 1, 2 (được bầu và phê chuẩn: cách chức, bãi nhiệm); {ND_112}, Điều 7 khoản 1"),
    ("can_bo", None, "", False, AFTER, ["khien_trach", "canh_cao"], f"{CBCC_2025}; {ND_172} (hình thức kỷ luật đối với cán bộ)"),
    ("can_bo", None, "appointed", False, AFTER, ["cach_chuc"], f"{CBCC_2025}; {ND_172} (cách chức: cán bộ được phê chuẩn, bổ nhiệm hoặc chỉ định)"),
    ("can_bo", None, "elected", False, AFTER, ["bai_nhiem"], f"{CBCC_2025}; {ND_172} (bãi nhiệm: cán bộ được bầu)"),
    ("can_bo", None, "approved", False, AFTER, ["cach_chuc", "bai_nhiem"], f"{CBCC_2025}; {ND_172} (được bầu và phê chuẩn: cách chức, bãi nhiệm)"),
    ("cong_chuc", False, "", False, BEFORE, ["khien_trach", "canh_cao", "ha_bac_luong", "buoc_thoi_viec"], f"{CBCC_2008}, Điều 79 khoản 1; {ND_112}, Điều 7 khoản 2"),
    ("cong_chuc", True, "", False, BEFORE, ["khien_trach", "canh_cao", "giang_chuc", "cach_chuc", "buoc_thoi_viec"], f"{CBCC_2008}, Điều 79 khoản 1, 2; {ND_112}, Điều 7 khoản 3"),
    ("cong_chuc", False, "", False, AFTER, ["khien_trach", "canh_cao", "buoc_thoi_viec"], f"{CBCC_2025}; {ND_172} (hình thức kỷ luật đối với công chức)"),
    ("cong_chuc", True, "", False, AFTER, ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"], f"{CBCC_2025}; {ND_172} (cách chức: công chức lãnh đạo, quản lý)"),
    ("vien_chuc", False, "", False, ALWAYS, ["khien_trach", "canh_cao", "buoc_thoi_viec"], f"{VC_2010}, Điều 52 khoản 1; {ND_112_71}, Điều 15 khoản 1"),
    ("vien_chuc", True, "", False, ALWAYS, ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"], f"{VC_2010}, Điều 52 khoản 1, 3; {ND_112_71}, Điều 15 khoản 2"),
    ("nguoi_lao_dong", None, "", False, (None, D(2020, 12, 31)), ["khien_trach", "keo_dai_nang_luong", "sa_thai"], "Bộ luật Lao động 2012, Điều 125"),
    ("nguoi_lao_dong", True, "", False, (None, D(2020, 12, 31)), ["cach_chuc"], "Bộ luật Lao động 2012, Điều 125 (cách chức: người giữ chức vụ)"),
    ("nguoi_lao_dong", None, "", False, (LABOUR_2019, None), ["khien_trach", "keo_dai_nang_luong", "sa_thai"], "Bộ luật Lao động 2019, Điều 124"),
    ("nguoi_lao_dong", True, "", False, (LABOUR_2019, None), ["cach_chuc"], "Bộ luật Lao động 2019, Điều 124 khoản 3 (cách chức: người giữ chức vụ)"),
    # People who have left or retired, for acts done in office (none before 01/07/2020; người lao động:
    # the labour relation has ended, the Labour Code gives no form).
    *[
        (cat, None, "", True, (LAW_52, UNTIL_REFORM), ["khien_trach", "canh_cao"], f"{CBCC_2008}, Điều 84 khoản 5 (sửa đổi bởi khoản 18 Điều 1 Luật 52/2019/QH14)")
        for cat in CBCC
    ],
    *[
        (cat, lead, "", True, (LAW_52, UNTIL_REFORM), ["xoa_tu_cach_chuc_vu"], f"{CBCC_2008}, Điều 84 khoản 5 điểm b (sửa đổi bởi khoản 18 Điều 1 Luật 52/2019/QH14)")
        for cat, lead in (("can_bo", None), ("cong_chuc", True))
    ],
    *[
        (cat, None, "", True, AFTER, ["khien_trach", "canh_cao"], f"{CBCC_2025}; {ND_172}, Điều 1 khoản 2 điểm b (người đã thôi việc, nghỉ hưu)")
        for cat in CBCC
    ],
    *[
        (cat, lead, "", True, AFTER, ["xoa_tu_cach_chuc_vu"], f"{CBCC_2025}; {ND_172} (xóa tư cách chức vụ, chức danh)")
        for cat, lead in (("can_bo", None), ("cong_chuc", True))
    ],
    ("vien_chuc", None, "", True, (LAW_52, None), ["khien_trach", "canh_cao"], f"{VC_2010}; {ND_112}, Điều 1 khoản 2 (người đã nghỉ việc, nghỉ hưu)"),
    ("vien_chuc", True, "", True, (LAW_52, None), ["xoa_tu_cach_chuc_vu"], f"{VC_2010}; {ND_112}, Điều 22 (xóa tư cách chức vụ, chức danh)"),
]

# category, gravity ("": any), finance-related (None: either), years, months, restarts, days after a pause,
# period of the decision date, legal basis
STATUTE_RULES = [
    *[
        row
        for cat in CSVC
        for row in (
            (cat, "reprimand", None, None, 24, False, None, (None, D(2020, 6, 30)), "Luật Cán bộ, công chức 2008, Điều 80 khoản 1; Luật Viên chức 2010, Điều 53 khoản 1"),
            (cat, "heavier", None, None, 24, False, None, (None, D(2020, 6, 30)), "Luật Cán bộ, công chức 2008, Điều 80 khoản 1; Luật Viên chức 2010, Điều 53 khoản 1"),
            (cat, "reprimand", None, 2, None, False, None, (LAW_52, D(2023, 9, 19)), f"{CBCC_2008 if cat != 'vien_chuc' else VC_2010}, Điều {80 if cat != 'vien_chuc' else 53} (sửa đổi bởi Luật 52/2019/QH14)"),
            (cat, "heavier", None, 5, None, False, None, (LAW_52, D(2023, 9, 19)), f"{CBCC_2008 if cat != 'vien_chuc' else VC_2010}, Điều {80 if cat != 'vien_chuc' else 53} (sửa đổi bởi Luật 52/2019/QH14)"),
            (cat, "reprimand", None, 5, None, True, None, (ND_71, UNTIL_REFORM if cat != "vien_chuc" else None), f"{ND_112_71}, Điều 5 khoản 1, 3"),
            (cat, "heavier", None, 10, None, True, None, (ND_71, UNTIL_REFORM if cat != "vien_chuc" else None), f"{ND_112_71}, Điều 5 khoản 1, 3"),
            (cat, "no_limit", None, None, None, False, None, ALWAYS, f"{ND_112_71}, Điều 5 khoản 4 (trường hợp không áp dụng thời hiệu)"),
        )
    ],
    *[
        row
        for cat in CBCC
        for row in (
            (cat, "reprimand", None, 5, None, True, None, AFTER, f"{CBCC_2025}; {ND_172} (thời hiệu xử lý kỷ luật)"),
            (cat, "heavier", None, 10, None, True, None, AFTER, f"{CBCC_2025}; {ND_172} (thời hiệu xử lý kỷ luật)"),
        )
    ],
    ("nguoi_lao_dong", "", False, None, 6, False, 60, (LABOUR_2019, None), "Bộ luật Lao động 2019, Điều 123 khoản 1, 2"),
    ("nguoi_lao_dong", "", True, None, 12, False, 60, (LABOUR_2019, None), "Bộ luật Lao động 2019, Điều 123 khoản 1, 2 (tài chính, tài sản, bí mật công nghệ, kinh doanh)"),
]

DEADLINE_RULES = [  # category, days, complex days, period of the discovery date, legal basis
    *[(cat, 90, 150, BEFORE, f"{CBCC_2008}, Điều 80 (sửa đổi bởi khoản 16 Điều 1 Luật 52/2019/QH14); {ND_112_71}, Điều 5 khoản 5") for cat in CBCC],
    *[(cat, 90, 150, AFTER, f"{CBCC_2025}; {ND_172} (thời hạn xử lý kỷ luật)") for cat in CBCC],
    ("vien_chuc", 90, 150, ALWAYS, f"{VC_2010}, Điều 53; {ND_112_71}, Điều 5 khoản 5"),
]

PAUSE_RULES = [  # category, reason, period of the paused day, legal basis
    *[
        (cat, reason, BEFORE, f"{ND_112}, Điều 3 khoản {clause}")
        for cat in CBCC
        for reason, clause in (("leave", 1), ("illness", 2), ("maternity", 3), ("criminal", 4))
    ],
    *[(cat, "complaint", BEFORE, f"{ND_112_71}, Điều 5 (thời gian khiếu nại, khởi kiện không tính vào thời hạn)") for cat in CBCC],
    *[
        (cat, reason, AFTER, f"{ND_172} (trường hợp chưa xem xét xử lý kỷ luật)")
        for cat in CBCC
        for reason in ("illness", "maternity", "criminal")
    ],
    *[(cat, "complaint", AFTER, f"{ND_172} (thời gian không tính vào thời hạn xử lý kỷ luật)") for cat in CBCC],
    *[
        ("vien_chuc", reason, ALWAYS, f"{ND_112}, Điều 3 khoản {clause}")
        for reason, clause in (("leave", 1), ("illness", 2), ("maternity", 3), ("criminal", 4))
    ],
    ("vien_chuc", "complaint", ALWAYS, f"{ND_112_71}, Điều 5 (thời gian khiếu nại, khởi kiện không tính vào thời hạn)"),
    *[
        ("nguoi_lao_dong", reason, (LABOUR_2019, None), f"Bộ luật Lao động 2019, Điều 122 khoản 4 điểm {point}")
        for reason, point in (("illness", "a"), ("leave", "a"), ("criminal", "b, c"), ("maternity", "d"))
    ],
]

NOT_RAISED = ["bai_nhiem", "buoc_thoi_viec"]
COMBINATION_RULES = [  # situation, category, method, forms never raised, period, legal basis
    *[("several_acts", cat, "one_above", NOT_RAISED, BEFORE, f"{ND_112}, Điều 2 khoản 2") for cat in CBCC],
    *[("several_acts", cat, "heaviest", [], AFTER, f"{ND_172}, Điều 2 khoản 2") for cat in CBCC],
    ("several_acts", "vien_chuc", "one_above", NOT_RAISED, ALWAYS, f"{ND_112}, Điều 2 khoản 2"),
    ("several_acts", "nguoi_lao_dong", "heaviest", [], (LABOUR_2019, None), "Bộ luật Lao động 2019, Điều 122 khoản 3"),
    *[("repeat", cat, "one_above", [], BEFORE, f"{ND_112_71}, Điều 2 khoản 3") for cat in CBCC],
    *[("repeat", cat, "one_above", [], AFTER, f"{ND_172}, Điều 2 khoản 3") for cat in CBCC],
    ("repeat", "vien_chuc", "one_above", [], ALWAYS, f"{ND_112_71}, Điều 2 khoản 3"),
]

BAR_RULES = [  # category, form, months, period of the decision date, legal basis
    *[
        (cat, form, months, (LAW_52, UNTIL_REFORM), f"{CBCC_2008}, Điều 82 khoản {2 if months == 12 else 3} (sửa đổi bởi khoản 17 Điều 1 Luật 52/2019/QH14)")
        for cat in CBCC
        for form, months in (("khien_trach", 12), ("canh_cao", 12), ("ha_bac_luong", 12), ("giang_chuc", 24), ("cach_chuc", 24))
    ],
    *[
        (cat, form, months, AFTER, f"{CBCC_2025} (hạn chế nâng ngạch, quy hoạch, bổ nhiệm khi bị kỷ luật)")
        for cat in CBCC
        for form, months in (("khien_trach", 12), ("canh_cao", 12), ("cach_chuc", 24))
    ],
    *[
        ("vien_chuc", form, months, (LAW_52, None), f"{VC_2010}, Điều 56 (sửa đổi bởi khoản 8 Điều 2 Luật 52/2019/QH14)")
        for form, months in (("khien_trach", 12), ("canh_cao", 12), ("cach_chuc", 24))
    ],
]

SEEDED_BY_0002 = (
    "Luật Cán bộ, công chức 2008 (sửa đổi 2019), Luật Viên chức; Nghị định 112/2020/NĐ-CP",
    "Luật Cán bộ, công chức 2025; Nghị định về xử lý kỷ luật CBCCVC có hiệu lực từ 01/07/2025",
)


def load(apps, schema_editor):
    model = apps.get_model
    SanctionForm = model("discipline", "SanctionForm")
    for offset, form in enumerate(SanctionForm.objects.order_by("rank")):
        form.rank = 1000 + offset  # free the ranks before renumbering (rank is unique)
        form.save(update_fields=["rank"])
    forms = {}
    for code, name, rank in FORMS:
        forms[code], _ = SanctionForm.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})
    for offset, form in enumerate(SanctionForm.objects.filter(rank__gte=1000).order_by("rank")):
        form.rank = 900 + offset  # forms an administrator added keep their order, after these
        form.save(update_fields=["rank"])

    DisciplineRule = model("discipline", "DisciplineRule")
    DisciplineRule.objects.filter(legal_basis__in=SEEDED_BY_0002).delete()
    for category, lead, mandate, left, (start, end), codes, basis in FORM_RULES:
        rule = DisciplineRule.objects.create(
            category=category, holds_leadership_post=lead, mandate=mandate, has_left=left,
            valid_from=start, valid_to=end, legal_basis=basis,
        )
        rule.forms.set([forms[c] for c in codes])
    StatuteRule = model("discipline", "StatuteRule")
    for category, gravity, finance, years, months, restarts, extension, (start, end), basis in STATUTE_RULES:
        StatuteRule.objects.create(
            category=category, gravity=gravity, finance_related=finance, years=years, months=months,
            restarts_on_new_act=restarts, extension_after_pause_days=extension,
            valid_from=start, valid_to=end, legal_basis=basis,
        )
    DeadlineRule = model("discipline", "DeadlineRule")
    for category, days, complex_days, (start, end), basis in DEADLINE_RULES:
        DeadlineRule.objects.create(
            category=category, days=days, complex_days=complex_days, valid_from=start, valid_to=end, legal_basis=basis
        )
    PauseRule = model("discipline", "PauseRule")
    for category, reason, (start, end), basis in PAUSE_RULES:
        PauseRule.objects.create(category=category, reason=reason, valid_from=start, valid_to=end, legal_basis=basis)
    CombinationRule = model("discipline", "CombinationRule")
    for situation, category, method, not_raised, (start, end), basis in COMBINATION_RULES:
        rule = CombinationRule.objects.create(
            situation=situation, category=category, method=method, valid_from=start, valid_to=end, legal_basis=basis
        )
        rule.not_raised.set([forms[c] for c in not_raised])
    PromotionBar = model("discipline", "PromotionBar")
    for category, code, months, (start, end), basis in BAR_RULES:
        PromotionBar.objects.create(
            category=category, form=forms[code], months=months, valid_from=start, valid_to=end, legal_basis=basis
        )


class Migration(migrations.Migration):

    dependencies = [
        ('discipline', '0002_rulebook'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeadlineRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('days', models.PositiveSmallIntegerField(verbose_name='days')),
                ('complex_days', models.PositiveSmallIntegerField(verbose_name='days for a complex case')),
            ],
            options={
                'verbose_name': 'rulebook entry: processing deadline',
                'verbose_name_plural': 'rulebook: processing deadline',
                'ordering': ['category', 'valid_from'],
            },
        ),
        migrations.CreateModel(
            name='NonWorkingDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True, verbose_name='day')),
                ('name', models.CharField(max_length=128, verbose_name='name')),
            ],
            options={
                'verbose_name': 'non-working day',
                'verbose_name_plural': 'non-working days',
                'ordering': ['day'],
            },
        ),
        migrations.CreateModel(
            name='PauseRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('reason', models.CharField(choices=[('illness', 'Serious illness'), ('maternity', 'Pregnancy, maternity leave or a child under 12 months'), ('criminal', 'Criminal proceedings'), ('leave', 'Authorised annual, statutory or personal leave'), ('complaint', 'Complaint or lawsuit against the disciplinary decision')], max_length=12, verbose_name='reason')),
            ],
            options={
                'verbose_name': 'rulebook entry: pause',
                'verbose_name_plural': 'rulebook: pauses',
                'ordering': ['category', 'reason', 'valid_from'],
            },
        ),
        migrations.CreateModel(
            name='StatuteRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('gravity', models.CharField(blank=True, choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], help_text='Empty: any.', max_length=12, verbose_name='gravity')),
                ('finance_related', models.BooleanField(blank=True, help_text='Empty: either.', null=True, verbose_name='act concerns finance, property or technology/business secrets')),
                ('years', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='years')),
                ('months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='months')),
                ('restarts_on_new_act', models.BooleanField(default=False, verbose_name='a new violation within the term restarts it')),
                ('extension_after_pause_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='days the term is extended after a period in which discipline is barred')),
            ],
            options={
                'verbose_name': 'rulebook entry: statute of limitations',
                'verbose_name_plural': 'rulebook: statute of limitations',
                'ordering': ['category', 'gravity', 'valid_from'],
            },
        ),
        migrations.AlterModelOptions(
            name='disciplinerule',
            options={'ordering': ['category', 'has_left', 'holds_leadership_post', 'mandate', 'valid_from'], 'verbose_name': 'rulebook entry: forms', 'verbose_name_plural': 'rulebook: forms'},
        ),
        migrations.AlterModelOptions(
            name='historicaldisciplinerule',
            options={'get_latest_by': ('history_date', 'history_id'), 'ordering': ('-history_date', '-history_id'), 'verbose_name': 'historical rulebook entry: forms', 'verbose_name_plural': 'historical rulebook: forms'},
        ),
        migrations.AddField(
            model_name='disciplinarycase',
            name='act_form',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='discipline.sanctionform', verbose_name='form the act warrants on its own'),
        ),
        migrations.AddField(
            model_name='disciplinarycase',
            name='finance_related',
            field=models.BooleanField(default=False, verbose_name='act directly concerns finance, property or technology/business secrets'),
        ),
        migrations.AddField(
            model_name='disciplinerule',
            name='has_left',
            field=models.BooleanField(default=False, verbose_name='has left the service or retired'),
        ),
        migrations.AddField(
            model_name='disciplinerule',
            name='mandate',
            field=models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], help_text='Empty: either.', max_length=12, verbose_name='cán bộ: elected or approved/appointed'),
        ),
        migrations.AddField(
            model_name='historicaldisciplinarycase',
            name='act_form',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.sanctionform', verbose_name='form the act warrants on its own'),
        ),
        migrations.AddField(
            model_name='historicaldisciplinarycase',
            name='finance_related',
            field=models.BooleanField(default=False, verbose_name='act directly concerns finance, property or technology/business secrets'),
        ),
        migrations.AddField(
            model_name='historicaldisciplinerule',
            name='has_left',
            field=models.BooleanField(default=False, verbose_name='has left the service or retired'),
        ),
        migrations.AddField(
            model_name='historicaldisciplinerule',
            name='mandate',
            field=models.CharField(blank=True, choices=[('elected', 'Elected (bầu cử)'), ('approved', 'Elected and approved (bầu cử, phê chuẩn)'), ('appointed', 'Appointed (bổ nhiệm, chỉ định)')], help_text='Empty: either.', max_length=12, verbose_name='cán bộ: elected or approved/appointed'),
        ),
        migrations.AlterField(
            model_name='casepause',
            name='reason',
            field=models.CharField(choices=[('illness', 'Serious illness'), ('maternity', 'Pregnancy, maternity leave or a child under 12 months'), ('criminal', 'Criminal proceedings'), ('leave', 'Authorised annual, statutory or personal leave'), ('complaint', 'Complaint or lawsuit against the disciplinary decision')], max_length=12, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='disciplinarycase',
            name='gravity',
            field=models.CharField(choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], max_length=12, verbose_name='gravity'),
        ),
        migrations.AlterField(
            model_name='disciplinerule',
            name='holds_leadership_post',
            field=models.BooleanField(blank=True, help_text='Empty: either.', null=True, verbose_name='holds (or, after leaving, held) a leadership/management post'),
        ),
        migrations.AlterField(
            model_name='disciplinerule',
            name='legal_basis',
            field=models.CharField(max_length=255, verbose_name='legal basis (document and article)'),
        ),
        migrations.AlterField(
            model_name='disciplinerule',
            name='valid_from',
            field=models.DateField(blank=True, null=True, verbose_name='in force from'),
        ),
        migrations.AlterField(
            model_name='disciplinerule',
            name='valid_to',
            field=models.DateField(blank=True, null=True, verbose_name='in force until'),
        ),
        migrations.AlterField(
            model_name='historicalcasepause',
            name='reason',
            field=models.CharField(choices=[('illness', 'Serious illness'), ('maternity', 'Pregnancy, maternity leave or a child under 12 months'), ('criminal', 'Criminal proceedings'), ('leave', 'Authorised annual, statutory or personal leave'), ('complaint', 'Complaint or lawsuit against the disciplinary decision')], max_length=12, verbose_name='reason'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinarycase',
            name='gravity',
            field=models.CharField(choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], max_length=12, verbose_name='gravity'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinerule',
            name='holds_leadership_post',
            field=models.BooleanField(blank=True, help_text='Empty: either.', null=True, verbose_name='holds (or, after leaving, held) a leadership/management post'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinerule',
            name='legal_basis',
            field=models.CharField(max_length=255, verbose_name='legal basis (document and article)'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinerule',
            name='valid_from',
            field=models.DateField(blank=True, null=True, verbose_name='in force from'),
        ),
        migrations.AlterField(
            model_name='historicaldisciplinerule',
            name='valid_to',
            field=models.DateField(blank=True, null=True, verbose_name='in force until'),
        ),
        migrations.CreateModel(
            name='CaseAct',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('act_date', models.DateField(verbose_name='date of the act')),
                ('gravity', models.CharField(choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], max_length=12, verbose_name='gravity')),
                ('finance_related', models.BooleanField(default=False, verbose_name='act directly concerns finance, property or technology/business secrets')),
                ('description', models.CharField(max_length=500, verbose_name='description')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='acts', to='discipline.disciplinarycase')),
                ('form', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='discipline.sanctionform', verbose_name='form the act warrants on its own')),
            ],
            options={
                'verbose_name': 'further act',
                'verbose_name_plural': 'further acts',
                'ordering': ['act_date', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CombinationRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('situation', models.CharField(choices=[('several_acts', 'Several acts judged together'), ('repeat', 'New act while a sanction is in force')], max_length=16, verbose_name='situation')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('method', models.CharField(choices=[('heaviest', 'The heaviest form'), ('one_above', 'One level above the heaviest form')], max_length=12, verbose_name='form decided')),
                ('not_raised', models.ManyToManyField(blank=True, related_name='+', to='discipline.sanctionform', verbose_name='forms never raised one level')),
            ],
            options={
                'verbose_name': 'rulebook entry: combining acts',
                'verbose_name_plural': 'rulebook: combining acts',
                'ordering': ['situation', 'category', 'valid_from'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCaseAct',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('act_date', models.DateField(verbose_name='date of the act')),
                ('gravity', models.CharField(choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], max_length=12, verbose_name='gravity')),
                ('finance_related', models.BooleanField(default=False, verbose_name='act directly concerns finance, property or technology/business secrets')),
                ('description', models.CharField(max_length=500, verbose_name='description')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.disciplinarycase')),
                ('form', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.sanctionform', verbose_name='form the act warrants on its own')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical further act',
                'verbose_name_plural': 'historical further acts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCombinationRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('situation', models.CharField(choices=[('several_acts', 'Several acts judged together'), ('repeat', 'New act while a sanction is in force')], max_length=16, verbose_name='situation')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('method', models.CharField(choices=[('heaviest', 'The heaviest form'), ('one_above', 'One level above the heaviest form')], max_length=12, verbose_name='form decided')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rulebook entry: combining acts',
                'verbose_name_plural': 'historical rulebook: combining acts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCombinationRule_not_raised',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('combinationrule', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.combinationrule')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='discipline.historicalcombinationrule')),
                ('sanctionform', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.sanctionform')),
            ],
            options={
                'verbose_name': 'HistoricalCombinationRule_not_raised',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDeadlineRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('days', models.PositiveSmallIntegerField(verbose_name='days')),
                ('complex_days', models.PositiveSmallIntegerField(verbose_name='days for a complex case')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rulebook entry: processing deadline',
                'verbose_name_plural': 'historical rulebook: processing deadline',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalNonWorkingDay',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('day', models.DateField(db_index=True, verbose_name='day')),
                ('name', models.CharField(max_length=128, verbose_name='name')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical non-working day',
                'verbose_name_plural': 'historical non-working days',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPauseRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('reason', models.CharField(choices=[('illness', 'Serious illness'), ('maternity', 'Pregnancy, maternity leave or a child under 12 months'), ('criminal', 'Criminal proceedings'), ('leave', 'Authorised annual, statutory or personal leave'), ('complaint', 'Complaint or lawsuit against the disciplinary decision')], max_length=12, verbose_name='reason')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rulebook entry: pause',
                'verbose_name_plural': 'historical rulebook: pauses',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPromotionBar',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('months', models.PositiveSmallIntegerField(verbose_name='months')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('form', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='discipline.sanctionform', verbose_name='form')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rulebook entry: bar on promotion',
                'verbose_name_plural': 'historical rulebook: bars on promotion',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalStatuteRule',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('gravity', models.CharField(blank=True, choices=[('reprimand', 'Less serious: warrants a reprimand'), ('heavier', 'Warrants a warning or a heavier form'), ('no_limit', 'Listed act without limitation (e.g. forged diplomas)')], help_text='Empty: any.', max_length=12, verbose_name='gravity')),
                ('finance_related', models.BooleanField(blank=True, help_text='Empty: either.', null=True, verbose_name='act concerns finance, property or technology/business secrets')),
                ('years', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='years')),
                ('months', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='months')),
                ('restarts_on_new_act', models.BooleanField(default=False, verbose_name='a new violation within the term restarts it')),
                ('extension_after_pause_days', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='days the term is extended after a period in which discipline is barred')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical rulebook entry: statute of limitations',
                'verbose_name_plural': 'historical rulebook: statute of limitations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PromotionBar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='in force from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='in force until')),
                ('legal_basis', models.CharField(max_length=255, verbose_name='legal basis (document and article)')),
                ('category', models.CharField(choices=[('can_bo', 'Cán bộ (elected/appointed official)'), ('cong_chuc', 'Công chức (civil servant)'), ('vien_chuc', 'Viên chức (public employee)'), ('nguoi_lao_dong', 'Người lao động (contract worker)')], max_length=16, verbose_name='staff category')),
                ('months', models.PositiveSmallIntegerField(verbose_name='months')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='discipline.sanctionform', verbose_name='form')),
            ],
            options={
                'verbose_name': 'rulebook entry: bar on promotion',
                'verbose_name_plural': 'rulebook: bars on promotion',
                'ordering': ['category', 'form__rank', 'valid_from'],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='historicalsanctionform',
            name='bars_promotion_months',
        ),
        migrations.RemoveField(
            model_name='sanctionform',
            name='bars_promotion_months',
        ),
    ]
