"""Handing out a rendered PDF, from the pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from core.downloads import private_file
from reports.models import RenderedPdf


def pdf_download(rendered: RenderedPdf, filename: str) -> FileResponse:
    """The stored PDF of an authorised ``rendered`` record; 404 while there is none to give yet."""
    if not rendered.is_ready:
        raise Http404
    return private_file(rendered.pdf.open("rb"), content_type="application/pdf", filename=filename)
