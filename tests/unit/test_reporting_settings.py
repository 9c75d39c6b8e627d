"""The network's listening settings: reminder and grace days, the blocker list (keys made from
labels, renames, reordering, retiring a tag check-ins used), revision-checked saves."""

from __future__ import annotations

import pandas as pd
import pydantic
import pytest

from models.reporting import CheckinCreate
from services.core import collections, store
from services.core.errors import Conflict, InvalidInput, PermissionDenied
from services.reporting import checkins, settings

NETWORK = "demo-network"


def _tags(config) -> list[tuple[str, str, bool]]:
    return [(t.key, t.label.en, t.retired) for t in config.blocker_tags]


def test_keys_are_made_from_labels_unique_and_valid():
    assert settings.tag_key("Accès aux données", []) == "acces_aux_donnees"
    assert settings.tag_key("Funding", ["funding"]) == "funding_2"
    assert settings.tag_key("Funding", ["funding", "funding_2"]) == "funding_3"
    assert settings.tag_key("2026 budget!", []) == "tag_2026_budget"
    assert settings.tag_key("«»", []) == "tag"
    long = settings.tag_key("x" * 80, [])
    assert len(long) <= settings.KEY_MAX and long.startswith("xxx")


def test_the_editor_table_adds_renames_and_reorders_without_anyone_typing_a_key(world):
    read = settings.get_settings(NETWORK)
    frame = settings.tags_frame(read)
    assert list(frame.columns) == settings.tag_columns()
    frame.loc[0, "label_en"] = "Money"  # rename: the key stays
    frame.loc[1, "order"] = 0  # reorder: political support first
    frame = pd.concat(
        [
            frame,
            pd.DataFrame(
                [{"order": None, "key": None, "label_en": "Heat waves", "label_fr": "Canicules"}]
            ),
        ],
        ignore_index=True,
    )
    tags = settings.tags_from_frame(frame, read)
    assert [t["key"] for t in tags[:2]] == ["political_support", "funding"]
    assert tags[1]["label"]["en"] == "Money"
    assert tags[-1] == {
        "key": "heat_waves",
        "label": {"en": "Heat waves", "fr": "Canicules"},
        "retired": False,
    }
    saved = settings.update_settings(world["coordinator"], read, {"blocker_tags": tags})
    assert saved.tag_label("funding", "en") == "Money"
    assert saved.blocker_tags[-1].key == "heat_waves"


def test_a_key_typed_into_the_table_is_not_taken(world):
    read = settings.get_settings(NETWORK)
    frame = settings.tags_frame(read)
    frame.loc[0, "key"] = "typed_by_hand"  # the page shows keys read-only; never trusted
    tags = settings.tags_from_frame(frame, read)
    assert tags[0]["key"] == "funding_2"  # made from the label, not the typed text


def test_removing_a_tag_check_ins_used_retires_it_and_history_keeps_its_label(world):
    coordinator, lag = world["coordinator"], world["lag_member"]
    store.get().delete_many(collections.CHECKINS, {})
    checkins.create_checkin(
        lag, world.city, CheckinCreate(date=checkins.today(), mood=2, blockers=["legal"])
    )
    read = settings.get_settings(NETWORK)
    kept = [t.model_dump() for t in read.blocker_tags if t.key not in ("legal", "partners")]
    saved = settings.update_settings(coordinator, read, {"blocker_tags": kept})
    keys = [t.key for t in saved.blocker_tags]
    assert "partners" not in keys  # never used: deleted
    assert keys[-1] == "legal" and saved.blocker_tags[-1].retired  # used: retired, at the end
    assert saved.tag_label("legal", "fr") == "Juridique ou réglementaire"
    assert "legal" not in {t.key for t in saved.active_tags()}
    with pytest.raises(InvalidInput):  # the check-in form no longer offers it
        checkins.create_checkin(
            lag, world.city, CheckinCreate(date=checkins.today(), mood=2, blockers=["legal"])
        )
    # Put back in use: untick "retired".
    tags = [dict(t.model_dump(), retired=False) for t in saved.blocker_tags]
    again = settings.update_settings(coordinator, saved, {"blocker_tags": tags})
    assert not again.blocker_tags[-1].retired


def test_days_are_saved_and_checked(world):
    coordinator = world["coordinator"]
    read = settings.get_settings(NETWORK)
    saved = settings.update_settings(
        coordinator, read, {"checkin_reminder_days": 21, "report_grace_days": 10}
    )
    assert (saved.checkin_reminder_days, saved.report_grace_days) == (21, 10)
    with pytest.raises(pydantic.ValidationError) as caught:
        settings.update_settings(coordinator, saved, {"report_grace_days": 500})
    assert caught.value.errors()[0]["loc"] == ("report_grace_days",)


def test_a_stale_save_conflicts(world):
    coordinator, admin = world["coordinator"], world["admin"]
    read = settings.get_settings(NETWORK)
    settings.update_settings(admin, read, {"checkin_reminder_days": 40})
    with pytest.raises(Conflict) as caught:
        settings.update_settings(coordinator, read, {"report_grace_days": 7})
    assert caught.value.current.checkin_reminder_days == 40


def test_saving_over_defaults_someone_stored_meanwhile_conflicts(world):
    store.get().delete_many(collections.REPORTING_SETTINGS, {})
    defaults = settings.get_settings(NETWORK)  # never stored: the defaults
    first = settings.update_settings(world["admin"], defaults, {"checkin_reminder_days": 10})
    assert first.checkin_reminder_days == 10
    with pytest.raises(Conflict):
        settings.update_settings(world["coordinator"], defaults, {"checkin_reminder_days": 60})
    assert settings.get_settings(NETWORK).checkin_reminder_days == 10


@pytest.mark.parametrize("role", ["city_lead", "lag_member", "viewer"])
def test_only_the_network_team_edits_the_settings(world, role):
    with pytest.raises(PermissionDenied):
        settings.update_settings(
            world[role], settings.get_settings(NETWORK), {"checkin_reminder_days": 5}
        )
