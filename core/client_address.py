"""The address of the client a request comes from, behind ``TRUSTED_PROXY_COUNT`` proxies.

Login lockout (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and the API's throttles (DRF, through
``NUM_PROXIES``, set from the same setting) must agree on who the client is, or one of them can be
escaped. DRF's rule is the one followed here: each trusted proxy appends the address it saw to
``X-Forwarded-For``, so the client is the entry the outermost trusted proxy appended, counted from the
right; whatever the client wrote to the left of it is ignored. With no trusted proxy it is
``REMOTE_ADDR`` and the header is ignored entirely.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's address as a string, or ``REMOTE_ADDR`` when the forwarded entry is not an address
    (a proxy count larger than the real chain, or a malformed header) so nothing unparseable is stored."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies == 0 or forwarded is None:
        return remote
    entries = forwarded.split(",")
    candidate = entries[-min(proxies, len(entries))].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
