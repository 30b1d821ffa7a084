"""Why `cadre run` does not start, said in the configured locale (the catalogues' `cli.run.*`),
with every missing variable at once: the coach fixes the environment in one go, in their language."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.cli import main

WHATSAPP = (
    "CADRE_WHATSAPP_TOKEN",
    "CADRE_WHATSAPP_PHONE_NUMBER_ID",
    "CADRE_WHATSAPP_APP_SECRET",
    "CADRE_WHATSAPP_VERIFY_TOKEN",
)


def _set_locale(project: Path, locale: str) -> None:
    path = project / "config" / "cadre.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("locale: fr", f"locale: {locale}"), encoding="utf-8"
    )


def _closed_port() -> int:
    """A loopback port nothing listens on: the Bot API there refuses at once, no internet."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(project: Path) -> int:
    return main(["--config", str(project / "config"), "--data", str(project / "data"), "run"])


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        *WHATSAPP,
        "CADRE_WHATSAPP_API_BASE_URL",
        "CADRE_TELEGRAM_TOKEN",
        "CADRE_TELEGRAM_BASE_URL",
        "CADRE_TELEGRAM_WEBHOOK_URL",
        "CADRE_TELEGRAM_WEBHOOK_SECRET",
        "CADRE_HTTP_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("fr", "WhatsApp n'est configuré qu'en partie : il manque "),
        ("en", "WhatsApp is only partly configured: "),
    ],
    ids=["fr", "en"],
)
def test_a_half_set_whatsapp_names_every_missing_variable_in_the_locale(
    project: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], locale: str, said: str
) -> None:
    _set_locale(project, locale)
    clean_env.setenv("CADRE_WHATSAPP_TOKEN", "x")
    assert _run(project) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "CADRE_WHATSAPP_PHONE_NUMBER_ID, CADRE_WHATSAPP_APP_SECRET, CADRE_WHATSAPP_VERIFY_TOKEN" in err
    assert "must be set" not in err


def test_a_bad_http_port_is_said_in_french(
    project: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("CADRE_TELEGRAM_TOKEN", "123456:TEST-token")
    clean_env.setenv("CADRE_HTTP_PORT", "abc")
    assert _run(project) == 2
    err = capsys.readouterr().err
    assert "CADRE_HTTP_PORT doit être un numéro de port" in err
    assert "« abc »" in err


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("fr", "L'API Bot de Telegram est injoignable au démarrage"),
        ("en", "The Telegram Bot API could not be reached at start"),
    ],
    ids=["fr", "en"],
)
def test_an_unreachable_bot_api_is_said_in_the_locale(
    project: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], locale: str, said: str
) -> None:
    _set_locale(project, locale)
    clean_env.setenv("CADRE_TELEGRAM_TOKEN", "123456:TEST-token")
    clean_env.setenv("CADRE_TELEGRAM_BASE_URL", f"http://127.0.0.1:{_closed_port()}/bot")
    clean_env.setenv("CADRE_HTTP_PORT", str(_closed_port()))
    assert _run(project) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "CADRE_TELEGRAM_BASE_URL" in err


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"CADRE_TELEGRAM_WEBHOOK_URL": "https://cadre.example.org/webhooks/telegram"},
            "Le mode webhook de Telegram demande CADRE_TELEGRAM_WEBHOOK_SECRET",
        ),
        (
            {
                "CADRE_TELEGRAM_WEBHOOK_URL": "http://cadre.example.org/x",
                "CADRE_TELEGRAM_WEBHOOK_SECRET": "abc",
            },
            "CADRE_TELEGRAM_WEBHOOK_URL doit commencer par https://",
        ),
    ],
    ids=["no-secret", "not-https"],
)
def test_a_telegram_webhook_mistake_is_said_in_french(
    project: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    said: str,
) -> None:
    for name in ("CADRE_TELEGRAM_WEBHOOK_URL", "CADRE_TELEGRAM_WEBHOOK_SECRET"):
        clean_env.delenv(name, raising=False)
    clean_env.setenv("CADRE_TELEGRAM_TOKEN", "123456:TEST-token")
    for name, value in env.items():
        clean_env.setenv(name, value)
    assert _run(project) == 2
    assert said in capsys.readouterr().err


def _whatsapp(env: pytest.MonkeyPatch) -> None:
    for name in WHATSAPP:
        env.setenv(name, "x")


def test_a_whatsapp_base_url_without_scheme_is_said_in_french(
    project: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _whatsapp(clean_env)
    clean_env.setenv("CADRE_WHATSAPP_API_BASE_URL", "graph.facebook.com")
    assert _run(project) == 2
    err = capsys.readouterr().err
    assert "CADRE_WHATSAPP_API_BASE_URL doit être une adresse http:// ou https://" in err
    assert "« graph.facebook.com »" in err


def test_a_taken_port_is_said_in_french_and_names_the_port(
    project: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _whatsapp(clean_env)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        clean_env.setenv("CADRE_HTTP_PORT", str(port))
        assert _run(project) == 2
    err = capsys.readouterr().err
    assert f"Le serveur HTTP ne peut pas écouter sur 127.0.0.1:{port}" in err
    assert "CADRE_HTTP_PORT" in err
