"""django-axes locks a user name from one client address, never a whole address; the client address is
read the same way by axes and by the API's throttles, behind ``TRUSTED_PROXY_COUNT`` proxies."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

from core.client_address import client_address
from tests.accounts.conftest import ELSEWHERE, OFFICE, PASSWORD, PROXY, signed_in_as, web_login

MADE_UP = ["nguyenvana", "tranthib", "admin1", "giamdoc", "lequanghuy"]


def test_wrong_passwords_for_made_up_names_do_not_lock_out_a_real_user_from_the_same_office(org, client):
    assert len(MADE_UP) == 5
    for name in MADE_UP:
        response = web_login(client, name, "đoán-bừa")
        assert response.status_code == 200 and response.context["form"].errors
    assert web_login(client, "u_director", PASSWORD).status_code == 302
    assert signed_in_as(client) == "u_director"


def test_five_wrong_passwords_lock_that_user_from_that_address_only(org, client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert web_login(client, "u_director", "sai-mật-khẩu").status_code == 200
    assert web_login(client, "u_director", "sai-mật-khẩu").status_code == 429
    assert web_login(client, "u_director", PASSWORD).status_code == 429, "the right password waits too"
    assert signed_in_as(client) is None
    assert web_login(client, "u_inspector", PASSWORD).status_code == 302, "a colleague at the same desk"
    client.logout()
    assert web_login(client, "u_director", PASSWORD, address=ELSEWHERE).status_code == 302, (
        "the user from another address"
    )


def test_behind_the_proxy_each_client_is_its_own_address(org, client, settings):
    """Every request reaches the app from the proxy; the client is what the proxy appended."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        # The attacker also writes an X-Forwarded-For of their own; only the proxy's entry counts.
        web_login(client, "u_director", "sai", address=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ELSEWHERE}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ELSEWHERE}
    assert (
        web_login(client, "u_director", PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code
        == 429
    )
    ok = web_login(client, "u_director", PASSWORD, address=PROXY, HTTP_X_FORWARDED_FOR=OFFICE)
    assert ok.status_code == 302, "the same user from another client behind the same proxy"


def test_without_a_trusted_proxy_the_header_is_ignored(org, client):
    for n in range(5):
        web_login(client, "u_director", "sai", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    assert web_login(client, "u_director", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_api_token_login_locks_the_same_combination(org):
    client = APIClient()
    body = {"username": "u_director", "password": "sai", "device": "Máy tính bảng"}
    statuses = [
        client.post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=OFFICE).status_code
        for _ in range(5)
    ]
    assert statuses == [403, 403, 403, 403, 429]
    other = {**body, "username": "u_inspector", "password": PASSWORD}
    assert client.post("/api/v1/auth/token/", other, format="json", REMOTE_ADDR=OFFICE).status_code == 201


@pytest.fixture
def login_rate_two_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"login": "2/min", "user": "1000/hour"},
    }
    configured = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    yield
    ScopedRateThrottle.THROTTLE_RATES = configured


def test_a_forged_forwarded_header_does_not_escape_the_login_throttle(org, login_rate_two_a_minute):
    """DRF's default (``NUM_PROXIES`` unset) keys the throttle on the whole X-Forwarded-For header."""
    client = APIClient()
    body = {"username": "nobody", "password": "x", "device": "d"}
    statuses = [
        client.post(
            "/api/v1/auth/token/", body, format="json", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses[-1] == 429


def test_behind_the_proxy_the_throttle_tells_clients_apart(org, settings, login_rate_two_a_minute):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    body = {"username": "nobody", "password": "x", "device": "d"}

    def post(xff):
        return client.post(
            "/api/v1/auth/token/", body, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff
        )

    assert [post(f"9.9.9.{n}, {OFFICE}").status_code for n in range(3)][-1] == 429
    assert post(ELSEWHERE).status_code == 403, "another client behind the same proxy is not throttled"


_ADDRESSES = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6)).map(str)


@hsettings(max_examples=200, deadline=None)
@given(
    remote=_ADDRESSES,
    chain=st.one_of(st.none(), st.lists(_ADDRESSES, min_size=1, max_size=4)),
    proxies=st.integers(min_value=0, max_value=4),
)
def test_axes_and_drf_agree_on_the_client(remote, chain, proxies):
    """For every proxy count and forwarded chain, the lockout and the throttles see the same client."""
    meta = {"REMOTE_ADDR": remote}
    if chain is not None:
        meta["HTTP_X_FORWARDED_FOR"] = ", ".join(chain)
    request = RequestFactory().get("/", **meta)
    drf = {**django_settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    with override_settings(TRUSTED_PROXY_COUNT=proxies, REST_FRAMEWORK=drf):
        assert client_address(request) == BaseThrottle().get_ident(request)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [("not-an-address", "10.0.0.2"), ("", "10.0.0.2"), ("203.0.113.5 ", "203.0.113.5")],
)
def test_an_unreadable_forwarded_entry_falls_back_to_the_peer(settings, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
