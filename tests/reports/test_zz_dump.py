from tests.reports.conftest import stored_pdf
from tests.reports.pdfcheck import runs

def test_dump(issue_inspection):
    report = issue_inspection()
    data = stored_pdf(report)
    open("/tmp/i16/report.pdf", "wb").write(data)
    from reports.models import ConclusionNotice
    n = ConclusionNotice.objects.get(report=report)
    open("/tmp/i16/notice.pdf", "wb").write(stored_pdf(n))
    for r in runs(data)[:60]:
        print(r)
