"""PAdES digital signatures on issued documents, made and checked with pyHanko.

Vietnamese agencies sign electronic documents with a digital signature (chữ ký số) that any PDF reader
can verify (Nghị định 30/2020/NĐ-CP, Phụ lục I, II.7.d and II.8). Every issued PDF is signed with the
agency's certificate as an incremental update of the rendered bytes, so the rendering itself stays
reproducible; the visible stamp sits where the layout placed the signature (``SignatureBox``) and
says who signed and when, in Liberation Serif.

The key comes from one of (settings, read from the environment):

- a PKCS#12 file, ``CONGVU_SIGNING_P12`` with ``CONGVU_SIGNING_P12_PASSWORD``;
- a PKCS#11 token (a USB token or an HSM), ``CONGVU_SIGNING_PKCS11_MODULE`` (the vendor's ``.so``),
  ``CONGVU_SIGNING_PKCS11_TOKEN`` (token label), ``CONGVU_SIGNING_PKCS11_KEY`` (key and certificate
  label) and ``CONGVU_SIGNING_PKCS11_PIN``; needs ``python-pkcs11`` installed;
- otherwise the demo certificate ``manage.py load_demo`` writes into ``var/signing/`` (demo only).

With ``CONGVU_SIGNING_TSA_URL`` set, the signature carries a timestamp from that authority (PAdES
B-T). Verification trusts only ``CONGVU_SIGNING_TRUST_ROOTS`` (PEM files; the demo CA by default) and
names each check that failed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import functools
import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.pdf.base import FONT_DIR, SignatureBox

log = logging.getLogger(__name__)
T = TypeVar("T")
FIELD_NAME = "ChuKySoCoQuan"
DEMO_MARK = "DEMO"
logging.getLogger("fontTools").setLevel(logging.ERROR)


class SigningError(RuntimeError):
    """The configured key could not be loaded or used; the message says which setting to fix."""


@dataclass(frozen=True)
class SigningSetup:
    p12: Path | None
    password: str
    pkcs11_module: str
    pkcs11_token: str
    pkcs11_key: str
    pkcs11_pin: str
    tsa_url: str
    trust_roots: tuple[Path, ...]

    @property
    def configured(self) -> bool:
        return bool(self.pkcs11_module) or (self.p12 is not None and self.p12.exists())


def demo_dir() -> Path:
    return Path(settings.VAR_DIR) / "signing"


def current_setup() -> SigningSetup:
    """The signing configuration now, falling back to the demo certificate when none is set."""
    p12 = Path(settings.SIGNING_P12) if settings.SIGNING_P12 else None
    password = settings.SIGNING_P12_PASSWORD
    roots = tuple(Path(path) for path in settings.SIGNING_TRUST_ROOTS)
    demo = demo_dir()
    fallback = settings.SIGNING_DEMO_FALLBACK
    if fallback and p12 is None and not settings.SIGNING_PKCS11_MODULE and (demo / "agency.p12").exists():
        p12 = demo / "agency.p12"
        password = (demo / "agency.password").read_text().strip()
    if fallback and not roots and (demo / "ca.pem").exists():
        roots = (demo / "ca.pem",)
    return SigningSetup(
        p12=p12,
        password=password,
        pkcs11_module=settings.SIGNING_PKCS11_MODULE,
        pkcs11_token=settings.SIGNING_PKCS11_TOKEN,
        pkcs11_key=settings.SIGNING_PKCS11_KEY,
        pkcs11_pin=settings.SIGNING_PKCS11_PIN,
        tsa_url=settings.SIGNING_TSA_URL,
        trust_roots=roots,
    )


def _outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous calls run their own event loop; where one is already running in this
    thread (a Playwright test, an async server), run them in a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    language = translation.get_language()

    def in_language() -> T:
        with translation.override(language):
            return work()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(in_language).result()


_LOADED: dict[tuple, Any] = {}
_LOADING = threading.Lock()


def _signer(setup: SigningSetup) -> Any:
    """The signer for ``setup``, loaded once per process and file version (decrypting a PKCS#12 file
    and checking its RSA key costs a third of a second; a worker signs many documents)."""
    if setup.pkcs11_module:
        return _load_signer(setup)
    try:
        stat = setup.p12.stat()  # type: ignore[union-attr]
    except OSError as error:
        raise SigningError(f"Cannot read the PKCS#12 file {setup.p12}: {error.strerror}") from error
    key = (str(setup.p12), stat.st_mtime_ns, stat.st_size, setup.password)
    with _LOADING:
        if key not in _LOADED:
            _LOADED.clear()
            _LOADED[key] = _load_signer(setup)
        return _LOADED[key]


def _load_signer(setup: SigningSetup) -> Any:
    from pyhanko.sign import signers

    if setup.pkcs11_module:
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11
        except ImportError as error:  # python-pkcs11 is an optional dependency
            raise SigningError("PKCS#11 signing needs the python-pkcs11 package installed.") from error
        session = pkcs11.open_pkcs11_session(
            setup.pkcs11_module,
            token_criteria=TokenCriteria(label=setup.pkcs11_token or None),
            user_pin=setup.pkcs11_pin,
        )
        return pkcs11.PKCS11Signer(session, cert_label=setup.pkcs11_key, key_label=setup.pkcs11_key)
    try:
        data = setup.p12.read_bytes()  # type: ignore[union-attr]
        loaded = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=[], passphrase=setup.password.encode() or None
        )
    except (OSError, ValueError) as error:
        raise SigningError(f"Cannot load the PKCS#12 file {setup.p12}: {error}") from error
    loaded.__class__ = _kept_key_signer_class()
    return loaded


@functools.cache
def _kept_key_signer_class() -> type:
    """pyHanko's in-memory signer, keeping the parsed RSA key between signatures instead of parsing
    and re-validating it (150 ms) for each one; other key types go through pyHanko unchanged."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            if algorithm != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            key = self.__dict__.get("_kept_key")
            if key is None:
                key = self.__dict__["_kept_key"] = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            if not isinstance(key, rsa.RSAPrivateKey):
                return super().sign_raw(data, digest_algorithm)
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))

    return KeptKeySigner


