"""A click burst counts from when the browser has the form (screens/_ui/forms.py): the end of
the run that drew it, not the moment the run reached it (AppTest, a page of its own)."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from screens._ui import forms


def _page() -> None:
    import time

    import streamlit as st

    from screens._ui import forms

    form = forms.form_state("probe")
    with st.form("probe.form"):
        st.text_input("Text", key=form.key("text"))
        sent = st.form_submit_button("Send", key=form.key("send"))
    if sent:
        if forms.burst_echo(form, one_action=True) is not None:
            st.session_state["answer"] = "echo"
        else:
            st.session_state["answer"] = "sent"
            forms.saved(form, "Saved")
            st.rerun()
    time.sleep(st.session_state.get("slow", 0.0))  # the rest of a heavy page, after the form
    forms.run_ended()  # as app.py does once the page is drawn


def _send(at: AppTest, key: str) -> str:
    at.session_state["answer"] = ""
    at.button(key=key).click().run()
    return at.session_state["answer"]


def test_a_burst_counts_from_the_end_of_the_run_that_drew_the_form(monkeypatch):
    monkeypatch.setattr(forms, "BURST_S", 0.4)
    at = AppTest.from_function(_page, default_timeout=30)
    at.session_state["slow"] = 0.6  # longer than the burst: the draw's start is too early
    at.run()
    at.text_input(key="probe.text").input("first")
    assert _send(at, "probe.send") == "sent"  # saved; the rerun draws the form empty (v1)
    assert at.text_input(key="probe.text.v1").value == ""
    # The burst's last click, sent as soon as the browser had the new form: the save's answer.
    assert _send(at, "probe.send.v1") == "echo"
    # A send past the burst (from the end of the run that answered the last click) is a send.
    time.sleep(0.5)
    assert _send(at, "probe.send.v1") == "sent"
