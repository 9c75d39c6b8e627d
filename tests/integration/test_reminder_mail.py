"""E-mail reminders through a real SMTP exchange: a local aiosmtpd server started by the test,
on a free port of 127.0.0.1. One reminder per person per day reaches it; a server that
refuses the connection gets nothing and marks nobody."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from services import cli
from services.core import collections, config, formats, store
from services.reporting import reminders
from tests.conftest import World

ON = reminders.today()
BASE = "https://atelier.example.org"
SENDER = "atelier@example.org"


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts (parsed), and refuses the
    recipients in `refuse`."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()
        self.logins: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def settings(port: int, **smtp: str) -> config.Mail:
    return config.Mail(config.Smtp("127.0.0.1", port, SENDER, "none", **smtp), BASE)


def give_email(world: World, role: str, address: str, lang: str | None = None) -> None:
    changes = {"email": address} | ({"language": lang} if lang else {})
    store.get().update_one(collections.USERS, {"_id": world[role].id}, {"$set": changes})


def people(world: World) -> dict[str, str]:
    """Who has an address: the first city's lead (French) and member (English), both with
    things due; the coordinator, with nothing due. The viewer has no address."""
    give_email(world, "city_lead", "lead@example.org", "fr")
    give_email(world, "lag_member", "lag@example.org", "en")
    give_email(world, "coordinator", "nadia@example.org")
    return {"lead": "lead@example.org", "lag": "lag@example.org"}


def test_one_reminder_per_person_per_day_reaches_the_smtp_server(world, inbox):
    handler, port = inbox
    addresses = people(world)
    first = reminders.send_reminders(None, ON, settings(port))
    second = reminders.send_reminders(None, ON, settings(port))
    assert (first.sent, first.failed, first.nothing_due) == (2, 0, 1)
    assert (second.sent, second.skipped, second.failed) == (0, 2, 0)

    assert sorted(m["To"] for m in handler.messages) == sorted(addresses.values())
    (lead_mail,) = handler.to(addresses["lead"])
    (lag_mail,) = handler.to(addresses["lag"])
    assert lead_mail["Subject"] == f"Atelier : ce qui vous attend ({formats.date(ON, 'fr')})"
    assert lag_mail["Subject"] == f"Atelier: what is due ({formats.date(ON, 'en')})"
    assert lead_mail["From"] == SENDER and lead_mail["Content-Language"] == "fr"
    lead_body = lead_mail.get_content()
    assert lead_body.startswith("Bonjour")
    assert f"{BASE}/checkin?city={world.city}" in lead_body
    assert f"{BASE}/reports?city={world.city}&cycle=" in lead_body
    assert lag_mail.get_content().startswith("Hello")
    assert not handler.to("nadia@example.org")  # nothing due, nothing sent


def test_a_server_that_refuses_the_connection_gets_nothing_and_marks_nobody(world, inbox):
    handler, port = inbox
    people(world)
    closed = free_port()  # nothing listens there: the connection is refused
    outcome = reminders.send_reminders(None, ON, settings(closed))
    assert (outcome.sent, outcome.failed) == (0, 2)
    assert all(f"127.0.0.1:{closed}" in line for line in outcome.errors)
    assert store.get().count(collections.REMINDERS_SENT) == 0
    # Nobody was marked: once the server answers, the same day, everyone is reminded.
    retry = reminders.send_reminders(None, ON, settings(port))
    assert retry.sent == 2 and len(handler.messages) == 2


def test_a_refused_recipient_does_not_stop_the_others(world, inbox):
    handler, port = inbox
    addresses = people(world)
    handler.refuse = {addresses["lead"]}
    outcome = reminders.send_reminders(None, ON, settings(port))
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert [m["To"] for m in handler.messages] == [addresses["lag"]]
    marked = store.get().find(collections.REMINDERS_SENT, {})
    assert [g["user_id"] for g in marked] == [world["lag_member"].id]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_when_a_user_is_set(world, monkeypatch):
    handler = Inbox()
    port = free_port()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"atelier" and auth_data.password == b"s3cret-value"
        if ok:
            handler.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        people(world)
        good = reminders.send_reminders(
            None, ON, settings(port, user="atelier", password="s3cret-value")
        )
        assert good.sent == 2 and handler.logins == ["atelier"]
        store.get().delete_many(collections.REMINDERS_SENT, {})
        # aiosmtpd leaves smtplib waiting after a refused login: do not wait 20 s for it.
        monkeypatch.setattr(reminders.mail, "TIMEOUT_S", 1.0)
        bad = reminders.send_reminders(None, ON, settings(port, user="atelier", password="wrong"))
        assert (bad.sent, bad.failed) == (0, 2)
        assert not any("wrong" in line for line in bad.errors)
    finally:
        controller.stop()


def test_the_command_line_sends_and_says_how_many(world, inbox, monkeypatch, capsys):
    handler, port = inbox
    people(world)
    monkeypatch.delenv("ATELIER_SMTP_HOST", raising=False)
    assert cli.main(["send-reminders"], db=store.get()) == 0
    assert "nothing sent" in capsys.readouterr().out
    monkeypatch.setenv("ATELIER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ATELIER_SMTP_PORT", str(port))
    monkeypatch.setenv("ATELIER_SMTP_SENDER", SENDER)
    monkeypatch.setenv("ATELIER_SMTP_TLS", "none")
    assert cli.main(["send-reminders"], db=store.get()) == 0
    assert "2 sent" in capsys.readouterr().out
    assert cli.main(["send-reminders"], db=store.get()) == 0
    assert "0 sent, 2 already sent today" in capsys.readouterr().out
    assert len(handler.messages) == 2
    monkeypatch.setenv("ATELIER_SMTP_TLS", "sometimes")
    assert cli.main(["send-reminders"], db=store.get()) == 1
    assert "ATELIER_SMTP_TLS" in capsys.readouterr().err
