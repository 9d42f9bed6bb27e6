"""Peak memory of making a report thumbnail from one large photo: the former way and the current one.

Each way runs in a child process of its own, so the figure is that process's peak resident set size
(``ru_maxrss``), not Python's allocations only. ``manage.py thumbnail_benchmark --side 12000``.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand


def _former(path: str, box: int) -> tuple[int, int]:
    """What reports/pdf/inspection.py did before: decode, rotate and convert at full size, then shrink."""
    from PIL import Image, ImageOps

    with Image.open(path) as source:
        picture = ImageOps.exif_transpose(source).convert("RGB")
    picture.thumbnail((box, box))
    return picture.size


def _current(path: str, box: int) -> tuple[int, int]:
    from findings.evidence import thumbnail

    picture = thumbnail(Path(path).read_bytes(), box)
    assert picture is not None
    return picture.size


def _measure(way: str, path: str, box: int, out: Any) -> None:
    import django

    django.setup()
    start = time.perf_counter()
    size = (_former if way == "former" else _current)(path, box)
    out.put((size, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


class Command(BaseCommand):
    help = "Peak RSS and time of making a report thumbnail from one large photo (former vs current way)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--side", type=int, default=12000, help="the photo's width and height in pixels")
        parser.add_argument("--format", choices=["PNG", "JPEG"], default="PNG")
        parser.add_argument("--box", type=int, default=600, help="the thumbnail's longest side")

    def handle(self, *args: Any, side: int, format: str, box: int, **options: Any) -> None:
        from PIL import Image

        Image.MAX_IMAGE_PIXELS = None
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / f"photo.{format.lower()}")
            Image.new("RGB", (side, side), (120, 60, 30)).save(path, format)
            self.stdout.write(
                f"photo: {side}×{side} {format}, {Path(path).stat().st_size / 2**20:.1f} MiB on disk"
            )
            context = multiprocessing.get_context("spawn")
            for way in ("former", "current"):
                queue = context.Queue()
                child = context.Process(target=_measure, args=(way, path, box, queue))
                child.start()
                size, seconds, peak_kib = queue.get()
                child.join()
                self.stdout.write(
                    f"{way:8} thumbnail {size[0]}×{size[1]}: {seconds:.2f} s, peak RSS {peak_kib / 1024:.0f} MiB"
                )
