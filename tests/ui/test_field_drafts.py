"""Drafts in the browser (screens/_ui/drafts.py): every page run ends with the drafts script,
naming the forms the page drew through ui.form_state and our messages in the person's
language; nothing else goes into it."""

from __future__ import annotations

import json
import re

import pytest

from screens._ui import drafts
from screens._ui.text import Keys
from services.core import i18n
from tests.ui.conftest import form_key, open_page, problems

CHECKIN = "screens/checkin.py"
RECORD = "screens/record.py"


def drafts_config(at) -> dict:
    """The configuration of the page's drafts script, and the forms the page named ("forms":
    None when the page drew no such script)."""
    bodies = [e.proto.body for e in at.get("html") if "__atelierField" in e.proto.body]
    configs = [re.search(r"const cfg = (\{.*?\});\n", b) for b in bodies]
    assert sum(c is not None for c in configs) == 1, "one drafts script per run"
    config = json.loads(next(c for c in configs if c is not None).group(1))
    forms = [re.search(r"A\.forms = (\[.*?\]);\n", b) for b in bodies]
    named = [json.loads(f.group(1)) for f in forms if f is not None]
    assert len(named) <= 1
    config["forms"] = named[0] if named else None
    return config


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_checkin_form_is_drafted_for_its_member_in_their_language(world, lang):
    lag = world["lag_member"]
    at = open_page(lag.id, CHECKIN, state={Keys.LANG: lang})
    assert not problems(at)
    assert at.title[0].value == i18n.t("checkin.title", lang)
    config = drafts_config(at)
    assert config["forms"] == ["checkin"]
    assert config["user"] == lag.id
    assert config["reconnecting"] == i18n.t("field.reconnecting", lang)
    assert config["unsent"] == i18n.t("field.unsent", lang)
    # After a save the form's keys move on (checkin.happened.v1): its prefix is the same.
    at.text_area(key="checkin.happened").input("Market day")
    at.button(key="checkin.save").click().run()
    assert form_key(at, "checkin", "happened").endswith(".v1")
    assert drafts_config(at)["forms"] == ["checkin"]


def test_a_page_that_stops_early_still_has_the_notice(world):
    # No running experiment in this member's city: the record page stops after its message.
    at = open_page(world["lag_member"].id, RECORD)
    assert not problems(at)
    assert [i.value for i in at.info] == [i18n.t("record.none", "en")]
    config = drafts_config(at)
    assert config["reconnecting"] == i18n.t("field.reconnecting", "en")
    assert config["forms"] is None


def test_no_typed_text_goes_into_the_script():
    class Someone:
        id = "u-1"

    script = drafts.forms_script(["x</script><script>alert(1)"])
    assert "</script><script>alert" not in script
    assert script.count("</script>") == 1  # the script's own end, nothing closes it earlier
    assert "u-1" in drafts.script(Someone())
    assert drafts.key_prefix("reports.review.r-1") == "reports-review-r-1"
