"""Sending mail: one small interface and its SMTP implementation (stdlib ``smtplib``).

Only plain-text messages to one person; nothing is queued or retried. A failure is logged
for whoever runs the installation and never shown to the person who asked, so that the
answer does not tell whether an address has an account.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Protocol

from gluteus.config import Settings

SMTP_TIMEOUT_S = 10.0
"""Longest wait for the mail server, per step [s]."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """One plain-text message to one address."""

    to: str
    subject: str
    body: str


class Mailer(Protocol):
    """Something that delivers a :class:`Mail`, or logs why it could not."""

    def send(self, mail: Mail) -> None:
        """Deliver ``mail``."""


@dataclass(frozen=True)
class SmtpMailer:
    """Delivers mail through one SMTP server (the ``GLUTEUS_SMTP_*`` settings)."""

    host: str
    port: int
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = False

    def send(self, mail: Mail) -> None:
        """Deliver ``mail``; a refused or unreachable server is logged, not raised."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S) as server:
                if self.starttls:
                    server.starttls()
                if self.user:
                    server.login(self.user, self.password)
                server.send_message(message)
        except (OSError, smtplib.SMTPException):
            log.exception("could not send mail through %s:%s", self.host, self.port)


def mailer_for(settings: Settings) -> Mailer | None:
    """The mailer the settings describe; None when mail is not configured."""
    if not settings.mail_configured:
        return None
    return SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from or settings.smtp_user,
        user=settings.smtp_user,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
    )
