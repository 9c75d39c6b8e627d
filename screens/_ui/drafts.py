"""Nothing typed is lost: drafts kept in the browser, and a reconnecting notice in the
person's language.

Streamlit keeps what a person types in the browser's widgets and in the server's session. A
dropped connection shows Streamlit's developer dialog, in English ("Connection error - Is
Streamlit still running?"); a session lost meanwhile (the server restarted, or the phone came
back after the session's two minutes) draws the forms empty; a Send whose message died with the
connection is simply never answered. So one script, run in the page itself (st.html with
JavaScript; `guard`, drawn by app.py on every run before the page, and `register`, after it,
naming the page's forms), does three things in the browser:

- while the connection is down it hides Streamlit's dialog and its "Connecting" label and shows
  a notice in the person's language (`field.reconnecting`), removed once connected again;
- it keeps a draft in localStorage of every text field of the forms drawn through
  `ui.form_state` this run (their widget keys start with the form's `keys`, screens/_ui/forms.py),
  per person, page and field, as it is typed; a form drawn without the typing (a new session,
  an empty field) gets its draft back. A draft goes once its form's save is confirmed: the
  form's version moves on (`<key>.v<n>`), and a field drawn at a later version than the draft's
  drops it. (A lost session draws version 0: a draft of a later version is put back then.)
- a Send of such a form that the connection dropped before the form was drawn again (its
  version moved on) is said to be unsent (`field.unsent`), next to the button, and the typed
  text stays; sending again in the same session sends the same submission id
  (`ui.form_state`), so a save that did land is not recorded twice.

Only constant code and our own messages go into the script (JSON-encoded), never user text.
"""

from __future__ import annotations

import json
import re

import streamlit as st

from models.user import User
from screens._ui.text import Keys, t_plain

# The forms drawn through form_state in this run: their widget keys' prefixes.
RUN_FORMS = Keys.FORM + "_drafts_run"

SCRIPT = """<script>
(() => {
  const cfg = __CONFIG__;
  const w = window, doc = document;
  const A = (w.__atelierField = w.__atelierField || {});
  A.cfg = cfg;
  A.forms = A.forms || [];
  if (A.installed) { A.schedule(); return; }
  A.installed = true;
  A.pending = {};
  A.disconnectedAt = 0;
  const SLOT = "atelier.draft.";
  const FIELDS = "textarea, input[type=text], input[type=number], input:not([type])";

  const local = (() => { try { return w.localStorage; } catch (e) { return null; } })();
  const read = (k) => { try { return JSON.parse(local.getItem(k)); } catch (e) { return null; } };
  const slot = (base) => SLOT + A.cfg.user + "|" + location.pathname + "|" + base;

  // The widget's key (its container's st-key-... class), its version and its form.
  function info(el) {
    const box = el.closest("[class*='st-key-']");
    if (!box) return null;
    const found = box.className.match(/(?:^|\\s)st-key-(\\S+)/);
    if (!found) return null;
    const cls = found[1];
    const form = A.forms.find((p) => cls.startsWith(p + "-"));
    if (!form) return null;
    const v = cls.match(/^(.*)-v(\\d+)$/);
    return { base: v ? v[1] : cls, version: v ? Number(v[2]) : 0, form };
  }

  function setValue(el, text) {
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement : HTMLInputElement;
    Object.getOwnPropertyDescriptor(proto.prototype, "value").set.call(el, text);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function keep(el) {
    if (!local || el.type === "password" || !el.closest("[data-testid=stForm]")) return;
    const i = info(el);
    if (!i) return;
    local.setItem(slot(i.base), JSON.stringify({ text: el.value, version: i.version }));
  }
  doc.addEventListener("input", (e) => { if (e.isTrusted) keep(e.target); }, true);
  doc.addEventListener("change", (e) => { if (e.isTrusted) keep(e.target); }, true);

  // A Send of a drafted form: pending until the form is drawn again at a later version.
  doc.addEventListener("click", (e) => {
    const button = e.target.closest("[data-testid=stFormSubmitButton] button");
    if (!button) return;
    const i = info(button);
    if (!i) return;
    A.pending[i.form] = { version: i.version, at: Date.now(), dropped: !connected() };
    note(i.form, null);
  }, true);

  // Streamlit's connection state, as it marks it on the app (CONNECTED, PINGING_SERVER ...).
  const connected = () => {
    const app = doc.querySelector("[data-testid=stApp]");
    const state = app && app.getAttribute("data-test-connection-state");
    return !state || state === "CONNECTED" || state === "STATIC_CONNECTED";
  };
  const idle = () => !!doc.querySelector("[data-testid=stApp][data-test-script-state=notRunning]");

  function banner(show) {
    let el = doc.getElementById("atelier-reconnecting");
    if (!show) { if (el) el.remove(); return; }
    if (!el) {
      el = doc.createElement("div");
      el.id = "atelier-reconnecting";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      el.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:1000010;" +
        "background:#fff4d6;color:#111;border-bottom:2px solid #b27b00;" +
        "padding:.6rem 1rem;font:500 1rem/1.4 'Source Sans',sans-serif;text-align:center;";
      doc.body.appendChild(el);
    }
    if (el.textContent !== A.cfg.reconnecting) el.textContent = A.cfg.reconnecting;
  }

  // Streamlit's own dialog about the lost connection and its "Connecting" label: hidden.
  function hideDialog() {
    for (const s of doc.querySelectorAll("[data-testid=stConnectionStatus]")) {
      s.style.visibility = "hidden";
    }
    for (const d of doc.querySelectorAll("[role=dialog]")) {
      const text = d.textContent || "";
      if (/Connection error|still running|not responding|Unable to connect/.test(text)) {
        const root = d.closest("[data-baseweb=modal]") || d;
        root.style.display = "none";
        root.setAttribute("data-atelier-hidden", "connection");
      }
    }
  }

  function note(form, text) {
    const id = "atelier-unsent-" + form;
    let el = doc.getElementById(id);
    if (!text) { if (el) el.remove(); return; }
    let anchor = null;
    for (const box of doc.querySelectorAll("[class*='st-key-" + form + "-']")) {
      anchor = box.closest("[data-testid=stForm]");
      if (anchor) break;
    }
    if (!anchor) return;
    if (!el) {
      el = doc.createElement("div");
      el.id = id;
      el.setAttribute("role", "alert");
      el.setAttribute("data-testid", "atelierUnsent");
      el.style.cssText = "margin:.5rem 0;padding:.75rem 1rem;border-radius:.5rem;" +
        "background:#fff4d6;color:#111;border:1px solid #b27b00;" +
        "font:1rem/1.5 'Source Sans',sans-serif;";
      anchor.insertAdjacentElement("afterend", el);
    }
    if (el.textContent !== text) el.textContent = text;
  }

  function scan() {
    const up = connected();
    if (!up && !A.disconnectedAt) A.disconnectedAt = Date.now();
    if (up) A.disconnectedAt = 0;
    for (const form of Object.keys(A.pending)) {
      if (!up) A.pending[form].dropped = true;
    }
    banner(!up);
    hideDialog();
    if (!local) return;
    const versions = {};
    for (const el of doc.querySelectorAll("[data-testid=stForm] :is(" + FIELDS + ")")) {
      if (el.type === "password") continue;
      const i = info(el);
      if (!i) continue;
      versions[i.form] = i.version;
      const draft = read(slot(i.base));
      if (!draft) continue;
      if (i.version > draft.version) { local.removeItem(slot(i.base)); continue; }
      if (el.value === "" && draft.text) {
        setValue(el, draft.text);
        local.setItem(slot(i.base), JSON.stringify({ text: draft.text, version: i.version }));
      }
    }
    const now = Date.now();
    for (const [form, p] of Object.entries(A.pending)) {
      if (form in versions && versions[form] > p.version) {  // saved: drawn again, empty
        delete A.pending[form];
        note(form, null);
      } else if (p.dropped && up && idle()) {
        note(form, A.cfg.unsent);
      } else if (!p.dropped && up && !idle()) {
        p.ran = true;  // the server is running the page for this Send
      } else if (!p.dropped && up && p.ran) {
        // The server answered (say, a field to correct) and the link held for a moment
        // since: this Send was not lost.
        if (!p.answeredAt) { p.answeredAt = now; setTimeout(A.schedule, 1600); }
        else if (now - p.answeredAt > 1500) delete A.pending[form];
      }
    }
  }

  let queued = false;
  A.schedule = () => {
    if (queued) return;
    queued = true;
    setTimeout(() => { queued = false; scan(); }, 150);
  };
  new MutationObserver(A.schedule).observe(doc.body, {
    childList: true, subtree: true, attributes: true,
    attributeFilter: ["data-test-script-state", "data-test-connection-state", "class"],
  });
  A.schedule();
})();
</script>"""


