"""The account settings come from the environment, are checked at start-up, and reach both axes and
DRF from one value."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.env import EnvError, env_int, env_list
from core.roles import Role

# Layout, signatures, settings and text: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic

PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'proxies': s.TRUSTED_PROXY_COUNT, 'drf': s.REST_FRAMEWORK['NUM_PROXIES'], "
    "'axes': s.AXES_CLIENT_IP_CALLABLE, 'age': s.SESSION_COOKIE_AGE, 'idle': s.API_TOKEN_IDLE_DAYS, "
    "'otp': s.OTP_REQUIRED_ROLES, 'close': s.SESSION_EXPIRE_AT_BROWSER_CLOSE}))"
)


def _settings_in(module: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "OTP_REQUIRED_ROLES"}}
    environment.update(
        DJANGO_SETTINGS_MODULE=module,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="congvu.example.gov.vn",
        CONGVU_VAR_DIR=str(tmp_path),
        **env,
    )
    return subprocess.run([sys.executable, "-c", PRINT], env=environment, capture_output=True, text=True)


def test_one_proxy_count_reaches_axes_and_drf(tmp_path):
    result = _settings_in("config.settings.production", tmp_path, TRUSTED_PROXY_COUNT="1")
    values = json.loads(result.stdout)
    assert values["proxies"] == values["drf"] == 1
    assert values["axes"] == "core.client_address.client_address"


def test_the_defaults(tmp_path):
    production = json.loads(_settings_in("config.settings.production", tmp_path).stdout)
    assert production == {
        "proxies": 0,
        "drf": 0,
        "axes": "core.client_address.client_address",
        "age": 10 * 3600,
        "idle": 30,
        "otp": ["admin", "director"],
        "close": False,
    }
    dev = json.loads(_settings_in("config.settings.dev", tmp_path).stdout)
    assert dev["otp"] == [], "the demo accounts sign in with a password"
    assert settings.OTP_REQUIRED_ROLES == []
    turned_off = json.loads(
        _settings_in("config.settings.production", tmp_path, OTP_REQUIRED_ROLES="").stdout
    )
    assert turned_off["otp"] == []


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TRUSTED_PROXY_COUNT", "-1", "at least 0"),
        ("TRUSTED_PROXY_COUNT", "one", "whole number"),
        ("SESSION_HOURS", "0", "at least 1"),
        ("API_TOKEN_IDLE_DAYS", "0", "at least 1"),
        ("OTP_REQUIRED_ROLES", "admin,boss", "boss"),
        ("SESSION_EXPIRE_AT_BROWSER_CLOSE", "sometimes", "SESSION_EXPIRE_AT_BROWSER_CLOSE"),
    ],
)
def test_a_bad_value_stops_the_start(tmp_path, name, value, says):
    result = _settings_in("config.settings.production", tmp_path, **{name: value})
    assert result.returncode != 0 and name in result.stderr and says in result.stderr


def test_the_role_names_of_the_settings_are_the_roles():
    assert set(settings.ROLE_NAMES) == {role.value for role in Role}


def test_env_int_bounds_and_env_list_choices(monkeypatch):
    monkeypatch.setenv("X_N", "11")
    assert env_int("X_N", 1, minimum=0, maximum=11) == 11
    with pytest.raises(EnvError, match="at most 10"):
        env_int("X_N", 1, maximum=10)
    monkeypatch.setenv("X_L", "admin, director")
    assert env_list("X_L", choices={"admin", "director"}) == ["admin", "director"]
    with pytest.raises(EnvError, match="X_L"):
        env_list("X_L", choices={"admin"})
