"""Reminders: who is told what (their own cities, what they may see), the message, the
once-a-day guard, and the SMTP settings. The SMTP exchange itself is in
tests/integration/test_reminder_mail.py (a local aiosmtpd server)."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from models.coordination import FollowUpCreate
from services.core import collections, config, formats, store
from services.reporting import coordination, cycles, reminders
from tests import builders
from tests.conftest import World, check_matrix

ON = reminders.today()
# The cities of the small world joined today: their first report is due once this quarter ends.
REPORT_DAY = cycles.quarter_end(ON) + dt.timedelta(days=1)
BASE = "https://atelier.example.org"
SMTP = config.Smtp("127.0.0.1", 2525, "atelier@example.org", "none")


def give_email(world: World, role: str, address: str):
    """The account of `role` with an e-mail address (as an administrator would set it)."""
    user = world[role]
    store.get().update_one(collections.USERS, {"_id": user.id}, {"$set": {"email": address}})
    world.users[role] = user.model_copy(update={"email": address})
    return world.users[role]


def last_session(world: World):
    """The latest coordination session (one held a month ago is built when there is none)."""
    held = coordination.list_sessions(world["coordinator"])
    return held[0] if held else builders.session(world["coordinator"], ON - dt.timedelta(30))


def add_followup(world: World, owner: str, due: dt.date, city_id: str | None = None) -> str:
    data = FollowUpCreate(text="Send the budget table", owner=owner, due=due, city_id=city_id)
    # The same text for several owners and dates, on purpose: confirmed (not a double entry).
    saved = coordination.add_followup(
        world["coordinator"], last_session(world), data, confirmed=True
    )
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


def test_a_city_member_is_told_about_their_own_city_only(small_world):
    items = reminders.due_items(small_world["city_lead"], REPORT_DAY)
    assert items, "both cities have a check-in and a report to remind of"
    assert {i.query["city"] for i in items} == {small_world.city}
    assert {i.key for i in items} <= {
        "reminder.checkin_days",
        "reminder.checkin_never",
        "reminder.report_due",
        "reminder.report_overdue",
    }
    checkin = next(i for i in items if i.key.startswith("reminder.checkin"))
    assert checkin.link(BASE) == f"{BASE}/checkin?city={small_world.city}"
    report = next(i for i in items if i.key.startswith("reminder.report"))
    cycle = report.values["cycle"]
    assert report.link(BASE + "/") == f"{BASE}/reports?city={small_world.city}&cycle={cycle}"
    # The local action group member of the same city is told the same things, but for the
    # report, which only the city lead may write (report.edit): nothing they cannot act on.
    assert [i.key for i in reminders.due_items(small_world["lag_member"], REPORT_DAY)] == [
        i.key for i in items if not i.key.startswith("reminder.report")
    ]


def test_the_network_team_and_the_funder_are_not_told_about_cities(small_world):
    for role in ("admin", "coordinator", "viewer"):
        for on in (ON, REPORT_DAY):
            assert reminders.due_items(small_world[role], on) == []
            assert reminders.city_items(small_world[role], on) == []


def test_an_inactive_account_is_told_nothing(small_world):
    lead = small_world["city_lead"].model_copy(update={"active": False})
    assert reminders.due_items(lead, ON) == []


def test_followups_by_mail_when_due_soon_or_late_in_the_sidebar_always(small_world):
    soon = add_followup(small_world, "Someone", ON + dt.timedelta(days=3), small_world.city)
    later = add_followup(small_world, "Someone", ON + dt.timedelta(days=30), small_world.city)
    late = add_followup(small_world, "Someone", ON - dt.timedelta(days=2), small_world.city)
    mailed = {i.ref for i in reminders.due_items(small_world["lag_member"], ON)}
    assert {soon, late} <= mailed and later not in mailed
    shown = {i.ref for i in reminders.city_items(small_world["lag_member"], ON)}
    assert {soon, later, late} <= shown
    first = reminders.due_items(small_world["lag_member"], ON)[0]
    assert first.key == "reminder.followup" and first.page == "progress"


def test_the_owner_of_a_followup_is_told_when_they_may_read_it(small_world):
    nadia = small_world["coordinator"].display_name
    network_wide = add_followup(small_world, nadia.upper(), ON + dt.timedelta(days=1))
    city_one = add_followup(small_world, f"  {nadia} ", ON, small_world.other_city)
    add_followup(small_world, nadia, ON + dt.timedelta(days=40))  # not yet
    items = reminders.due_items(small_world["coordinator"], ON)
    assert [i.ref for i in items] == [city_one, network_wide]  # soonest due first
    assert {i.link(BASE) for i in items} == {f"{BASE}/coordination"}
    assert items[1].key == "reminder.followup_network"
    # A city lead named as owner of another city's follow-up is not told (cannot see it), nor
    # of a network-wide one (cannot read the sessions); their own city's, once only.
    lead = small_world["city_lead"]
    add_followup(small_world, lead.display_name, ON, small_world.other_city)
    add_followup(small_world, lead.username, ON)
    own = add_followup(small_world, lead.display_name, ON, small_world.city)
    refs = [i.ref for i in reminders.due_items(lead, ON) if i.ref]
    assert refs == [own]


def test_a_done_followup_is_no_longer_due(small_world):
    followup_id = add_followup(small_world, "Someone", ON, small_world.city)
    session = last_session(small_world)
    coordination.set_followup_status(small_world["coordinator"], session, followup_id, "done")
    assert followup_id not in {i.ref for i in reminders.due_items(small_world["city_lead"], ON)}


# --- the message -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_message_is_plain_text_in_the_persons_language(small_world, lang):
    lead = give_email(small_world, "city_lead", "lead@example.org")
    lead = lead.model_copy(update={"language": lang})
    items = reminders.due_items(lead, REPORT_DAY)
    message = reminders.compose(lead, items, SMTP.sender, BASE, REPORT_DAY)
    day = formats.date(REPORT_DAY, lang)
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


def test_typed_text_stays_body_text(small_world):
    lead = give_email(small_world, "city_lead", "lead@example.org")
    lead = lead.model_copy(update={"display_name": "Eve\nBcc: all@example.org"})
    add_followup(small_world, "Someone", ON, small_world.city)
    message = reminders.compose(lead, reminders.due_items(lead, ON), SMTP.sender, BASE, ON)
    assert message["Bcc"] is None
    assert "Send the budget table" in message.get_content()


# --- sending: once a day, failures unmarked ----------------------------------------------------


def mail_on() -> config.Mail:
    return config.Mail(SMTP, BASE)


def test_without_smtp_nothing_is_sent_and_the_outcome_says_so(small_world):
    give_email(small_world, "city_lead", "lead@example.org")
    outcome = reminders.send_reminders(None, ON, config.Mail(None, BASE))
    assert outcome.off and outcome.sent == 0
    assert store.get().count(collections.REMINDERS_SENT) == 0


def test_one_message_per_person_per_day(small_world, monkeypatch):
    fake = FakeMailer()
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    give_email(small_world, "city_lead", "lead@example.org")
    give_email(small_world, "lag_member", "lag@example.org")
    give_email(small_world, "coordinator", "nadia@example.org")  # nothing due
    first = reminders.send_reminders(None, ON, mail_on())
    assert (first.sent, first.skipped, first.failed, first.nothing_due) == (2, 0, 0, 1)
    assert sorted(m["To"] for m in fake.sent) == ["lag@example.org", "lead@example.org"]
    again = reminders.send_reminders(None, ON, mail_on())
    assert (again.sent, again.skipped, again.failed) == (0, 2, 0)
    assert len(fake.sent) == 2
    guards = store.get().find(collections.REMINDERS_SENT, {})
    assert sorted(g["user_id"] for g in guards) == sorted(
        [small_world["city_lead"].id, small_world["lag_member"].id]
    )
    assert all(g["items"] for g in guards)
    # The next day is a new day.
    tomorrow = reminders.send_reminders(None, ON + dt.timedelta(days=1), mail_on())
    assert tomorrow.sent == 2 and len(fake.sent) == 4


def test_a_failed_send_marks_nobody_and_stops_no_one(small_world, monkeypatch):
    fake = FakeMailer(refuse={"lead@example.org"})
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    give_email(small_world, "city_lead", "lead@example.org")
    give_email(small_world, "lag_member", "lag@example.org")
    outcome = reminders.send_reminders(None, ON, mail_on())
    assert (outcome.sent, outcome.failed) == (1, 1)
    assert outcome.errors == [f"{small_world['city_lead'].username}: 550 mailbox unavailable"]
    guards = store.get().find(collections.REMINDERS_SENT, {})
    assert [g["user_id"] for g in guards] == [small_world["lag_member"].id]
    fake.refuse = set()
    retry = reminders.send_reminders(None, ON, mail_on())
    assert (retry.sent, retry.skipped) == (1, 1)


def test_a_guard_taken_meanwhile_means_already_sent(small_world, monkeypatch):
    """Another run claimed the person between the cheap check and the claim: no second
    message (the unique index decides)."""
    fake = FakeMailer()
    monkeypatch.setattr(reminders.mail, "Mailer", fake)
    lead = give_email(small_world, "city_lead", "lead@example.org")
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


def test_an_administrator_may_send_the_days_reminders(small_world):
    check_matrix(
        small_world,
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
