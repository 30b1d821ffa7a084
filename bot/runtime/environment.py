"""What `cadre run` reads from the environment: secrets and endpoints, never files in the repo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.channels.whatsapp.render import DEFAULT_API_BASE_URL
from bot.errors import ChannelError


@dataclass(frozen=True)
class RunEnvironment:
    """What `cadre run` reads from the environment (never from files in the repo)."""

    http_host: str = "127.0.0.1"
    http_port: int = 8080
    telegram_token: str = ""
    telegram_base_url: str = ""
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""
    whatsapp_token: str = ""
    whatsapp_phone_number_id: str = ""
    whatsapp_app_secret: str = ""
    whatsapp_verify_token: str = ""
    whatsapp_api_base_url: str = DEFAULT_API_BASE_URL
    whatsapp_template: str = ""
    whatsapp_template_language: str = ""

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> RunEnvironment:
        def get(name: str, default: str = "") -> str:
            return env.get(name, default).strip()

        port_text = get("CADRE_HTTP_PORT", "8080")
        if not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
            raise ChannelError(
                f"CADRE_HTTP_PORT must be a port number (got {port_text!r}); write e.g. CADRE_HTTP_PORT=8080",
                key="cli.run.http_port",
                params={"value": port_text},
            )
        return cls(
            http_host=get("CADRE_HTTP_HOST", "127.0.0.1"),
            http_port=int(port_text),
            telegram_token=get("CADRE_TELEGRAM_TOKEN"),
            telegram_base_url=get("CADRE_TELEGRAM_BASE_URL"),
            telegram_webhook_url=get("CADRE_TELEGRAM_WEBHOOK_URL"),
            telegram_webhook_secret=get("CADRE_TELEGRAM_WEBHOOK_SECRET"),
            whatsapp_token=get("CADRE_WHATSAPP_TOKEN"),
            whatsapp_phone_number_id=get("CADRE_WHATSAPP_PHONE_NUMBER_ID"),
            whatsapp_app_secret=get("CADRE_WHATSAPP_APP_SECRET"),
            whatsapp_verify_token=get("CADRE_WHATSAPP_VERIFY_TOKEN"),
            whatsapp_api_base_url=get("CADRE_WHATSAPP_API_BASE_URL", DEFAULT_API_BASE_URL),
            whatsapp_template=get("CADRE_WHATSAPP_TEMPLATE"),
            whatsapp_template_language=get("CADRE_WHATSAPP_TEMPLATE_LANGUAGE"),
        )

    @property
    def has_telegram(self) -> bool:
        return bool(self.telegram_token)

    @property
    def whatsapp_missing(self) -> tuple[str, ...]:
        """The WhatsApp variables left unset while others are set (empty: all or none)."""
        values = {
            "CADRE_WHATSAPP_TOKEN": self.whatsapp_token,
            "CADRE_WHATSAPP_PHONE_NUMBER_ID": self.whatsapp_phone_number_id,
            "CADRE_WHATSAPP_APP_SECRET": self.whatsapp_app_secret,
            "CADRE_WHATSAPP_VERIFY_TOKEN": self.whatsapp_verify_token,
        }
        if not self.has_whatsapp:
            return ()
        return tuple(name for name, value in values.items() if not value)

    @property
    def has_whatsapp(self) -> bool:
        return any(
            (
                self.whatsapp_token,
                self.whatsapp_phone_number_id,
                self.whatsapp_app_secret,
                self.whatsapp_verify_token,
            )
        )
