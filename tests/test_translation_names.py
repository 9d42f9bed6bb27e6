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


EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    """The names a module binds to a translation function that translates at once (not lazily)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }


def _calls_outside_functions(node: ast.AST, names: set[str]) -> list[int]:
    """Lines where one of ``names`` is called while the module or a class body runs (import time)."""
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in names:
            found.append(child.lineno)
        found += _calls_outside_functions(child, names)
    return found


def test_no_string_is_translated_once_at_import_time():
    """A label translated by ``gettext`` in a class body or at module level is translated once, in
    whichever language the process happened to import the module in, and then shown in that language to
    everyone (the English e-mail preferences page said "Gửi thư điện tử cho tôi khi"). Such strings must
    be lazy."""
    wrong = []
    for path in _modules():
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _eager_names(tree)
        wrong += [f"{path}:{line}" for line in _calls_outside_functions(tree, names)] if names else []
    assert not wrong, wrong
