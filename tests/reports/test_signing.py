"""Issued PDFs carry a PAdES signature that an independent tool accepts, and any change is caught.

poppler's ``pdfsig`` (Debian ``poppler-utils``, installed by ``make test``) is the independent check;
``reports.signing.verify_pdf``, the verification page and ``verify_report`` must agree with it, and
name what failed.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports.demo_pki import make_demo_pki
from reports.signing import sign_pdf, verify_pdf
from tests.reports.conftest import stored_pdf

# Layout, signatures, settings and text: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic

PDFSIG = shutil.which("pdfsig")
needs_pdfsig = pytest.mark.skipif(
    PDFSIG is None, reason="pdfsig (Debian package poppler-utils) is not installed; `make test` installs it"
)


def one_byte_changed(data: bytes) -> bytes:
    """The PDF with one byte inside the signed range changed: a letter of the producer's name in the
    document information, which keeps the file readable, so only the signature can tell."""
    changed = bytearray(data)
    at = data.index(b"ReportLab") + 3
    changed[at] ^= 0x01
    return bytes(changed)


def pdfsig(tmp_path, data: bytes) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(data)
    return subprocess.run([PDFSIG, str(path)], capture_output=True, text=True, timeout=60).stdout


@needs_pdfsig
def test_pdfsig_accepts_the_signed_report_and_rejects_one_changed_byte(issue_inspection, tmp_path):
    report = issue_inspection()
    data = stored_pdf(report)
    out = pdfsig(tmp_path, data)
    assert "Signature is Valid." in out and "Total document signed" in out, out
    assert "SỞ NỘI VỤ (DEMO)" in out, "the signer is the agency's certificate"
    out = pdfsig(tmp_path, one_byte_changed(data))
    assert "Signature is Valid." not in out and "Digest Mismatch" in out, out


@needs_pdfsig
def test_pdfsig_accepts_the_conclusion_notice(issue_inspection, tmp_path):
    notice = issue_inspection().notices.get()
    assert "Signature is Valid." in pdfsig(tmp_path, stored_pdf(notice))


def test_verification_names_each_failed_check(issue_inspection, settings, tmp_path):
    data = stored_pdf(issue_inspection())
    assert verify_pdf(data).valid
    changed = verify_pdf(one_byte_changed(data))
    assert [check.name for check in changed.failures] == ["integrity"], changed.checks

    appended = verify_pdf(data + b"\n1 0 obj\n(appended)\nendobj\n")
    assert not appended.valid

    other = make_demo_pki(tmp_path / "other")
    settings.SIGNING_TRUST_ROOTS = [str(other["ca"])]
    untrusted = verify_pdf(data)
    assert [check.name for check in untrusted.failures] == ["chain"], untrusted.checks

    unsigned = verify_pdf(b"%PDF-1.4 not really")
    assert not unsigned.signed and unsigned.failures[0].name == "signature"


def test_a_certificate_expired_before_signing_fails_the_validity_check(issue_inspection, settings, tmp_path):
    expired = make_demo_pki(
        tmp_path / "expired",
        valid_from=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=40),
        valid_days=10,
    )
    settings.SIGNING_P12 = str(expired["p12"])
    settings.SIGNING_P12_PASSWORD = expired["password"].read_text().strip()
    settings.SIGNING_TRUST_ROOTS = [str(expired["ca"])]
    data = stored_pdf(issue_inspection())
    names = [check.name for check in verify_pdf(data).failures]
    assert "validity" in names, names


def test_the_verification_page_and_command_agree(org, issue_inspection, client, tmp_path):
    report = issue_inspection()
    data = stored_pdf(report)
    client.force_login(org.users["director"])
    page = client.post(reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", data)})
    assert 'data-testid="signature-valid"' in page.text and page.context["result"]["found"] == report
    page = client.post(
        reverse("verify-upload"), {"file": SimpleUploadedFile("r.pdf", one_byte_changed(data))}
    )
    assert 'data-testid="signature-invalid"' in page.text
    assert 'data-check="integrity" data-ok="no"' in page.text and page.context["result"]["found"] is None

    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("verify_report", file=str(path), stdout=out)
    assert "signature integrity: ok" in out.getvalue()
    path.write_bytes(one_byte_changed(data))
    with pytest.raises(CommandError, match=r"FAILED \(integrity, hash\)"):
        call_command("verify_report", file=str(path), stdout=io.StringIO())


def test_without_a_key_the_pdf_is_left_unsigned_and_says_so(settings):
    settings.SIGNING_P12 = ""
    settings.SIGNING_TRUST_ROOTS = []
    from reports.pdf.base import build_pdf, para

    data = build_pdf([para("Xin chào")], title="x")
    assert sign_pdf(data, places=[], signer_name="x", reason="x", location="x") == data
    assert not verify_pdf(data).signed


def test_load_demo_makes_a_demo_only_certificate(settings, tmp_path):
    from reports.demo_pki import ensure_demo_pki

    paths = ensure_demo_pki(tmp_path / "signing")
    again = ensure_demo_pki(tmp_path / "signing")
    assert paths == again and paths["p12"].stat().st_mode & 0o077 == 0, "made once, private to its owner"
    from cryptography import x509

    ca = x509.load_pem_x509_certificate(paths["ca"].read_bytes())
    assert "DEMO" in ca.subject.rfc4514_string()
    assert "DEMO ONLY" in (tmp_path / "signing" / "README.txt").read_text()
