from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from staff.importers import IMPORTERS, ImportRejected


class Command(BaseCommand):
    help = (
        "Import units or staff from a CSV (UTF-8) or XLSX file. Every row is validated first; if any row is "
        "invalid nothing is imported and each problem is printed in Vietnamese and English. Rows are matched "
        "by code, so re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file contains")
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind: str, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Không tìm thấy tệp / file not found: {file}")
        with file.open("rb") as stream:
            try:
                report = IMPORTERS[kind](stream, file.name, actor=None)
            except ImportRejected as rejected:
                for problem in rejected.problems:
                    self.stderr.write(f"{problem.render('vi')}\n    {problem.render('en')}")
                count = len(rejected.problems)
                raise CommandError(
                    f"Không nhập gì: {count} lỗi / nothing imported: {count} problem(s)"
                ) from None
        with translation.override("vi"):
            vi = str(report)
        with translation.override("en"):
            en = str(report)
        self.stdout.write(self.style.SUCCESS(f"{vi} / {en}"))
