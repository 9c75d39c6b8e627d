"""The app's own source files, each read and parsed once per test session: several unit tests
scan them with `ast` (the layers in test_architecture, the message keys in test_i18n), and
parsing every file again for each scan was a few seconds of the unit tier."""

from __future__ import annotations

import ast
import functools
import pathlib


@functools.cache
def text(path: pathlib.Path) -> str:
    """The file's text (UTF-8)."""
    return path.read_text(encoding="utf-8")


@functools.cache
def tree(path: pathlib.Path) -> ast.Module:
    """The file's syntax tree, shared by every test that scans it: read it, never change it."""
    return ast.parse(text(path), filename=str(path))


@functools.cache
def nodes(path: pathlib.Path) -> tuple[ast.AST, ...]:
    """Every node of the file's tree (`ast.walk`), walked once per session."""
    return tuple(ast.walk(tree(path)))