# Set after the page has run: which forms of the page keep drafts.
FORMS_SCRIPT = """<script>
(() => {
  const A = (window.__atelierField = window.__atelierField || {});
  A.forms = __FORMS__;
  if (A.schedule) A.schedule();
})();
</script>"""


def key_prefix(keys: str) -> str:
    """The class Streamlit gives a widget key's container, without `st-key-`: every character
    but letters, digits, `_` and `-` becomes `-` (the form "checkin" -> "checkin")."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", keys)


def watch(keys: str) -> None:
    """Keep drafts of the form whose widget keys start with `keys` (called by form_state)."""
    forms = st.session_state.setdefault(RUN_FORMS, [])
    prefix = key_prefix(keys)
    if prefix not in forms:
        forms.append(prefix)


def start_run() -> None:
    """Forget the forms of the last run (app.py, before the page runs)."""
    st.session_state[RUN_FORMS] = []


def script(user: User | None) -> str:
    """The page's script for `user`: drafts are kept per person, messages in their language."""
    config = {
        "user": user.id if user is not None else "-",
        "reconnecting": t_plain("field.reconnecting"),
        "unsent": t_plain("field.unsent"),
    }
    return SCRIPT.replace("__CONFIG__", _json(config))


def forms_script(forms: list[str]) -> str:
    """The script naming the forms whose text is drafted (their widget keys' prefixes)."""
    return FORMS_SCRIPT.replace("__FORMS__", _json(sorted(forms)))


def _json(value: object) -> str:
    # Our own messages and keys only; "</" escaped so nothing can close the script element.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def guard(user: User | None) -> None:
    """The reconnecting notice and the drafts' machinery (app.py, before the page runs: a page
    that stops early still has it)."""
    st.html(script(user), unsafe_allow_javascript=True)


def register() -> None:
    """The forms this run's page drew through form_state, drafted (app.py, after the page)."""
    st.html(forms_script(st.session_state.get(RUN_FORMS, [])), unsafe_allow_javascript=True)
