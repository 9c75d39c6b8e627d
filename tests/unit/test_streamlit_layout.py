"""Streamlit runs a process's first request the old multipage way when a folder named "pages"
sits next to the main script (the requested file alone, without app.py's login gate). The page
scripts therefore live in another folder, and nothing reaches for Streamlit's private switch."""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PRIVATE = ("PagesManager", "pages_manager", "uses_pages_directory")


def test_no_folder_streamlit_treats_specially_next_to_app_py():
    assert not ROOT.joinpath("pages").exists(), "page scripts belong in screens, see the README"
    assert ROOT.joinpath("screens", "home.py").is_file()


def test_no_code_touches_streamlits_private_pages_switch():
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("screens", "services", "models", "tests", "bench")
        for path in ROOT.joinpath(folder).rglob("*.py")
        if path != pathlib.Path(__file__).resolve()
        and any(name in path.read_text(encoding="utf-8") for name in PRIVATE)
    ]
    if any(name in ROOT.joinpath("app.py").read_text(encoding="utf-8") for name in PRIVATE):
        offenders.append("app.py")
    assert not offenders, f"Streamlit's private pages switch used in: {offenders}"
