"""The interface language, messages and typed text made safe for Markdown; the page's focus
ring and document language. Session-state keys are defined here, once."""

from __future__ import annotations

import numbers
import re
from typing import Any

import streamlit as st

from services.core import formats, i18n


class Keys:
    """Session-state keys (not widget keys): one place, so no page spells them twice."""

    LANG = "session.lang"
    USER_ID = "session.user_id"
    HAS_ACCOUNT = "session.has_account"
    FLASH = "session.flash"
    DEMO_PASSWORD = "session.demo_password"  # noqa: S105 - a key, not a password
    LANG_SYNC = "session.lang_sync"
    LOGGED_IN_AT = "session.logged_in_at"
    SESSION_ID = "session.session_id"  # the kept login (sessions collection), when there is one
    BEACON = "session.beacon"  # a cookie route for the browser to call (see `show_beacon`)
    COOKIE_CHECKED = "session.cookie_checked"  # the cookie token already tried in this session
    FORM = "session.form."  # + a form's name: its submission id and version (screens/_ui/forms.py)


# --- language ----------------------------------------------------------------------------------


def lang() -> str:
    if Keys.LANG not in st.session_state:
        st.session_state[Keys.LANG] = i18n.normalise(getattr(st.context, "locale", None))
    return st.session_state[Keys.LANG]


def date_format() -> str:
    """The `format` of st.date_input in the interface language (Streamlit's own default is
    "YYYY/MM/DD")."""
    return formats.date_input_format(lang())


def t(key: str, **values: Any) -> Markdown:
    """The message `key` in the interface language, safe in any element that renders Markdown:
    every value is escaped with `md` (a value from the database is text a person typed), except
    numbers and values that are Markdown already (another message, a value escaped before)."""
    return Markdown(i18n.t(key, lang(), **{k: _value(v) for k, v in values.items()}))


def other_label_columns() -> dict[str, Any]:
    """The column configs of a stored label's other languages (Portuguese, ...): English and
    French are configured by each table; every further catalogue adds a column."""
    return {
        f"label_{code}": st.column_config.TextColumn(
            t_plain("settings.column.label_other", language=i18n.language_name(code))
        )
        for code in i18n.other_languages()
    }


def t_plain(key: str, **values: Any) -> str:
    """The message `key` with its values as they are: only for what is not Markdown (st.text,
    table cells, chart titles, text that is stored)."""
    return i18n.t(
        key, lang(), **{k: plain(v) if isinstance(v, str) else v for k, v in values.items()}
    )


# --- text a person typed, in elements that render Markdown -------------------------------------

# Every character that starts Markdown, a Streamlit directive (:red[...], :material/...:), maths
# ($...$), HTML or an entity (&lt;), or a GFM autolink (http:, www.); a backslash makes each one
# a literal character, and escaping one that needs none changes nothing on screen.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&^])")
# Streamlit's Markdown also finds web addresses, e-mail addresses (remark-gfm's autolinks) and
# emoji or icon shortcodes (:smile:, :material/home:) by regexes over the *text* once escapes
# are undone, so a backslash cannot stop them: an invisible word joiner (U+2060) after the
# colon, the at sign or "www" breaks each pattern, and the text reads the same.
_TEXT_PATTERNS = re.compile(r"(?i)(?::(?=[\w+/-])|@|www(?=\.))")
JOINER = "\u2060"
# Bidi embeddings, overrides and isolates, and the direction marks: one in a city's name would
# reverse the rest of the line it is shown in (a sidebar line, a caption). They are dropped.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class Markdown(str):
    """Text already safe to render as Markdown: a message of ours, or a person's text once
    escaped by `md` (so that it is never escaped twice)."""


