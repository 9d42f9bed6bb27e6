"""The rulebook of DESIGN.md section 6 as data: forms by staff category, post and period."""

import datetime

from django.db import migrations

FORMS = [
    ("khien_trach", "Khiển trách", 1, 12),
    ("canh_cao", "Cảnh cáo", 2, 12),
    ("ha_bac_luong", "Hạ bậc lương", 3, None),
    ("giang_chuc", "Giáng chức", 4, 24),
    ("cach_chuc", "Cách chức", 5, 24),
    ("bai_nhiem", "Bãi nhiệm", 6, None),
    ("buoc_thoi_viec", "Buộc thôi việc", 7, None),
]
BEFORE = (None, datetime.date(2025, 6, 30))
AFTER = (datetime.date(2025, 7, 1), None)
ALWAYS = (None, None)
OLD_BASIS = "Luật Cán bộ, công chức 2008 (sửa đổi 2019), Luật Viên chức; Nghị định 112/2020/NĐ-CP"
NEW_BASIS = "Luật Cán bộ, công chức 2025; Nghị định về xử lý kỷ luật CBCCVC có hiệu lực từ 01/07/2025"
RULES = [
    ("can_bo", False, ALWAYS, ["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"], OLD_BASIS),
    ("can_bo", True, ALWAYS, ["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"], OLD_BASIS),
    ("cong_chuc", False, BEFORE, ["khien_trach", "canh_cao", "ha_bac_luong", "buoc_thoi_viec"], OLD_BASIS),
    ("cong_chuc", False, AFTER, ["khien_trach", "canh_cao", "buoc_thoi_viec"], NEW_BASIS),
    ("cong_chuc", True, BEFORE, ["khien_trach", "canh_cao", "giang_chuc", "cach_chuc", "buoc_thoi_viec"], OLD_BASIS),
    ("cong_chuc", True, AFTER, ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"], NEW_BASIS),
    ("vien_chuc", False, ALWAYS, ["khien_trach", "canh_cao", "buoc_thoi_viec"], OLD_BASIS),
    ("vien_chuc", True, ALWAYS, ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"], OLD_BASIS),
]


def load(apps, schema_editor):
    SanctionForm = apps.get_model("discipline", "SanctionForm")
    DisciplineRule = apps.get_model("discipline", "DisciplineRule")
    forms = {}
    for code, name, rank, months in FORMS:
        forms[code], _ = SanctionForm.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "bars_promotion_months": months}
        )
    for category, leadership, (start, end), codes, basis in RULES:
        rule, created = DisciplineRule.objects.get_or_create(
            category=category, holds_leadership_post=leadership, valid_from=start, valid_to=end,
            defaults={"legal_basis": basis},
        )
        if created:
            rule.forms.set([forms[c] for c in codes])


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
