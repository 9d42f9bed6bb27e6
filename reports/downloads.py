"""Handing out a rendered file (a PDF, a spreadsheet), from the pages and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from core.downloads import private_file
from reports.models import BackgroundRender


def rendered_file(rendered: BackgroundRender, filename: str) -> FileResponse:
    """The stored file of an authorised ``rendered`` record; 404 while there is none to give yet."""
    if not rendered.is_ready:
        raise Http404
    output = rendered.output()
    stored = getattr(rendered, output.field)
    return private_file(stored.open("rb"), content_type=output.content_type, filename=filename)
