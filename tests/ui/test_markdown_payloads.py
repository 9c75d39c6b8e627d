"""What people type is shown as text, never as Markdown (issue 9, item 7).

A payload of Markdown (bold, a colour directive, maths, a link, HTML, a heading) goes into
every field of the demo world a person can type; every page is rendered for every role, and
every element whose text Streamlit renders as Markdown (markdown, captions, titles, alerts,
expander, tab and popover labels, widget labels and help, metrics, radio options) must carry
it escaped: its source, once unescaped, shows the payload, and no unescaped marker is left.
"""

from __future__ import annotations

import re

from models import workshops as wm
from screens import _ui as ui
from screens._workshops.board import Keys as WorkshopKeys
from services.core import i18n
from services.plans import plans
from services.workshops import workshops
from tests.ui.conftest import app_pages, every_page, new_app, open_page, problems, shown

BIDI = ("\u202e", "\u202a", "\u2066", "\u200f")
PAGES = app_pages()
MARKERS = (
    "**b**",
    ":red[",
    "$x^2$",
    "](http",
    "<b>",
    "https://",
    ":smile:",
    "a@b.example",
    *BIDI,
)
# Multi-line fields (notes, narratives) also get a bidi override; one-line fields refuse it
# (models/base.py `one_line`), so stored names cannot hold one.
MULTI_LINE = {
    "approval",
    "narrative",
    "challenge",
    "result_note",
    "hypothesis",
    "insights",
    "note",
}


def payload(tag: str) -> str:
    """Markdown, a link, a bare web address, an emoji shortcode, maths, a colour directive, an
    e-mail address and HTML in one line short enough for a name (120 characters)."""
    bidi = "\u202eevil " if tag in MULTI_LINE else ""
    return (
        f"**b** :red[a] $x^2$ [t](https://e.example) https://e.example :smile: a@b.example "
        f"<b>b</b> {bidi}# head {tag}"
    )


# Fields whose text reaches a Markdown-rendering element somewhere in the app: each payload
# must be seen, escaped, on some page for some role (so the test does look at them). The other
# poisoned fields (beliefs, learning titles, results...) are shown by st.text, tables, charts
# and select boxes, which show text as it is; they must still break nothing.
SHOWN = (
    "network",
    "funder",
    "stage",
    "gate",
    "city",
    "country",
    "person",
    "approver",
    "approval",
    "experiment",
    "owner",
    "custom_title",
    "custom_label",
    "narrative",
)


def poison(db, world) -> None:
    """A payload in every field a person types, through the store (and a service for the
    custom section, which a person adds from the plan page)."""
    network = db.find("networks", {})[0]
    for stage in network["stages"]:
        stage["label"] = {"en": payload("stage"), "fr": payload("stage")}
        for item in stage["gate"]:
            item["label"] = {"en": payload("gate"), "fr": payload("gate")}
    for category in network.get("assumption_categories", []):
        category["label"] = {"en": payload("category"), "fr": payload("category")}
    db.update_one(
        "networks",
        {"_id": network["_id"]},
        {
            "$set": {
                "name": payload("network"),
                "funder": payload("funder"),
                "description": payload("description"),
                "stages": network["stages"],
                "assumption_categories": network.get("assumption_categories", []),
            }
        },
    )
    for city in db.find("cities", {}):
        history = [
            {**entry, "note": payload("approval"), "approved_by_name": payload("approver")}
            for entry in city["stage_history"]
        ]
        db.update_one(
            "cities",
            {"_id": city["_id"]},
            {
                "$set": {
                    "name": payload("city"),
                    "country": payload("country"),
                    "challenge": payload("challenge"),
                    "team.project_leader": payload("leader"),
                    "stage_history": history,
                }
            },
        )
    for user in db.find("users", {}):
        db.update_one("users", {"_id": user["_id"]}, {"$set": {"display_name": payload("person")}})
    for experiment in db.find("experiments", {}):
        results = [
            {**r, "note": payload("result_note"), "recorded_by_name": payload("person")}
            for r in experiment["results"]
        ]
        db.update_one(
            "experiments",
            {"_id": experiment["_id"]},
            {
                "$set": {
                    "title": payload("experiment"),
                    "owner": payload("owner"),
                    "metric": payload("metric"),
                    "hypothesis": payload("hypothesis"),
                    "results": results,
                }
            },
        )
    for assumption in db.find("assumptions", {}):
        db.update_one(
            "assumptions",
            {"_id": assumption["_id"]},
            {"$set": {"belief": payload("belief"), "reason": payload("reason")}},
        )
    for learning in db.find("learnings", {}):
        db.update_one(
            "learnings",
            {"_id": learning["_id"]},
            {"$set": {"title": payload("learning"), "insights": payload("insights")}},
        )
    for plan in db.find("plans", {}):
        sets = {"sections.context.content.narrative": payload("narrative")}
        for key in plan["sections"]:
            sets[f"sections.{key}.updated_by_name"] = payload("person")
        db.update_one("plans", {"_id": plan["_id"]}, {"$set": sets})
    lead = world["city_lead"]
    for city_id in {world.city, *(c["_id"] for c in db.find("cities", {}))}:
        plan = plans.get_plan(world["admin"], city_id)
        if plan is not None:
            plans.add_custom_section(
                world["admin"],
                plan,
                {
                    "title": payload("custom_title"),
                    "fields": [{"label": payload("custom_label"), "type": "text"}],
                },
            )
    assert lead.city_ids  # the lead's city has a plan with the custom section


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