def md(text: Any) -> Markdown:
    """Text a person typed, made inert for st.markdown, st.caption, titles, headers, alerts,
    st.write, the sidebar, and the labels of expanders, tabs, popovers, metrics, buttons and
    widgets: every Markdown-special character escaped (links, emphasis, HTML, maths, colour
    directives), web and e-mail addresses and shortcodes kept from becoming links or emoji,
    bidi controls dropped, line breaks kept as line breaks. Markdown of ours (a `Markdown`
    value) is returned as it is."""
    if isinstance(text, Markdown):
        return text
    value = plain("" if text is None else str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _TEXT_PATTERNS.sub(lambda m: m.group(0) + JOINER, value)
    return Markdown(_MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n"))


def plain(text: str) -> str:
    """Text a person typed, for an element that shows text as it is (st.text, a label that is
    not Markdown): without the bidi controls that would reverse the rest of its line."""
    return BIDI_CONTROLS.sub("", text)


def _value(value: Any) -> Any:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return value  # digits need no escaping, and a format spec ({n:.1f}) still applies
    return md(value)


# --- accessibility -----------------------------------------------------------------------------

# A focus ring anyone can see (WCAG 2.4.7): the theme's primary colour, 5.8:1 on white. Streamlit
# marks a focused field only by a thin border colour, and some buttons not at all. A field's
# ring is on its frame; a table's on the table, wherever in it the focus is: on the canvas it is
# drawn on, its scroller, or a cell of the hidden table behind the canvas (which shows nothing).
FOCUS_CSS = """<style>
:focus-visible { outline: 3px solid #1f6f78 !important; outline-offset: 2px !important; }
[data-baseweb="input"]:focus-within, [data-baseweb="textarea"]:focus-within,
[data-baseweb="select"]:focus-within {
  outline: 3px solid #1f6f78 !important; outline-offset: 2px !important;
}
[data-baseweb="input"] input:focus-visible, [data-baseweb="textarea"] textarea:focus-visible,
[data-baseweb="select"] input:focus-visible { outline: none !important; }
[data-testid="stDataFrameResizable"]:focus-within {
  outline: 3px solid #1f6f78 !important; outline-offset: 2px !important;
}
[data-testid="stDataFrameResizable"] :focus-visible { outline: none !important; }
</style>"""

# A save's success line (messages.show_flash) is fixed at the top right of the window, below
# Streamlit's header (across a phone's width), on a white ground (the alert's own is
# translucent), and fades after FLASH_S seconds; clicks go through it to the page. Its
# wrapper is no box of the page's column either (the column's gap would move the page by 1rem).
FLASH_KEY = "app.flash"
FLASH_S = 8
FLASH_CSS = f"""<style>
.st-key-app-flash {{
  position: fixed; top: 4.25rem; right: 1rem; z-index: 999990;
  width: min(28rem, calc(100vw - 2rem)); background: #fff; border-radius: .5rem;
  box-shadow: 0 2px 10px rgba(0, 0, 0, .18); pointer-events: none;
  animation: atelier-flash-out .4s ease-in {FLASH_S}s forwards;
}}
@keyframes atelier-flash-out {{ to {{ opacity: 0; visibility: hidden; }} }}
[data-testid="stLayoutWrapper"]:has(> .st-key-app-flash) {{ display: contents; }}
</style>"""


# The page's language (WCAG 3.1.1). Streamlit serves <html lang="en"> whatever the interface
# language, and offers no setting for it; a script can set it. Only these constant scripts run
# (one per language of the catalogue, never user text); st.html runs them in the page itself.
def lang_script(code: str) -> str:
    return f'<script>document.documentElement.lang = "{code}";</script>'


def page_basics(*, sidebar: bool = True) -> None:
    """The focus ring and the document's language, on every page (called by app.py); the
    language script in the sidebar, or (`sidebar` False: a page without one) in the page."""
    st.html(FOCUS_CSS + FLASH_CSS)  # style only: Streamlit puts it out of the page's flow
    with st.sidebar if sidebar else st.container():
        st.html(lang_script(i18n.normalise(lang())), unsafe_allow_javascript=True)
