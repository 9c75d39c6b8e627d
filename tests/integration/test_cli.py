"""The command line: seed-demo, create-user, export/import (round trip, refusals), check."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from models.city import City
from services import cli
from services.accounts import accounts, login
from services.core import records, store
from services.transfer import archive as transfer

ROOT = pathlib.Path(__file__).resolve().parents[2]
PASSWORD = "cli demo passphrase 2026"


def run(db: store.Store, *argv: str) -> int:
    return cli.main(list(argv), db=db)


def run_process(data_dir: pathlib.Path, *argv: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("MONGODB_URI", "MONGODB_DB")}
    environ.update(ATELIER_DATA_DIR=str(data_dir), **env)
    return subprocess.run(
        [sys.executable, "-m", "services.cli", *argv],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def seeded(db, capsys) -> store.Store:
    assert run(db, "seed-demo", "--password", PASSWORD) == 0
    capsys.readouterr()
    return db


def test_seed_demo_prints_counts_and_password(db, capsys):
    assert run(db, "seed-demo", "--cities", "3", "--password", PASSWORD) == 0
    out = capsys.readouterr().out
    assert "cities: 3" in out
    assert PASSWORD in out
    assert db.count("cities") == 3
    assert login.authenticate("coordinator.demo", PASSWORD).role == "coordinator"


def test_seed_demo_refuses_a_second_network_without_reset(seeded, capsys):
    assert run(seeded, "seed-demo") == 1
    assert "--reset" in capsys.readouterr().err
    assert run(seeded, "seed-demo", "--reset", "--cities", "2") == 0
    out = capsys.readouterr().out
    assert seeded.count("cities") == 2
    assert "Demo password" in out
    assert run(seeded, "seed-demo", "--cities", "0", "--reset") == 1


def test_create_user_with_generated_password(seeded, capsys):
    code = run(seeded, "create-user", "--username", "Ada.Admin", "--name", "Ada", "--role", "admin")
    assert code == 0
    out = capsys.readouterr().out
    password = out.split("Password (shown once, to be changed at first login): ")[1].strip()
    user = login.authenticate("ada.admin", password)
    assert user.role == "admin"
    assert user.must_change_password


def test_create_user_with_given_password_and_cities(seeded, capsys):
    argv = ["create-user", "--username", "lead.two", "--name", "Two", "--role", "city_lead"]
    argv += ["--city", "city-0001", "--city", "city-0002", "--password", "a long given one 1"]
    assert run(seeded, *argv) == 0
    assert "a long given one 1" not in capsys.readouterr().out  # a given password is not echoed
    user = login.authenticate("lead.two", "a long given one 1")
    assert user.city_ids == ["city-0001", "city-0002"]
    assert not user.must_change_password
    # The same username again, a weak password, a bad role: refused, clearly.
    assert run(seeded, *argv) == 1
    assert "username" in capsys.readouterr().err
    weak = ["create-user", "--username", "x.y.z", "--name", "X", "--role", "viewer"]
    assert run(seeded, *weak, "--password", "short") == 1
    assert "password" in capsys.readouterr().err
    operator = ["create-user", "--username", "$where", "--name", "X", "--role", "viewer"]
    assert run(seeded, *operator) == 1
    assert "username" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        run(seeded, "create-user", "--username", "x.y", "--name", "X", "--role", "superuser")
    assert usage.value.code == 2


def test_create_user_needs_a_network(db, capsys):
    code = run(db, "create-user", "--username", "ada.x", "--name", "Ada", "--role", "admin")
    assert code == 1
    assert "seed-demo" in capsys.readouterr().err


def test_export_then_import_gives_back_identical_documents(seeded, tmp_path, capsys):
    accounts.create_user(
        None,
        accounts.UserCreate(username="ada.x", display_name="Ada", role="admin"),
        "a long passphrase 1",
    )
    before = transfer.snapshot(seeded)
    out = tmp_path / "export.json"
    assert run(seeded, "export", "--out", str(out)) == 0
    assert "Exported" in capsys.readouterr().out

    empty = store.Store.memory()
    assert run(empty, "import", str(out)) == 0
    after = transfer.snapshot(empty)
    assert set(after) >= {c for c, docs in before.items() if docs}
    for coll, docs in before.items():
        assert after.get(coll, []) == docs, coll
    # Types survived: datetimes are datetimes (UTC), numbers are numbers.
    city = empty.find_one("cities", {"_id": "city-0001"})
    assert city["created_at"].tzinfo is not None
    assert isinstance(city["revision"], int)


def test_round_trip_through_the_embedded_store(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_process(first, "seed-demo", "--password", PASSWORD).returncode == 0
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    assert run_process(first, "export", "--out", str(out1)).returncode == 0
    done = run_process(second, "import", str(out1))
    assert done.returncode == 0, done.stderr
    assert run_process(second, "export", "--out", str(out2)).returncode == 0
    one = json.loads(out1.read_text())["collections"]
    two = json.loads(out2.read_text())["collections"]
    assert one == two
    assert len(one["cities"]) == 12


def test_import_with_one_bad_document_writes_nothing_and_names_it(seeded, tmp_path, capsys):
    out = tmp_path / "export.json"
    assert run(seeded, "export", "--out", str(out)) == 0
    payload = json.loads(out.read_text())
    payload["collections"]["cities"][3]["name"] = "x" * 500
    payload["collections"]["users"][1]["role"] = {"$gt": ""}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload))
    capsys.readouterr()

    empty = store.Store.memory()
    assert run(empty, "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err
    assert "cities[3] (_id 'city-0004'): field name" in err
    assert "users[1] (_id 'demo-lag-0001'): key 'role.$gt' looks like a query operator" in err
    assert all(empty.count(c) == 0 for c in empty.collection_names())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c["activity"].append({"no": "id"}), "activity"),
        (lambda c: c["activity"].append({"_id": "a1", "$where": "1"}), "query operator"),
        (lambda c: c["users"].append(dict(c["users"][0], _id="copy")), "duplicate username"),
        (lambda c: c["cities"].append(dict(c["cities"][0])), "duplicate _id"),
        (lambda c: c.update({"$where": []}), "not a valid collection name"),
        (lambda c: c.update({"plans": {"_id": 1}}), "must be a list"),
        (lambda c: c["plans"][0].update(scope="everything"), "plans[0]"),
        (lambda c: c["experiments"][0].update(budget=-5), "budget"),
        (lambda c: c.update(secrets=[{"_id": "s1"}]), "secrets: unknown collection"),
        (lambda c: c["plans"][0].update(city_id="nowhere"), "city_id 'nowhere': no such document"),
        (
            lambda c: c["experiments"][0].update(city_id="nowhere"),
            "experiments[0] (_id 'demo-exp-0007-1'): city_id 'nowhere'",
        ),
        (
            lambda c: c["experiments"][0].update(assumption_ids=["gone"]),
            "assumption_ids 'gone': no such document in assumptions",
        ),
        (lambda c: c["users"][1].update(city_ids=["nowhere"]), "city_ids 'nowhere'"),
        (lambda c: c.update(networks=[]), "the file holds no network"),
        (lambda c: c["cities"][0].update(network_id="other"), "network_id 'other' does not exist"),
        (
            lambda c: c["users"].append(
                dict(c["users"][0], _id="copy", username=c["users"][0]["username"].upper())
            ),
            "differs only by case",
        ),
        (lambda c: c["activity"].append(dict(c["activity"][0], at="yesterday")), "field at"),
        (
            lambda c: c["activity"].extend(
                [dict(c["activity"][0], _id=f"x{i}") for i in range(2)]
                + [dict(c["activity"][0], _id=c["activity"][0]["_id"])]
            ),
            "activity[",
        ),
    ],
)
def test_import_refuses_malformed_files(seeded, tmp_path, change, expected):
    text, _ = transfer.export(seeded)
    payload = json.loads(text)
    change(payload["collections"])
    empty = store.Store.memory()
    with pytest.raises(transfer.ImportRefused) as caught:
        transfer.import_text(empty, json.dumps(payload))
    assert expected in str(caught.value)
    assert all(empty.count(c) == 0 for c in empty.collection_names())


def test_import_stores_what_the_model_returns(seeded):
    text, _ = transfer.export(seeded)
    payload = json.loads(text)
    payload["collections"]["plans"][0]["revision"] = "3"
    payload["collections"]["users"][0]["failed_logins"] = "4"
    payload["collections"]["users"][0]["username"] = "  Coordinator.Demo "
    empty = store.Store.memory()
    transfer.import_text(empty, json.dumps(payload))
    plan = empty.find_one("plans", {"_id": payload["collections"]["plans"][0]["_id"]})
    assert plan["revision"] == 3
    user = empty.find_one("users", {"_id": payload["collections"]["users"][0]["_id"]})
    assert user["failed_logins"] == 4
    assert user["username"] == "coordinator.demo"
    payload["collections"]["plans"][0]["revision"] = "three"
    with pytest.raises(transfer.ImportRefused) as caught:
        transfer.import_text(store.Store.memory(), json.dumps(payload))
    assert "field revision" in str(caught.value)


def test_an_export_without_last_activity_still_imports(seeded, tmp_path):
    """Exports written before documents carried `last_activity` import unchanged."""
    text, _ = transfer.export(seeded)
    payload = json.loads(text)
    assert not any("last_activity" in d for docs in payload["collections"].values() for d in docs)
    empty = store.Store.memory()
    transfer.import_text(empty, text)
    assert transfer.snapshot(empty)["cities"] == transfer.snapshot(seeded)["cities"]


def test_replace_with_ids_the_store_sees_as_one_changes_nothing(seeded, tmp_path, capsys):
    """1 and 1.0 are one `_id` to the store: refused before anything is touched."""
    out = tmp_path / "export.json"
    assert run(seeded, "export", "--out", str(out)) == 0
    before = transfer.snapshot(seeded)
    text = out.read_text()
    payload = json.loads(text)
    line = payload["collections"]["activity"][0]
    payload["collections"]["activity"] += [dict(line, _id=1), dict(line, _id=1.0)]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload))
    capsys.readouterr()
    assert run(seeded, "import", str(bad), "--replace") == 1
    err = capsys.readouterr().err
    assert "nothing was written" in err and "Traceback" not in err
    assert "duplicate _id 1.0" in err
    assert transfer.snapshot(seeded) == before
    # Numbers that are valid ids elsewhere (a plan version's number) compare the same way.
    assert transfer.store_key(1) == transfer.store_key(1.0) != transfer.store_key(True)


def test_import_refuses_files_that_are_not_exports(db, tmp_path, capsys):
    for text in ("not json", "[]", '{"format": "other"}'):
        path = tmp_path / "x.json"
        path.write_text(text)
        assert run(db, "import", str(path)) == 1
        assert "nothing was written" in capsys.readouterr().err
    assert run(db, "import", str(tmp_path / "missing.json")) == 1
    assert "cannot read" in capsys.readouterr().err


def test_import_into_a_non_empty_store_needs_replace(seeded, tmp_path, capsys):
    out = tmp_path / "export.json"
    assert run(seeded, "export", "--out", str(out)) == 0
    exported = transfer.snapshot(seeded)
    seeded.insert_one("cities", {"_id": "extra", "name": "Extra"})
    capsys.readouterr()
    assert run(seeded, "import", str(out)) == 1
    assert "--replace" in capsys.readouterr().err
    assert seeded.find_one("cities", {"_id": "extra"}) is not None
    assert run(seeded, "import", str(out), "--replace") == 0
    assert "Replaced" in capsys.readouterr().out
    assert transfer.snapshot(seeded) == exported


def test_export_is_readable_by_its_owner_only(seeded, tmp_path, capsys):
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    assert run(seeded, "export", "--out", str(out)) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    fresh = tmp_path / "fresh.json"
    assert run(seeded, "export", "--out", str(fresh)) == 0
    assert fresh.stat().st_mode & 0o777 == 0o600
    assert "password_hash" in fresh.read_text()
    with pytest.raises(SystemExit):
        run(seeded, "--help")
    assert "secrets (password hashes)" in " ".join(capsys.readouterr().out.split())


def test_check_reports_and_repairs_lost_activity_lines(seeded, capsys):
    coordinator = accounts.get_user("demo-coordinator")
    city = records.get("cities", City, "city-0001")
    saved = records.update("cities", city, {"challenge": "A write whose line is lost"}, coordinator)
    seeded.delete_one("activity", {"_id": saved.last_activity})
    capsys.readouterr()
    assert run(seeded, "check") == 1
    captured = capsys.readouterr()
    assert f"cities city-0001 (line {saved.last_activity})" in captured.out
    assert "--repair" in captured.err
    assert run(seeded, "check", "--repair") == 0
    assert "wrote 1 lines" in capsys.readouterr().out
    assert seeded.find_one("activity", {"_id": saved.last_activity})["repaired"] is True
    assert run(seeded, "check") == 0
    assert "every write has its line" in capsys.readouterr().out


def test_check_names_the_store(seeded, capsys):
    assert run(seeded, "check") == 0
    out = capsys.readouterr().out
    assert "Store reached: memory" in out
    assert "cities: 12" in out


def test_check_in_a_process(tmp_path):
    done = run_process(tmp_path / "data", "check")
    assert done.returncode == 0, done.stderr
    assert f"embedded: {tmp_path / 'data'}" in done.stdout
    bad = run_process(
        tmp_path / "data", "check", MONGODB_URI="mongodb://ops:hunter2-secret@127.0.0.1:1/atelier"
    )
    assert bad.returncode == 1
    assert "127.0.0.1:1" in bad.stderr
    assert "hunter2" not in bad.stderr + bad.stdout
    assert "Traceback" not in bad.stderr


def test_unlock_ends_a_lockout_and_can_print_a_link(seeded, capsys):
    for _ in range(login.MAX_FAILURES):
        with pytest.raises(login.LoginFailed):
            login.authenticate("coordinator.demo", "wrong password here")
    with pytest.raises(login.LoginFailed):
        login.authenticate("coordinator.demo", PASSWORD)
    assert run(seeded, "unlock", "Coordinator.Demo") == 0
    assert "unlocked" in capsys.readouterr().out
    assert login.authenticate("coordinator.demo", PASSWORD).role == "coordinator"
    assert run(seeded, "unlock", "coordinator.demo", "--link") == 0
    token = capsys.readouterr().out.split("set_password?token=")[1].strip()
    assert login.link_user(token).username == "coordinator.demo"
    assert run(seeded, "unlock", "nobody.here") == 1
    assert "no account" in capsys.readouterr().err
