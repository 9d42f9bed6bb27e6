"""API clients for the matrix users, authenticated with real device tokens."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.models import DeviceToken
from tests.findings.conftest import issue  # noqa: F401  (the issued-inspection fixture, shared)


@pytest.fixture
def api(org):
    """``api(role)`` → an APIClient sending that matrix user's device token."""

    def client_for(role: str) -> APIClient:
        client = APIClient()
        _, key = DeviceToken.issue(org.users[role], f"tablet-{role}")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for
