"""A local demo certificate authority and agency certificate, for the demo data and the tests only.

Made with ``cryptography`` when ``load_demo`` runs and written to ``var/signing/`` (never committed):
``ca.pem`` (the demo root to trust), ``agency.p12`` (key and certificate) and ``agency.password``.
Every name in them says DEMO, so a document signed with them is recognisably not official, and the
deployment check refuses them.
"""

from __future__ import annotations

import datetime
import secrets
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

DEMO_ORGANISATION = "congvu DEMO - khong co gia tri phap ly"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def make_demo_pki(
    directory: Path,
    agency_name: str = "SỞ NỘI VỤ",
    *,
    valid_from: datetime.datetime | None = None,
    valid_days: int = 3 * 365,
) -> dict[str, Path]:
    """Write a demo CA and an agency certificate signed by it into ``directory``; returns the paths.

    ``valid_from``/``valid_days`` set the agency certificate's validity (tests use an expired one).
    """
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    start = valid_from or now - datetime.timedelta(days=1)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("congvu DEMO CA"))
        .issuer_name(_name("congvu DEMO CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(start, now) - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{agency_name} (DEMO)"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signing=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(18)
    bundle = pkcs12.serialize_key_and_certificates(
        b"congvu-demo-agency",
        key,
        certificate,
        [ca],
        serialization.BestAvailableEncryption(password.encode()),
    )
    paths = {
        "ca": directory / "ca.pem",
        "p12": directory / "agency.p12",
        "password": directory / "agency.password",
    }
    paths["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths["p12"].write_bytes(bundle)
    paths["p12"].chmod(0o600)
    paths["password"].write_text(password + "\n")
    paths["password"].chmod(0o600)
    (directory / "README.txt").write_text(
        "DEMO ONLY. Made by `manage.py load_demo`; documents signed with this key have no legal value.\n"
        "Configure the agency's own certificate with CONGVU_SIGNING_P12 (or PKCS#11) in production.\n"
    )
    return paths


def ensure_demo_pki(directory: Path, agency_name: str = "SỞ NỘI VỤ") -> dict[str, Path]:
    """The demo PKI in ``directory``, made on first use and kept afterwards (load_demo is idempotent)."""
    paths = {
        "ca": directory / "ca.pem",
        "p12": directory / "agency.p12",
        "password": directory / "agency.password",
    }
    if all(path.exists() for path in paths.values()):
        return paths
    return make_demo_pki(directory, agency_name)