@functools.cache
def _stamp_font() -> bytes:
    """Liberation Serif cut down to Latin and Vietnamese letters, once per process: the full font has
    2,600 glyphs that pyHanko would parse for every stamp. It is also rescaled to 1,000 units per em:
    pyHanko writes the font's advance widths (/W) unscaled, which is only right at 1,000 units per em
    (Liberation Serif has 2,048), and would spread the stamp's letters apart."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    text = (
        "".join(chr(code) for code in range(0x20, 0x7F))
        + "".join(chr(code) for code in range(0xC0, 0x1B1))
        + "".join(chr(code) for code in range(0x1EA0, 0x1EFA))
        + "–—‘’“”…"
    )
    font = TTFont(str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True))
    subsetter.populate(text=text)
    subsetter.subset(font)
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _stamp_style() -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    class SubsetFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer,
                font_handle=io.BytesIO(_stamp_font()),
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    font = SubsetFont(str(FONT_DIR / "LiberationSerif-Regular.ttf"), font_size=8)
    return TextStampStyle(
        stamp_text="Ký số bởi: %(signer)s\nThời gian ký: %(ts)s\nLý do: %(reason)s",
        text_box_style=TextBoxStyle(font=font, font_size=8, text_color=(0.75, 0.1, 0.1)),
        border_width=1,
        timestamp_format="%Y-%m-%dT%H:%M:%S%z",  # II.8.b: ISO 8601 with the Vietnam time zone
    )


def sign_pdf(
    data: bytes, *, places: list[SignatureBox], signer_name: str, reason: str, location: str
) -> bytes:
    """``data`` with the agency's PAdES signature appended, visible at the first of ``places``; the
    unchanged ``data`` when no key is configured (logged), so rendering never fails for want of one."""
    setup = current_setup()
    if not setup.configured:
        log.warning("no signing key configured (CONGVU_SIGNING_P12 or PKCS#11): the PDF is not signed")
        return data

    def work() -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers, timestamps

        signer = _signer(setup)
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        spec = None
        if places:
            place = places[0]
            box = cast(tuple[int, int, int, int], tuple(round(edge) for edge in place.box))
            spec = fields.SigFieldSpec(FIELD_NAME, on_page=place.page, box=box)
        else:
            spec = fields.SigFieldSpec(FIELD_NAME)
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
            name=signer_name,
        )
        timestamper = timestamps.HTTPTimeStamper(setup.tsa_url) if setup.tsa_url else None
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=timestamper,
            stamp_style=_stamp_style() if places else None,
            new_field_spec=spec,
        )
        out = pdf_signer.sign_pdf(writer, appearance_text_params={"signer": signer_name, "reason": reason})
        return out.getvalue()

    return _outside_event_loop(work)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str


@dataclass
class SignatureReport:
    """What verifying a PDF's digital signature found, check by check, in the order they depend on
    each other: a signature is present; its digest matches the bytes (integrity); it covers the whole
    file (nothing appended after signing); the certificate chains to a configured trust root; the
    certificate was valid when the document was signed."""

    checks: list[Check] = field(default_factory=list)
    signer: str = ""
    signed_at: datetime.datetime | None = None
    demo: bool = False

    @property
    def signed(self) -> bool:
        return bool(self.checks) and self.checks[0].ok

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def _trust_roots(setup: SigningSetup) -> list[Any]:
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for path in setup.trust_roots:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            log.error("cannot read trust root %s: %s", path, error)
    return roots


def _chain_trusted(cert: Any, others: list[Any], setup: SigningSetup, moment: datetime.datetime) -> bool:
    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    context = ValidationContext(
        trust_roots=_trust_roots(setup), moment=moment, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        asyncio.run(CertificateValidator(cert, others, context).async_validate_usage(set()))
    except Exception:  # any path-building or validation error means: not trusted
        return False
    return True


def verify_pdf(data: bytes) -> SignatureReport:
    """Check the digital signature of ``data``; never raises for a bad file, it reports it."""
    setup = current_setup()

    def work() -> SignatureReport:
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

        report = SignatureReport()
        try:
            signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
        except Exception as error:  # not a PDF, or a broken one: say so
            report.checks.append(
                Check(
                    "signature", False, _("The file cannot be read as a PDF (%(error)s).") % {"error": error}
                )
            )
            return report
        if not signatures:
            report.checks.append(Check("signature", False, _("The file carries no digital signature.")))
            return report
        embedded = signatures[-1]
        report.checks.append(
            Check("signature", True, _("Signature field %(name)s.") % {"name": embedded.field_name})
        )
        try:
            cert = embedded.signer_cert
            report.signer = cert.subject.human_friendly
            report.demo = DEMO_MARK in report.signer
            moment = embedded.self_reported_timestamp or timezone.now()
            context = ValidationContext(
                trust_roots=_trust_roots(setup),
                moment=moment,
                allow_fetching=False,
                revocation_mode="soft-fail",
            )
            status = validate_pdf_signature(embedded, context)
        except Exception as error:  # a forged or broken signature must be reported, never crash the page
            log.info("signature cannot be checked: %r", error)
            report.checks.append(
                Check(
                    "integrity", False, _("The signature cannot be checked (%(error)s).") % {"error": error}
                )
            )
            return report
        report.signed_at = status.signer_reported_dt or moment
        report.checks.append(
            Check(
                "integrity",
                bool(status.intact and status.valid),
                _("The signed bytes are unchanged.")
                if status.intact and status.valid
                else _("The bytes the signature covers have been changed since signing."),
            )
        )
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        report.checks.append(
            Check(
                "coverage",
                whole,
                _("The signature covers the whole file.")
                if whole
                else _("Content was added to the file after it was signed."),
            )
        )
        trusted = bool(status.trusted)
        if not (status.intact and status.valid):
            # pyHanko stops at a broken digest; the chain is judged on its own so each failure is named.
            trusted = _chain_trusted(cert, embedded.other_embedded_certs, setup, moment)
        report.checks.append(
            Check(
                "chain",
                trusted,
                _("The certificate chains to a configured trust root.")
                if trusted
                else _("The certificate does not chain to a configured trust root (%(problem)s).")
                % {"problem": getattr(status.trust_problem_indic, "name", "—")},
            )
        )
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
        in_time = not_before <= report.signed_at <= not_after
        report.checks.append(
            Check(
                "validity",
                in_time,
                (
                    _("The certificate was valid when signed (%(start)s–%(end)s).")
                    if in_time
                    else _(
                        "The certificate was not valid at the signing time %(time)s (valid %(start)s–%(end)s)."
                    )
                )
                % {
                    "time": f"{timezone.localtime(report.signed_at):%H:%M %d/%m/%Y}",
                    "start": f"{not_before:%d/%m/%Y}",
                    "end": f"{not_after:%d/%m/%Y}",
                },
            )
        )
        return report

    return _outside_event_loop(work)