BODY_TYPES = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "error",
    "warning",
    "info",
    "success",
}
PLAIN_TYPES = {"text", "code", "json"}  # st.text and friends show their text as it is


def markdown_sources(at) -> list[str]:
    """The source text of every element of the run that Streamlit renders as Markdown."""
    found: list[str] = []
    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in PLAIN_TYPES or proto is None:
            continue
        if kind in BODY_TYPES or kind == "metric":
            found.append(proto.body)
        if hasattr(proto, "WhichOneof") and "type" in {o.name for o in proto.DESCRIPTOR.oneofs}:
            inner = proto.WhichOneof("type")
            block = getattr(proto, inner) if inner else None
            if block is not None and hasattr(block, "label") and isinstance(block.label, str):
                found.append(block.label)  # expander, tab, popover
        for attr in ("label", "help"):
            value = getattr(proto, attr, None) if attr in _fields(proto) else None
            if isinstance(value, str) and value:
                found.append(value)
        if kind == "radio":
            found.extend(str(o) for o in node.options)
        if kind == "progress" or "text" in _fields(proto) and kind not in PLAIN_TYPES:
            text = getattr(proto, "text", "")
            if isinstance(text, str) and text:
                found.append(text)
    return found


ESCAPED_MARKER = "\\*\\*bold"  # a payload escaped for Markdown, then shown as it is


def plain_texts(at) -> list[str]:
    """The text of every element that shows it as it is: st.text, and table cells."""
    found = [e.value for e in at.text]
    for frame in at.dataframe:
        value = frame.value
        found += [str(c) for c in value.columns]
        found += [str(v) for v in value.to_numpy().ravel()]
    return found


def _fields(proto) -> set[str]:
    descriptor = getattr(proto, "DESCRIPTOR", None)
    return {f.name for f in descriptor.fields} if descriptor is not None else set()


def test_md_escapes_every_markdown_character_and_keeps_lines(monkeypatch):
    special = "\\`*_{}[]()<>#+-.!|~$:=&^"
    assert ui.md(special) == "".join("\\" + c for c in special)
    assert ui.md("a\r\nb\nc") == "a  \nb  \nc"  # line breaks stay line breaks
    assert ui.md(None) == ""
    escaped = ui.md(payload("x"))
    assert shown(escaped) == payload("x")
    assert shown(ui.md(payload("narrative"))) == payload("narrative").replace("\u202e", "")
    assert not any(marker in escaped for marker in MARKERS)
    assert ui.md(escaped) is escaped  # escaped once, never twice
    # Messages escape what they are given, except numbers and Markdown of ours.
    monkeypatch.setattr(ui.text, "lang", lambda: "en")
    nested = ui.t("plan.presence.open", name="**x**")
    assert nested == i18n.t("plan.presence.open", "en", name="\\*\\*x\\*\\*")
    assert "\\\\" not in ui.t("plan.conflict.differs", fields=nested)  # not escaped twice
    assert ui.t("home.cities", count=12) == i18n.t("home.cities", "en", count=12)
    assert ui.t_plain("plan.presence.open", name="**x**") == i18n.t(
        "plan.presence.open", "en", name="**x**"
    )


