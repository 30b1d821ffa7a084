"""Sending a released report by e-mail, with aiosmtplib (asyncio, no thread, a timeout).

The server comes from the environment, like every secret and endpoint:
`CADRE_SMTP_HOST` (unset: no e-mail), `CADRE_SMTP_PORT` (587), `CADRE_SMTP_USERNAME`,
`CADRE_SMTP_PASSWORD`, `CADRE_SMTP_FROM`, `CADRE_SMTP_SECURITY` (`starttls`, the default,
`tls` for implicit TLS on 465, `none` for a local relay). A refused or unreachable server
raises `MailError` with a reason key (`refused` / `down`): the caller keeps the report
unreleased and tells the operator. Errors carry no address and no content.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

from bot.domain import Attachment
from bot.errors import CadreError

log = logging.getLogger(__name__)

Security = Literal["starttls", "tls", "none"]


class MailError(CadreError):
    """The report could not be handed to the SMTP server; `reason` is 'refused' or 'down'."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"e-mail not sent ({reason}: {detail})")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    security: Security = "starttls"
    timeout_s: float = 20.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpConfig | None:
        host = env.get("CADRE_SMTP_HOST", "").strip()
        if not host:
            return None
        security = env.get("CADRE_SMTP_SECURITY", "starttls").strip().lower()
        if security not in ("starttls", "tls", "none"):
            raise CadreError(
                f"CADRE_SMTP_SECURITY must be starttls, tls or none (got {security!r}); write starttls"
            )
        port_text = env.get("CADRE_SMTP_PORT", "465" if security == "tls" else "587").strip()
        if not port_text.isdigit():
            raise CadreError(f"CADRE_SMTP_PORT must be a number (got {port_text!r}); write e.g. 587")
        sender = env.get("CADRE_SMTP_FROM", "").strip()
        if "@" not in sender:
            raise CadreError("CADRE_SMTP_FROM must be the sender's address; write e.g. cadre@example.org")
        return cls(
            host=host,
            port=int(port_text),
            sender=sender,
            username=env.get("CADRE_SMTP_USERNAME") or None,
            password=env.get("CADRE_SMTP_PASSWORD") or None,
            security=security,  # type: ignore[arg-type]
        )


def build_message(
    config: SmtpConfig, *, to: str, subject: str, body: str, attachments: Sequence[Attachment]
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for attachment in attachments:
        maintype, _, subtype = attachment.media_type.partition("/")
        message.add_attachment(
            attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


class SmtpMailer:
    def __init__(self, config: SmtpConfig) -> None:
        self.config = config

    async def send(self, *, to: str, subject: str, body: str, attachments: Sequence[Attachment]) -> None:
        import aiosmtplib  # imported when a report is mailed, not at every start (0.03 s)

        config = self.config
        message = build_message(config, to=to, subject=subject, body=body, attachments=attachments)
        try:
            await aiosmtplib.send(
                message,
                hostname=config.host,
                port=config.port,
                username=config.username,
                password=config.password,
                use_tls=config.security == "tls",
                start_tls=config.security == "starttls",
                timeout=config.timeout_s,
            )
        except (
            aiosmtplib.SMTPConnectError,
            aiosmtplib.SMTPConnectTimeoutError,
            aiosmtplib.SMTPTimeoutError,
            aiosmtplib.SMTPServerDisconnected,
            OSError,
        ) as exc:
            log.warning("smtp unreachable kind=%s", type(exc).__name__)
            raise MailError("down", type(exc).__name__) from None
        except aiosmtplib.SMTPException as exc:
            code = getattr(exc, "code", None)
            log.warning("smtp refused kind=%s code=%s", type(exc).__name__, code)
            raise MailError("refused", f"{type(exc).__name__} {code or ''}".strip()) from None
        log.info("report mailed attachments=%d", len(attachments))
