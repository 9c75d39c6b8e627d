"""Sending e-mail through the network's SMTP server (config.Smtp): one connection for a run,
opened at the first message, with STARTTLS or SSL and a login when the settings say so.

Plain standard library (smtplib, ssl). The password goes to the server and nowhere else: it is
never logged and never part of an error message.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from services.core import config

TIMEOUT_S = 20.0


class MailFailed(Exception):
    """One message could not be handed to the server (the message says why, without secrets)."""


class Mailer:
    """Hands messages to one SMTP server. A server that cannot be reached is tried once a run:
    every later message fails at once with the same reason, instead of waiting again."""

    def __init__(self, smtp: config.Smtp, timeout_s: float | None = None) -> None:
        self._smtp = smtp
        self._timeout_s = TIMEOUT_S if timeout_s is None else timeout_s
        self._connection: smtplib.SMTP | None = None
        self._unreachable: str | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        smtp = self._smtp
        context = ssl.create_default_context()
        if smtp.tls == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=self._timeout_s, context=context
            )
        else:
            connection = smtplib.SMTP(smtp.host, smtp.port, timeout=self._timeout_s)
        try:
            if smtp.tls == "starttls":
                connection.starttls(context=context)
            if smtp.user:
                connection.login(smtp.user, smtp.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server, or raise MailFailed."""
        if self._unreachable is not None:
            raise MailFailed(self._unreachable)
        if self._connection is None:
            try:
                self._connection = self._connect()
            except (OSError, smtplib.SMTPException) as exc:
                self._unreachable = f"{self._smtp.host}:{self._smtp.port}: {_reason(exc)}"
                raise MailFailed(self._unreachable) from None
        try:
            self._connection.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:  # this recipient only: the line stays up
            raise MailFailed(_reason(exc)) from None
        except (OSError, smtplib.SMTPException) as exc:
            # The line may be broken: the next message opens a new one.
            self.close()
            raise MailFailed(_reason(exc)) from None

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _reason(exc: BaseException) -> str:
    """What went wrong, in a line (an SMTP reply's code and text, or the system's error)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if exc.smtp_error else ""
        return f"{exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient refused"
    return f"{type(exc).__name__}: {exc}"
