"""Page scripts, run by app.py's st.navigation, and their shared helpers (_ui, _<area>)."""


def _run_through_app_py() -> None:
    """Make the first script run of a process start at app.py, like every later one.

    With a `pages/` folder next to app.py, Streamlit runs a process's first script run the old
    multipage way: every file here becomes a page and the requested URL's file runs alone,
    without app.py's login gate, and every later session too until app.py's st.navigation
    runs. That first run is where this package is first imported, so switch the old way off
    here and start the run again: this time through app.py.
    """
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - Streamlit is a requirement
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        import streamlit as st

        PagesManager.uses_pages_directory = False
        st.rerun()


_run_through_app_py()
