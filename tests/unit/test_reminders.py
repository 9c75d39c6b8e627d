"""Reminders: who is told what (their own cities, what they may see), the message, the
once-a-day guard, and the SMTP settings. The SMTP exchange itself is in
tests/integration/test_reminder_mail.py (a local aiosmtpd server)."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from models.coordination import FollowUpInput
from services.core import collections, config, formats, store
from services.reporting import coordination, reminders
from tests.conftest import World, check_matrix

ON = reminders.today()
BASE = "https://atelier.example.org"
SMTP = config.Smtp("127.0.0.1", 2525, "atelier@example.org", "none")


def give_email(world: World, role: str, address: str):
    """The account of `role` with an e-mail address (as an administrator would set it)."""
    user = world[role]
    store.get().update_one(collections.USERS, {"_id": user.id}, {"$set": {"email": address}})
    world.users[role] = user.model_copy(update={"email": address})
    return world.users[role]


def add_followup(world: World, owner: str, due: dt.date, city_id: str | None = None) -> str:
    session = coordination.get_session(world["coordinator"], "demo-session-2")
    data = FollowUpInput(text="Send the budget table", owner=owner, due=due, city_id=city_id)
    saved = coordination.add_followup(world["coordinator"], session, data)
    return saved.followups[-1].id


class FakeMailer:
    """Stands in for mail.Mailer: keeps what it was handed; fails for `refuse` addresses."""

    def __init__(self, refuse: set[str] = frozenset()) -> None:
        self.sent: list[EmailMessage] = []
        self.refuse = refuse

    def __call__(self, _smtp):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return None

    def send(self, message: EmailMessage) -> None:
        if message["To"] in self.refuse:
            raise reminders.mail.MailFailed("550 mailbox unavailable")
        self.sent.append(message)


# --- who is told what --------------------------------------------------------------------------


def test_a_city_member_is_told_about_their_own_city_only(world):
    items = reminders.due_items(world["city_lead"], ON)
    assert items, "the demo's first city has a check-in and a report to remind of"
    assert {i.query["city"] for i in items} == {world.city}
    assert {i.key for i in items} <= {
        "reminder.checkin_days",
        "reminder.checkin_never",
        "reminder.report_due",
        "reminder.report_overdue",
    }
    checkin = next(i for i in items if i.key.startswith("reminder.checkin"))
    assert checkin.link(BASE) == f"{BASE}/checkin?city={world.city}"
    report = next(i for i in items if i.key.startswith("reminder.report"))
    cycle = report.values["cycle"]
    assert report.link(BASE + "/") == f"{BASE}/reports?city={world.city}&cycle={cycle}"
    # The local action group member of the same city is told the same things.
    assert [i.key for i in reminders.due_items(world["lag_member"], ON)] == [i.key for i in items]


def test_the_network_team_and_the_funder_are_not_told_about_cities(world):
    for role in ("admin", "coordinator", "viewer"):
        assert reminders.due_items(world[role], ON) == []
        assert reminders.city_items(world[role], ON) == []


def test_an_inactive_account_is_told_nothing(world):
    lead = world["city_lead"].model_copy(update={"active": False})
    assert reminders.due_items(lead, ON) == []


def test_followups_by_mail_when_due_soon_or_late_in_the_sidebar_always(world):
    soon = add_followup(world, "Someone", ON + dt.timedelta(days=3), world.city)
    later = add_followup(world, "Someone", ON + dt.timedelta(days=30), world.city)
    late = add_followup(world, "Someone", ON - dt.timedelta(days=2), world.city)
    mailed = {i.ref for i in reminders.due_items(world["lag_member"], ON)}
    assert {soon, late} <= mailed and later not in mailed
    shown = {i.ref for i in reminders.city_items(world["lag_member"], ON)}
    assert {soon, later, late} <= shown
    first = reminders.due_items(world["lag_member"], ON)[0]
    assert first.key == "reminder.followup" and first.page == "progress"


def test_the_owner_of_a_followup_is_told_when_they_may_read_it(world):
    nadia = world["coordinator"].display_name
    network_wide = add_followup(world, nadia.upper(), ON + dt.timedelta(days=1))
    city_one = add_followup(world, f"  {nadia} ", ON, world.other_city)
    add_followup(world, nadia, ON + dt.timedelta(days=40))  # not yet
    items = reminders.due_items(world["coordinator"], ON)
    assert [i.ref for i in items] == [city_one, network_wide]  # soonest due first
    assert {i.link(BASE) for i in items} == {f"{BASE}/coordination"}
    assert items[1].key == "reminder.followup_network"
    # A city lead named as owner of another city's follow-up is not told (cannot see it), nor
    # of a network-wide one (cannot read the sessions); their own city's, once only.
    lead = world["city_lead"]
    add_followup(world, lead.display_name, ON, world.other_city)
    add_followup(world, lead.username, ON)
    own = add_followup(world, lead.display_name, ON, world.city)
    refs = [i.ref for i in reminders.due_items(lead, ON) if i.ref]
    assert refs == [own]


def test_a_done_followup_is_no_longer_due(world):
    followup_id = add_followup(world, "Someone", ON, world.city)
    session = coordination.get_session(world["coordinator"], "demo-session-2")
    coordination.set_followup_status(world["coordinator"], session, followup_id, "done")
    assert followup_id not in {i.ref for i in reminders.due_items(world["city_lead"], ON)}


# --- the message -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_message_is_plain_text_in_the_persons_language(world, lang):
    lead = give_email(world, "city_lead", "lead@example.org")
    lead = lead.model_copy(update={"language": lang})
    items = reminders.due_items(lead, ON)
    message = reminders.compose(lead, items, SMTP.sender, BASE, ON)
    day = formats.date(ON, lang)
    subject = {"en": f"Atelier: what is due ({day})", "fr": f"Atelier : ce qui vous attend ({day})"}
    assert message["Subject"] == subject[lang]
    assert message["To"] == "lead@example.org" and message["From"] == SMTP.sender
    assert message["Content-Language"] == lang
    assert message.get_content_type() == "text/plain"
    body = message.get_content()
    assert body.startswith({"en": "Hello", "fr": "Bonjour"}[lang])
    for item in items:
        assert item.text(lang) in body and item.link(BASE) in body
    report = next(i for i in items if "due" in i.values)
    assert formats.date(report.values["due"], lang) in body


def test_typed_text_stays_body_text(world):
    lead = give_email(world, "city_lead", "lead@example.org")
    lead = lead.model_copy(update={"display_name": "Eve\nBcc: all@example.org"})
    add_followup(world, "Someone", ON, world.city)
    message = reminders.compose(lead, reminders.due_items(lead, ON), SMTP.sender, BASE, ON)
    assert message["Bcc"] is None
    assert "Send the budget table" in message.get_content()


# --- sending: once a day, failures unmarked ----------------------------------------------------


def mail_on() -> config.Mail:
    return config.Mail(SMTP, BASE)


def test_without_smtp_nothing_is_sent_and_the_outcome_says_so(world):
    give_email(world, "city_lead", "lead@example.org")
    outcome = reminders.send_reminders(None, ON, config.Mail(None, BASE))
    assert outcome.off and outcome.sent == 0
    assert store.get().count(collections.REMINDERS_SENT) == 0


def test_one_message_per_person_per_day(world, monkeypatch):
    fake = FakeMailer()
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    give_email(world, "city_lead", "lead@example.org")
    give_email(world, "lag_member", "lag@example.org")
    give_email(world, "coordinator", "nadia@example.org")  # nothing due
    first = reminders.send_reminders(None, ON, mail_on())
    assert (first.sent, first.skipped, first.failed, first.nothing_due) == (2, 0, 0, 1)
    assert sorted(m["To"] for m in fake.sent) == ["lag@example.org", "lead@example.org"]
    again = reminders.send_reminders(None, ON, mail_on())
    assert (again.sent, again.skipped, again.failed) == (0, 2, 0)
    assert len(fake.sent) == 2
    guards = store.get().find(collections.REMINDERS_SENT, {})
    assert sorted(g["user_id"] for g in guards) == sorted(
        [world["city_lead"].id, world["lag_member"].id]
    )
    assert all(g["items"] for g in guards)
    # The next day is a new day.
    tomorrow = reminders.send_reminders(None, ON + dt.timedelta(days=1), mail_on())
    assert tomorrow.sent == 2 and len(fake.sent) == 4


def test_a_failed_send_marks_nobody_and_stops_no_one(world, monkeypatch):
    fake = FakeMailer(refuse={"lead@example.org"})
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    give_email(world, "city_lead", "lead@example.org")
    give_email(world, "lag_member", "lag@example.org")
    outcome = reminders.send_reminders(None, ON, mail_on())
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert outcome.errors == [f"{world['city_lead'].username}: 550 mailbox unavailable"]
    guards = store.get().find(collections.REMINDERS_SENT, {})
    assert [g["user_id"] for g in guards] == [world["lag_member"].id]
    fake.refuse = set()
    retry = reminders.send_reminders(None, ON, mail_on())
    assert (retry.sent, retry.skipped) == (1, 1)


def test_a_guard_taken_meanwhile_means_already_sent(world, monkeypatch):
    """Another run claimed the person between the cheap check and the claim: no second
    message (the unique index decides)."""
    fake = FakeMailer()
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    lead = give_email(world, "city_lead", "lead@example.org")
    items = reminders.due_items(lead, ON)
    assert reminders._claim(lead, ON, items, None) is not None
    assert reminders._claim(lead, ON, items, None) is None
    real_find_one = store.Store.find_one
    monkeypatch.setattr(
        store.Store,
        "find_one",
        lambda self, coll, *a, **k: (
            None if coll == collections.REMINDERS_SENT else real_find_one(self, coll, *a, **k)
        ),
    )
    outcome = reminders.send_reminders(None, ON, mail_on())
    assert (outcome.sent, outcome.skipped) == (0, 1) and fake.sent == []


def test_an_administrator_may_send_the_days_reminders(world):
    check_matrix(
        world,
        "reminder.send",
        lambda u, _c: reminders.send_reminders(u, ON, config.Mail(None, BASE)),
    )


# --- settings ----------------------------------------------------------------------------------


def test_mail_settings_from_the_environment():
    assert config.mail_settings({}).smtp is None
    assert config.mail_settings({}).base_url == config.DEFAULT_BASE_URL
    settings = config.mail_settings(
        {
            "ATELIER_SMTP_HOST": "smtp.example.org",
            "ATELIER_SMTP_SENDER": "atelier@example.org",
            "ATELIER_SMTP_USER": "atelier",
            "ATELIER_SMTP_PASSWORD": "s3cret-value",
            "ATELIER_BASE_URL": "https://atelier.example.org/",
        }
    )
    assert settings.smtp == config.Smtp(
        "smtp.example.org", 587, "atelier@example.org", "starttls", "atelier", "s3cret-value"
    )
    assert settings.base_url == "https://atelier.example.org"
    assert "s3cret-value" not in repr(settings)
    ssl = config.mail_settings(
        {"ATELIER_SMTP_HOST": "h", "ATELIER_SMTP_SENDER": "a@b.org", "ATELIER_SMTP_TLS": "SSL"}
    )
    assert (ssl.smtp.tls, ssl.smtp.port) == ("ssl", 465)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"ATELIER_SMTP_SENDER": ""}, "ATELIER_SMTP_SENDER"),
        ({"ATELIER_SMTP_TLS": "yes"}, "ATELIER_SMTP_TLS"),
        ({"ATELIER_SMTP_PORT": "99999"}, "ATELIER_SMTP_PORT"),
        ({"ATELIER_SMTP_PORT": "smtp"}, "ATELIER_SMTP_PORT"),
        ({"ATELIER_SMTP_USER": "atelier"}, "ATELIER_SMTP_PASSWORD"),
        ({"ATELIER_BASE_URL": "atelier.example.org"}, "ATELIER_BASE_URL"),
    ],
)
def test_unusable_mail_settings_are_named(extra, named):
    env = {"ATELIER_SMTP_HOST": "smtp.example.org", "ATELIER_SMTP_SENDER": "a@example.org"}
    with pytest.raises(config.BadSetting, match=named):
        config.mail_settings({**env, **extra})


def test_the_status_shows_the_host_never_the_password(monkeypatch):
    monkeypatch.setenv("ATELIER_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("ATELIER_SMTP_SENDER", "atelier@example.org")
    monkeypatch.setenv("ATELIER_SMTP_USER", "atelier")
    monkeypatch.setenv("ATELIER_SMTP_PASSWORD", "s3cret-value")
    status = reminders.mail_status()
    assert status == reminders.Status(True, host="smtp.example.org")
    monkeypatch.setenv("ATELIER_SMTP_TLS", "maybe")
    status = reminders.mail_status()
    assert not status.on and "ATELIER_SMTP_TLS" in status.problem
    assert "s3cret-value" not in status.problem
    monkeypatch.delenv("ATELIER_SMTP_HOST")
    assert reminders.mail_status() == reminders.Status(False)
