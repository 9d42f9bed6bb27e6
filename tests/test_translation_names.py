"""Every translatable string is found by ``makemessages``.

xgettext only extracts calls to the names it knows. A string wrapped in ``gettext_lazy`` imported as
``_lazy`` is never extracted, so ``make messages`` drops its translation from the catalogue and the
Vietnamese page shows English. This walks every module of the project and refuses such aliases.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

# xgettext's own Python keywords and those Django's makemessages adds.
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIPPED = {".venv", "var", "node_modules", ".git"}


def _modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [path for path in root.rglob("*.py") if not SKIPPED.intersection(path.relative_to(root).parts)]


def test_translation_functions_are_imported_under_names_makemessages_extracts():
    modules = _modules()
    assert any(path.name == "services.py" for path in modules)
    unknown = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    name = alias.asname or alias.name
                    if "gettext" in alias.name and name not in EXTRACTED:
                        unknown.append(f"{path}: {alias.name} as {name}")
    assert not unknown, unknown


def untranslated(po_text: str) -> list[str]:
    """Entries of a .po file (after its header) that are fuzzy or have an empty translation."""
    found = []
    for block in po_text.split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        flags = [line for line in lines if line.startswith("#,")]
        body = [line for line in lines if not line.startswith("#")]
        start = next((i for i, line in enumerate(body) if line.startswith("msgstr")), None)
        if start is None:
            continue
        translated = "".join(line.split('"', 1)[1].rsplit('"', 1)[0] for line in body[start:] if '"' in line)
        if not translated or any("fuzzy" in flag for flag in flags):
            found.append(" ".join(body[:start])[:120])
    return found


def test_the_vietnamese_catalogue_has_no_fuzzy_or_empty_translation():
    po = Path(settings.BASE_DIR, "locale", "vi", "LC_MESSAGES", "django.po").read_text(encoding="utf-8")
    assert len(po.split("\n\n")) > 1000
    assert (
        len(untranslated('msgid ""\nmsgstr "x"\n\nmsgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "c"\n'))
        == 2
    )
    assert untranslated(po) == []
