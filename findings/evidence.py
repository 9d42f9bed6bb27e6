"""Checking uploaded photos by their content, not by the name or the browser's claim."""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
EXIF_DATETIME_ORIGINAL = ExifTags.Base.DateTimeOriginal
EXIF_DATETIME = ExifTags.Base.DateTime


MAX_PHOTOS = 10
"""Photos one finding may carry; the services enforce it, the pages and the tablet only announce it."""


class EvidenceRejected(ValueError):
    """The upload is not an acceptable image; the message is for the person who uploaded it."""


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    content_type: str
    extension: str
    sha256: str
    width: int | None
    height: int | None
    taken_at: datetime.datetime | None


def max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", 15 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "EVIDENCE_MAX_PIXELS", 40_000_000)


def check_image(stream: IO[bytes]) -> CheckedImage:
    """Read and verify an uploaded photo. Raises EvidenceRejected with a message for the user."""
    limit = max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise EvidenceRejected(_("The photo is larger than %(mb)d MB.") % {"mb": limit // 2**20})
    if not data:
        raise EvidenceRejected(_("The file is empty."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            too_large = width * height > max_pixels()
            if not too_large:
                probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise EvidenceRejected(_("The file is not a readable photo (JPEG, PNG or WebP).")) from None
    if too_large:
        raise EvidenceRejected(
            _("The photo has %(mp)d megapixels; at most %(limit)d are accepted.")
            % {"mp": width * height // 1_000_000, "limit": max_pixels() // 1_000_000}
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            taken_at = _exif_time(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise EvidenceRejected(_("The file is not a readable photo (JPEG, PNG or WebP).")) from None
    if image_format not in ALLOWED_FORMATS:
        raise EvidenceRejected(_("Only JPEG, PNG or WebP photos are accepted."))
    content_type, extension = ALLOWED_FORMATS[image_format]
    return CheckedImage(
        data, content_type, extension, hashlib.sha256(data).hexdigest(), width, height, taken_at
    )


def _exif_time(image: Image.Image) -> datetime.datetime | None:
    """The moment the camera says the photo was taken, read as local time (cameras store no zone)."""
    try:
        exif = image.getexif()
        raw = exif.get_ifd(ExifTags.IFD.Exif).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    except Exception:
        return None
    if not raw:
        return None
    try:
        naive = datetime.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(naive)


def check_upload(stream: IO[bytes]) -> CheckedImage:
    """A photo (as :func:`check_image`) or a PDF document, for a unit's response.

    A PDF is recognised by its header and trailer; it is stored and served as an attachment, never
    rendered inline, so a malformed one harms no viewer of the page.
    """
    head = stream.read(5)
    stream.seek(0)
    if head != b"%PDF-":
        return check_image(stream)
    limit = max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise EvidenceRejected(_("The file is larger than %(mb)d MB.") % {"mb": limit // 2**20})
    if b"%%EOF" not in data[-2048:]:
        raise EvidenceRejected(_("The PDF file is incomplete or damaged."))
    return CheckedImage(data, "application/pdf", ".pdf", hashlib.sha256(data).hexdigest(), None, None, None)


def thumbnail(data: bytes, max_px: int) -> Image.Image | None:
    """A small RGB copy of a photo, upright as the camera held it, within ``max_px`` on its longest side.

    Memory stays near the size of the thumbnail: the JPEG decoder is asked for a reduced image first
    (``draft``) and ``thumbnail`` reduces before resampling, all before the EXIF rotation and the colour
    conversion copy anything. None for a file that is not a readable image.
    """
    try:
        with Image.open(io.BytesIO(data)) as source:
            source.draft("RGB", (max_px, max_px))
            source.thumbnail((max_px, max_px), reducing_gap=2.0)
            upright = ImageOps.exif_transpose(source)
            return upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
