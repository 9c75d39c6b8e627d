"""Command line: `python -m services.cli <command>` (seed-demo, create-user, unlock, export,
import, check, send-reminders, panel).

Exit codes: 0 done, 1 refused or failed (the reason is printed on stderr), 2 bad usage.
The store is the one the app would use (MONGODB_URI, ATELIER_DATA_DIR, secrets file).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import secrets
import sys
from collections.abc import Callable

import pydantic

from models.user import ROLES, UserCreate
from services import wiring
from services.accounts import accounts
from services.core import collections, config, i18n, records, store
from services.core.errors import AtelierError, InvalidInput
from services.dashboard import headless
from services.demo import seed as demo
from services.reporting import reminders
from services.transfer import archive as transfer
from services.transfer import cells


class Failed(Exception):
    """A clear reason to stop, printed as is."""


def _seed_demo(args: argparse.Namespace) -> None:
    if args.cities < 1:
        raise Failed("--cities must be at least 1")
    try:
        result = demo.seed(args.cities, reset=args.reset, password=args.password)
    except ValueError as exc:
        raise Failed(str(exc)) from None
    print(f"Demo network {result.network_id!r} written:")
    for coll, count in sorted(result.counts.items()):
        print(f"  {coll}: {count}")
    print(f"Demo accounts: {len(result.usernames)} (e.g. {', '.join(result.usernames[:3])})")
    print(f"Demo password (all demo accounts): {result.password}")


def _create_user(args: argparse.Namespace) -> None:
    generated = args.password is None
    password = secrets.token_urlsafe(12) if generated else args.password
    try:
        data = UserCreate(
            username=args.username,
            display_name=args.name,
            role=args.role,
            city_ids=args.city or [],
        )
        user = accounts.create_user(None, data, password, must_change=generated or args.must_change)
    except pydantic.ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in e['loc']) or '-'}: {e['msg']}" for e in exc.errors()]
        raise Failed("invalid account:\n  " + "\n  ".join(lines)) from None
    except InvalidInput as exc:
        params = {k: v for k, v in exc.params.items() if k != "field"}
        raise Failed(f"invalid {exc.field}: {i18n.t(exc.key, **params)}") from None
    except AtelierError as exc:
        if exc.key == "error.not_found":
            raise Failed("no network yet: run seed-demo, or set up Atelier in the app") from None
        raise Failed(f"refused: {i18n.t(exc.key, **exc.params)}") from None
    print(f"Account {user.username!r} created ({user.role}, id {user.id}).")
    if generated:
        print(f"Password (shown once, to be changed at first login): {password}")


def _unlock(args: argparse.Namespace) -> None:
    # The way back for a locked-out administrator that no one guessing passwords can block:
    # it needs access to the server, not a login.
    user = accounts.user_by_username(args.username)
    if user is None:
        raise Failed(f"no account {args.username!r}")
    accounts.unlock(None, user)
    print(f"Account {user.username!r} unlocked: it can log in again now.")
    if args.link:
        _, token = accounts.issue_link(None, user)
        print("One-time set-password link (valid 72 hours; the old password no longer works):")
        print(f"  <app address>/set_password?token={token}")


def _export(args: argparse.Namespace) -> None:
    text, counts = transfer.export(store.get())
    out = pathlib.Path(args.out)
    try:
        _write_private(out, text)
    except OSError as exc:
        raise Failed(f"cannot write {out}: {exc.strerror}") from None
    total = sum(counts.values())
    print(f"Exported {total} documents from {len(counts)} collections to {out}:")
    for coll, count in sorted(counts.items()):
        print(f"  {coll}: {count}")


def _write_private(path: pathlib.Path, text: str) -> None:
    """Write `text` to `path`, readable and writable by its owner only (0600), even when the
    file existed with wider permissions: it holds password hashes."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps its mode through open(): narrow it first
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            fd = -1
            out.write(text)
    finally:
        if fd != -1:
            os.close(fd)


