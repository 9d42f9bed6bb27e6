"""Who acts, for the type checker: ``User`` instead of ``Any`` for the actor of every service.

Services are called for a signed-in person: a page behind ``login_required`` (whose request is a
``SignedInRequest``), an API view through ``api.permissions.signed_in``, a script naming an account;
the staff register's loaders also take ``None`` for a system load (demo, generator). The policy's
readers stay ``Any``: the policy answers for an anonymous caller too, with nothing.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import User as AuthUser
from django.http import HttpRequest

User: TypeAlias = AuthUser


class SignedInRequest(HttpRequest):
    """The request a page behind ``login_required`` receives: its ``user`` is a signed-in ``User``."""

    user: User
