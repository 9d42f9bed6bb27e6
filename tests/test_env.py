import pytest

from config.env import EnvError, env_bool, env_int, env_list

# Layout, signatures, settings and text: the database engine cannot change the outcome (CI's
# PostgreSQL run leaves these out, see .ci/run).
pytestmark = pytest.mark.engine_agnostic


def test_env_bool(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", default=True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(EnvError, match="X_FLAG"):
        env_bool("X_FLAG")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    assert env_int("X_NUM", 3) == 12
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(EnvError, match="X_NUM"):
        env_int("X_NUM", 3)
    monkeypatch.setenv("X_HOSTS", "a.gov.vn, b.gov.vn,,")
    assert env_list("X_HOSTS") == ["a.gov.vn", "b.gov.vn"]


def test_production_settings_require_a_secret_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    env["CONGVU_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-for-the-check",
        ALLOWED_HOSTS="congvu.example.gov.vn",
        CONGVU_VAR_DIR=str(tmp_path),
    )
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
