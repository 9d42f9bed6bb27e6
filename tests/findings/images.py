"""Small real images for upload tests."""

from __future__ import annotations

import io

from PIL import Image


def jpeg_bytes(*, taken: str | None = "2026:11:20 09:15:30", size=(64, 48), color=(180, 30, 30)) -> bytes:
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if taken:
        exif = Image.Exif()
        exif[0x0132] = taken  # DateTime
        exif.get_ifd(0x8769)[0x9003] = taken  # Exif IFD: DateTimeOriginal
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(color=(20, 120, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), color).save(buffer, "PNG")
    return buffer.getvalue()