def _import(args: argparse.Namespace) -> None:
    path = pathlib.Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Failed(f"cannot read {path}: {exc}") from None
    try:
        result = transfer.import_text(store.get(), text, replace=args.replace)
    except transfer.ImportRefused as exc:
        shown = exc.problems[:50]
        more = len(exc.problems) - len(shown)
        lines = "\n  ".join(shown) + (f"\n  ... and {more} more" if more > 0 else "")
        raise Failed(f"import refused, nothing was written:\n  {lines}") from None
    except transfer.ImportFailed as exc:
        raise Failed(f"import failed: {exc}") from None
    verb = "Replaced the store with" if result.replaced else "Imported"
    print(f"{verb} {sum(result.counts.values())} documents from {path}:")
    for coll, count in sorted(result.counts.items()):
        print(f"  {coll}: {count}")


def _check(args: argparse.Namespace) -> None:
    db = store.get()
    print(f"Store reached: {db.ping()}")
    for coll in db.collection_names():
        print(f"  {coll}: {db.count(coll)}")
    unlogged = records.unlogged_writes()
    if not unlogged:
        print("Activity log: every write has its line.")
        return
    print(f"Activity log: {len(unlogged)} writes have no line:")
    for item in unlogged[:50]:
        doc = item["document"]
        print(f"  {item['collection']} {doc['_id']} (line {doc['last_activity']})")
    if len(unlogged) > 50:
        print(f"  ... and {len(unlogged) - 50} more")
    if not args.repair:
        raise Failed("the activity log misses lines: run `check --repair` to write them")
    print(f"Repaired: wrote {records.repair_unlogged(unlogged)} lines (marked repaired).")


def _send_reminders(_args: argparse.Namespace) -> None:
    try:
        settings = config.mail_settings()
    except config.BadSetting as exc:
        raise Failed(f"e-mail reminders are not set up right: {exc}") from None
    outcome = reminders.send_reminders(None, settings=settings)
    if outcome.off:
        print("No SMTP server set (ATELIER_SMTP_HOST): nothing sent, in-app reminders only.")
        return
    print(
        f"Reminders: {outcome.sent} sent, {outcome.skipped} already sent today, "
        f"{outcome.failed} failed, {outcome.nothing_due} with nothing due."
    )
    if outcome.failed:
        for line in outcome.errors[:50]:
            print(f"  {line}", file=sys.stderr)
        raise Failed(f"{outcome.failed} reminders could not be sent (they may be sent later today)")


def _network_id(wanted: str | None) -> str:
    # The network named, or the store's only one.
    ids = [n["_id"] for n in store.get().find(collections.NETWORKS, {}, projection={"_id": 1})]
    if wanted is not None:
        if wanted not in ids:
            raise Failed(
                f"no network {wanted!r} in the store (it holds: {', '.join(ids) or 'none'})"
            )
        return wanted
    if len(ids) != 1:
        found = ", ".join(ids) if ids else "none"
        raise Failed(f"the store holds {len(ids)} networks ({found}): name one with --network")
    return ids[0]