BRIEF_PAYLOADS = (
    "[tap here](https://evil.example)",
    "https://evil.example",
    "www.evil.example",
    ":smile:",
    ":material/home:",
    "$x^2$",
    ":red[alert]",
    "a@b.example",
    "mailto:a@b.example",
    "\u202eevil",
    "\u2066iso\u2069 \u200fmark",
    "<b>bold</b>",
    "**bold**",
)
# What Streamlit's Markdown looks for in the text once the escapes are undone (remark-emoji,
# remark-gfm's autolink transform): none of it may be left after ui.md.
TEXT_NODE_PATTERNS = (
    re.compile(r":\+1:|:-1:|:[\w-]+:"),
    re.compile(r"(?i)(https?://|www(?=\.))"),
    re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]"),
)


def test_md_leaves_nothing_the_markdown_renderer_turns_into_links_emoji_or_reversed_text():
    for text in BRIEF_PAYLOADS:
        escaped = ui.md(text)
        text_node = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped)  # escapes undone
        found = [p.pattern for p in TEXT_NODE_PATTERNS if p.search(text_node)]
        assert not found, (text, escaped, found)
        assert shown(escaped) == ui.text.plain(text)  # reads as typed, bidi controls left out
        assert ui.t_plain("plan.presence.open", name=text).count("\u202e") == 0


def test_typed_text_shows_literally_on_every_page_for_every_role(db, world):
    poison(db, world)
    seen: set[str] = set()
    failures: list[str] = []
    for role, path, at in every_page(world):
        if problems(at):
            failures.append(f"{role} {path}: {problems(at)}")
        for source in markdown_sources(at):
            raw = [m for m in MARKERS if m in source]
            if raw:
                failures.append(f"{role} {path}: unescaped {raw} in {source!r}")
            text = shown(source)
            seen.update(
                tag
                for tag in re.findall(r"# head (\w+)", text)
                if ui.text.plain(payload(tag)) in text
            )
        # Plain text is never escaped: a backslash there is one a person would read.
        for text in plain_texts(at):
            if ESCAPED_MARKER in text:
                failures.append(f"{role} {path}: escaped text shown as is: {text!r}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
    # Every field of SHOWN was looked at (a page that stopped showing it would hide a bug).
    assert set(SHOWN) <= seen, f"never seen escaped: {sorted(set(SHOWN) - seen)}"


def test_workshop_titles_and_notes_show_literally(world):
    """The facilitator's board and a participant's page show the workshop's title and the notes
    as typed (the workshop logic is not this test's business: only how text is shown)."""
    ws = workshops.start_workshop(
        world["coordinator"],
        world.city,
        wm.WorkshopCreate(title=payload("workshop"), template="brainstorm"),
    )
    who = workshops.join(ws.code, payload("participant"), "c1")
    column = ws.columns[0]
    workshops.post_note(ws.id, who.token, wm.NoteCreate(text=payload("note"), column=column))
    workshops.reveal(world["coordinator"], workshops.get_workshop(world["coordinator"], ws.id))
    facilitator = open_page(
        world["coordinator"].id, "screens/workshop.py", state={WorkshopKeys.WORKSHOP: ws.id}
    )
    participant = new_app(state={WorkshopKeys.P_TOKEN: who.token, WorkshopKeys.P_WORKSHOP: ws.id})
    participant.run()
    seen: set[str] = set()
    for at in (facilitator, participant):
        assert not problems(at)
        for source in markdown_sources(at):
            raw = [m for m in MARKERS if m in source]
            assert not raw, f"unescaped {raw} in {source!r}"
            text = shown(source)
            seen.update(
                tag
                for tag in re.findall(r"# head (\w+)", text)
                if ui.text.plain(payload(tag)) in text
            )
    assert {"workshop", "note"} <= seen, seen
