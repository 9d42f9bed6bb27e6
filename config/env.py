"""Typed readers for environment variables.

Every setting that comes from the environment goes through one of these, so a bad value stops the
process at start-up with a message naming the variable, instead of surfacing later as odd behaviour.
"""

from __future__ import annotations

import os
from collections.abc import Collection

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(RuntimeError):
    """Raised when an environment variable is present but unusable."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number, optionally within ``minimum``..``maximum`` (both included)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise EnvError(f"{name} must be a whole number; got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise EnvError(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise EnvError(f"{name} must be at most {maximum}; got {value}")
    return value


def env_list(
    name: str, default: list[str] | None = None, *, choices: Collection[str] | None = None
) -> list[str]:
    """Comma-separated values; with ``choices``, every value must be one of them."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    values = [item.strip() for item in raw.split(",") if item.strip()]
    if choices is not None:
        unknown = [value for value in values if value not in choices]
        if unknown:
            raise EnvError(f"{name} may hold only {', '.join(sorted(choices))}; got {', '.join(unknown)}")
    return values
