"""Every action name services write into the activity log has a label in English and French
(issue 18): people read "saved a section", never `save_section`.

The names are found in the source, not listed by hand: the literal given as `action` to the
writes of services/core/records.py (update, apply, log) and to the helpers that pass their own
`action` parameter on to them (with that parameter's default), the `"action"` of activity lines
built as dicts (the demo's), and a name given through a local variable of literals. An action
the scan cannot read (an expression) must be one of EXPRESSIONS, resolved here from its model.
"""

from __future__ import annotations

import ast
import functools
import pathlib
import typing

from models.reporting import ReviewCreate
from services.core import i18n

ROOT = pathlib.Path(__file__).resolve().parents[2]
WRITES = {"update", "apply", "log"}  # services/core/records.py; log takes it 5th
# Actions given as an expression, each with the values it takes.
EXPRESSIONS = {
    "data.decision": set(typing.get_args(ReviewCreate.model_fields["decision"].annotation)),
}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _literals(node: ast.AST | None) -> set[str] | None:
    """The strings an expression can be: a literal or a choice of literals (None: other)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        left, right = _literals(node.body), _literals(node.orelse)
        return left | right if left is not None and right is not None else None
    return None


def _action_arg(call: ast.Call, position: int | None) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == "action":
            return keyword.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _writers(trees: list[ast.Module]) -> dict[str, int | None]:
    """The functions whose `action` parameter goes into the log, by name: its position."""
    found: dict[str, int | None] = {"update": None, "apply": None, "log": 4}
    for tree in trees:
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            names = [a.arg for a in fn.args.args]
            keyword_only = [a.arg for a in fn.args.kwonlyargs]
            if "action" not in names + keyword_only or fn.name in {"require", "allowed", "scope"}:
                continue
            passes = any(
                isinstance(node, ast.Call)
                and _name(node) in WRITES
                and isinstance(_action_arg(node, found.get(_name(node))), ast.Name)
                and _action_arg(node, found.get(_name(node))).id == "action"
                for node in ast.walk(fn)
            ) or any(
                isinstance(node, ast.Dict)
                and any(
                    isinstance(k, ast.Constant)
                    and k.value == "action"
                    and isinstance(v, ast.Name)
                    and v.id == "action"
                    for k, v in zip(node.keys, node.values, strict=True)
                )
                for node in ast.walk(fn)
            )
            if passes:
                found[fn.name] = names.index("action") if "action" in names else None
    return found


def _calls_in(fn: ast.FunctionDef, writers: dict[str, int | None]) -> tuple[set[str], list[str]]:
    """The actions one function gives the writers: literals, or a local variable of literals
    (a parameter passes its caller's on: the caller is read instead)."""
    params = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    assigned: dict[str, set[str]] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, found = node.targets[0], _literals(node.value)
            if isinstance(target, ast.Name) and found is not None:
                assigned[target.id] = found
    names: set[str] = set()
    unread: list[str] = []
    for node in ast.walk(fn):
        if not isinstance(node, ast.Call) or _name(node) not in writers:
            continue
        arg = _action_arg(node, writers[_name(node)])
        found = _literals(arg) if arg is not None else set()
        if found is None and isinstance(arg, ast.Name):
            found = assigned.get(arg.id, set() if arg.id in params else None)
        if found is None:
            unread.append(ast.unparse(arg))
        else:
            names |= found
    return names, unread


@functools.cache  # two tests read it: the services are parsed once
def written_actions() -> tuple[frozenset[str], tuple[str, ...]]:
    """The action names the services write, and the expressions the scan could not read."""
    files = sorted((ROOT / "services").rglob("*.py"))
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in files]
    writers = _writers(trees)
    names: set[str] = set()
    unread: list[str] = []
    for tree in trees:
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef) and fn.name in writers:
                defaults = fn.args.defaults
                offset = len(fn.args.args) - len(defaults)
                pairs = list(zip(fn.args.args[offset:], defaults, strict=True))
                pairs += list(zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True))
                for arg, default in pairs:
                    if arg.arg == "action":
                        names |= _literals(default) or set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "action":
                        names |= _literals(value) or set()
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                found, missed = _calls_in(fn, writers)
                names |= found
                unread += missed
    return frozenset(names), tuple(unread)


def test_the_scan_finds_the_actions_written():
    names, _ = written_actions()
    # One of each way an action is written: a default, a literal, a helper's, a variable's,
    # a positional log line, a demo's activity dict.
    assert {"update", "create", "delete", "save_section", "record_meeting", "timer"} <= names
    assert {"reactivate", "deactivate", "unlocked", "result.record"} <= names


def test_every_action_written_has_a_label_in_both_languages():
    found, unread = written_actions()
    names = set(found)
    assert set(unread) <= set(EXPRESSIONS), f"actions the scan cannot read: {unread}"
    for expression in set(unread):
        names |= EXPRESSIONS[expression]
    missing = sorted(n for n in names if not i18n.has(f"activity.{n}"))
    assert not missing, f"activity labels missing: {missing}"
    for name in names:
        for lang in i18n.languages():
            text = i18n.catalogue(lang).messages[f"activity.{name}"]
            assert text.strip() and text != name, (name, lang)
            assert i18n.activity_label(name, lang) == text
    # No label for an action nobody writes (a renamed action leaves none behind).
    labelled = {
        k.removeprefix("activity.") for k in i18n.message_keys() if k.startswith("activity.")
    }
    labelled -= {"other"}
    assert labelled == names


def test_an_unknown_action_reads_as_a_change_never_as_its_name():
    assert i18n.activity_label("some_new_action", "en") == "changed something"
    assert i18n.activity_label("some_new_action", "fr") == "a modifié quelque chose"
