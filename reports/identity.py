"""Who issues a document and under which number: the agency's identity, its signers, the register of
document numbers, and the dated list of legal bases (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II).

These are models (``reports.models`` imports them) edited in the admin, not settings: one installation
serves several inspecting bodies, each with its own name, superior body, abbreviation and signers, and
they change with reorganisations (2025's two-level local government) without a redeployment. The
history of every change is kept, and issued documents keep the identity they were issued under in
their frozen content.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Unit

ABBREVIATION = RegexValidator(
    r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$",
    _("Capital letters and digits, groups joined by “-”, no spaces (e.g. SNV, ĐKT)."),
)


class Authority(models.TextChoices):
    """The authority wording before a signer's title (Phụ lục I, II.7.b)."""

    OWN = "", _("Signs as the head (no wording)")
    TM = "TM.", _("TM. — on behalf of a collective")
    KT = "KT.", _("KT. — deputy signing for the head")
    Q = "Q.", _("Q. — acting head")
    TL = "TL.", _("TL. — by order of the head")
    TUQ = "TUQ.", _("TUQ. — by authorisation of the head")


class Agency(models.Model):
    """The identity an inspecting body prints on its documents.

    ``name`` is the issuing body (bold, with the short rule beneath), ``superior_body`` its governing
    body above it (a ward's UBND for its divisions, the city's UBND for a Sở), ``abbreviation`` the part
    after the type in a number ("05/TB-SNV"). Documents of the inspection team (its report and the
    on-site minutes) are issued in the team's name under the agency, with the team's own numbering
    system and abbreviation, as Phụ lục I, II.3.a requires for a group that issues documents.
    """

    unit = models.OneToOneField(Unit, on_delete=models.PROTECT, related_name="agency")
    name = models.CharField(_("name of the issuing body"), max_length=160, help_text=_("e.g. SỞ NỘI VỤ"))
    superior_body = models.CharField(
        _("governing body above it"),
        max_length=160,
        blank=True,
        help_text=_("e.g. ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI (may be abbreviated: UBND THÀNH PHỐ HÀ NỘI)"),
    )
    abbreviation = models.CharField(
        _("abbreviation in document numbers"), max_length=20, validators=[ABBREVIATION]
    )
    place = models.CharField(_("place name on documents"), max_length=80, help_text=_("e.g. Hà Nội"))
    head_title = models.CharField(_("title of the head"), max_length=80, default="GIÁM ĐỐC")
    collective_name = models.CharField(
        _("collective leadership (for TM.)"), max_length=160, blank=True, help_text=_("e.g. ỦY BAN NHÂN DÂN")
    )
    team_name = models.CharField(_("name of an inspection team"), max_length=120, default="ĐOÀN KIỂM TRA")
    team_abbreviation = models.CharField(
        _("abbreviation of the team's documents"), max_length=20, default="ĐKT", validators=[ABBREVIATION]
    )
    team_leader_title = models.CharField(_("title of the team leader"), max_length=80, default="TRƯỞNG ĐOÀN")
    leadership_recipients = models.TextField(
        _("leadership that receives conclusions (one per line)"),
        blank=True,
        help_text=_("e.g. UBND Thành phố (để báo cáo)"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency identity")
        verbose_name_plural = _("agency identities")

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"

    def leadership_lines(self) -> list[str]:
        return [line.strip().rstrip(";.") for line in self.leadership_recipients.splitlines() if line.strip()]


class Signer(models.Model):
    """A person who signs the agency's documents, with their authority wording and position.

    The head signs under ``head_title`` with no wording; a deputy signs "KT. GIÁM ĐỐC" over "PHÓ GIÁM
    ĐỐC"; an acting head "Q. GIÁM ĐỐC"; a chief of office "TL. GIÁM ĐỐC" or "TUQ. GIÁM ĐỐC" over their
    own position; a member of a collective "TM. ỦY BAN NHÂN DÂN" over theirs.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    authority = models.CharField(
        _("authority wording"), max_length=5, choices=Authority.choices, default=Authority.OWN, blank=True
    )
    position = models.CharField(
        _("position"),
        max_length=80,
        blank=True,
        help_text=_("Printed under the authority line, e.g. PHÓ GIÁM ĐỐC; empty for the head and Q."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="one_signer_entry_per_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_authority_display()} {self.position}".strip()


class DocumentType(models.TextChoices):
    """Abbreviations of Phụ lục III, mục I."""

    REPORT = "BC", _("Report")
    NOTICE = "TB", _("Notice")
    MINUTES = "BB", _("Minutes")


class Issuer(models.TextChoices):
    AGENCY = "agency", _("the agency")
    TEAM = "team", _("its inspection teams")


class DocumentNumber(models.Model):
    """One line of the register of outgoing documents: a number given once, never reused.

    Numbers run from 01 each year per agency, issuer (the agency or its teams) and document type;
    ``reports.numbering.allocate`` gives the next one inside the issuing transaction, so a rolled-back
    issuance leaves no gap and two at once never share a number.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="numbers")
    issuer = models.CharField(max_length=8, choices=Issuer.choices)
    doc_type = models.CharField(_("document type"), max_length=4, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number"))
    number = models.CharField(_("number and symbol"), max_length=64)
    title = models.CharField(_("summary"), max_length=255)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registered document number")
        verbose_name_plural = _("register of document numbers")
        ordering = ["agency", "-year", "issuer", "doc_type", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "issuer", "doc_type", "year", "sequence"], name="document_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"


class LegalBasis(models.Model):
    """A legal basis a document may cite, in force from ``valid_from`` to ``valid_to`` (inclusive).

    Issued documents print the bases in force on their date: the writer ticks them on the draft, the
    ones marked ``standard`` are printed when nothing is ticked, and a ticked basis no longer in force is
    replaced by its ``replaced_by`` (Luật Cán bộ, công chức 2008 → Luật 80/2025/QH15 on 01/07/2025).
    """

    text = models.TextField(_("wording, from “Căn cứ”"))
    keys = models.CharField(
        _("identifiers"),
        max_length=255,
        blank=True,
        help_text=_(
            "Numbers or names that identify it, separated by “;” (e.g. 80/2025/QH15; Luật Cán bộ, công "
            "chức): a line the writer types that contains one is not printed a second time."
        ),
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    standard = models.BooleanField(_("printed unless others are chosen"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(";") if key.strip()]

    def in_force(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