def _panel(args: argparse.Namespace) -> None:
    network_id = _network_id(args.network)
    try:
        found = headless.tables(network_id, args.name, args.lang)
    except KeyError:
        raise Failed(f"no panel {args.name!r}; one of: {', '.join(headless.names())}") from None
    texts = []
    for table in found:
        frame = table.frame.astype(object).where(table.frame.notna(), None)
        columns = [str(c) for c in frame.columns]
        rows = [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]
        texts.append((table, cells.csv_text(columns, rows)))
        print(f"{table.key}: {table.caption}", file=sys.stderr)
    if args.out is None:
        sys.stdout.write("\n".join(text for _, text in texts))
        return
    out = pathlib.Path(args.out)
    if len(texts) == 1 and out.suffix:
        out.write_text(texts[0][1], encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
        return
    out.mkdir(parents=True, exist_ok=True)
    for table, text in texts:
        (out / f"{table.key}.csv").write_text(text, encoding="utf-8")
        print(f"wrote {out / f'{table.key}.csv'}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per task)."""
    main = argparse.ArgumentParser(prog="python -m services.cli", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True, metavar="command")

    seed = commands.add_parser("seed-demo", help="write the demo network")
    seed.add_argument("--cities", type=int, default=12, help="number of cities (default 12)")
    seed.add_argument("--reset", action="store_true", help="replace what the store holds")
    seed.add_argument("--password", help="password of every demo account (default: random)")
    seed.set_defaults(run=_seed_demo)

    user = commands.add_parser("create-user", help="create an account")
    user.add_argument("--username", required=True)
    user.add_argument("--name", required=True, help="display name")
    user.add_argument("--role", required=True, choices=ROLES)
    user.add_argument("--city", action="append", metavar="ID", help="a city id (repeatable)")
    user.add_argument("--password", help="default: a generated one, printed once")
    user.add_argument(
        "--must-change",
        action="store_true",
        help="ask for a new password at first login (always so for a generated one)",
    )
    user.set_defaults(run=_create_user)

    unlock = commands.add_parser("unlock", help="end an account's lockout after failed logins")
    unlock.add_argument("username", metavar="USERNAME")
    unlock.add_argument(
        "--link",
        action="store_true",
        help="also replace the password by a one-time set-password link (printed once), which"
        " logs the person in even while someone keeps guessing their password",
    )
    unlock.set_defaults(run=_unlock)

    export_help = (
        "write every collection to a JSON file; it contains secrets (password hashes) "
        "and is created readable by its owner only (0600)"
    )
    out = commands.add_parser("export", help=export_help, description=export_help)
    out.add_argument(
        "--out", required=True, metavar="FILE", help="the file (holds secrets: keep it private)"
    )
    out.set_defaults(run=_export)

    imp = commands.add_parser(
        "import", help="load an export file (everything is checked before anything is written)"
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="replace a non-empty store: it ends with its old data or the new, never a mix",
    )
    imp.set_defaults(run=_import)

    check = commands.add_parser(
        "check", help="can the store be reached? does every write have its activity line?"
    )
    check.add_argument(
        "--repair", action="store_true", help="write the missing activity lines (marked repaired)"
    )
    check.set_defaults(run=_check)

    remind = commands.add_parser(
        "send-reminders",
        help="e-mail each person what is due for them today (at most one message a day; for a"
        " daily cron job)",
    )
    remind.set_defaults(run=_send_reminders)

    panel_help = (
        "write a dashboard panel's table as CSV, as the page's download holds it (every city of"
        " the network, today; the caption goes to stderr)"
    )
    panel = commands.add_parser("panel", help=panel_help, description=panel_help)
    panel.add_argument(
        "name",
        metavar="NAME",
        help="a view (stages, experiments, engagement, plans, methods, attention) or a panel's"
        " key (compliance, mood, ...)",
    )
    panel.add_argument("--lang", default="en", choices=i18n.languages(), help="default: en")
    panel.add_argument("--network", metavar="ID", help="default: the store's only network")
    panel.add_argument(
        "--out",
        metavar="FILE",
        help="a file (one panel), or a folder (one NAME.csv per panel); default: stdout",
    )
    panel.set_defaults(run=_panel)
    return main


def main(argv: list[str] | None = None, db: store.Store | None = None) -> int:
    """Run one command on `db` (default: the configured store); returns the exit code."""
    wiring.install()
    args = parser().parse_args(argv)
    run: Callable[[argparse.Namespace], None] = args.run
    opened = None
    try:
        if db is None:
            db = opened = store.Store.from_settings(config.load_settings())
        recovered = db.recover()
        if recovered:
            print(f"note: {recovered}", file=sys.stderr)
        with store.using(db):
            run(args)
    except (store.StoreUnavailable, Failed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if opened is not None:
            opened.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
