"""Files that only the person who asked may have: evidence photos, report PDFs, exports."""

from __future__ import annotations

from typing import IO

from django.http import FileResponse


def private_file(
    stream: IO[bytes], *, content_type: str, filename: str, inline: bool = False
) -> FileResponse:
    """``stream`` sent under ``filename``, kept by no shared or browser cache, and never content-sniffed.

    The caller has already authorised the request (policy.access); this only shapes the response.
    """
    response = FileResponse(stream, content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
