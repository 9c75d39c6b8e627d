"""Download buttons for the plan as Markdown, DOCX and PDF (built only when clicked)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from screens import _ui as ui
from services.plans import document as export

_ICONS = {
    "md": ":material/description:",
    "docx": ":material/article:",
    "pdf": ":material/picture_as_pdf:",
}


def export_buttons(
    plan: Any, city: Any, lang: str, currency: str | None = None, origins: Any = None
) -> None:
    """Three download buttons (keys "plan.export.<fmt>") for the enabled sections in `lang`,
    costs in the network's `currency`, promoted items naming their workshop (`origins`)."""
    st.caption(ui.t("export.buttons_help"))
    columns = st.columns(len(export.FORMATS))
    for column, (fmt, (mime, _ext)) in zip(columns, export.FORMATS.items(), strict=True):
        with column:
            st.download_button(
                ui.t(f"export.button.{fmt}"),
                # A callable: the file is built on click only, not on every rerun.
                data=lambda fmt=fmt: export.render(fmt, plan, city.name, lang, currency, origins),
                file_name=export.file_name(city.name, fmt, lang),
                mime=mime,
                on_click="ignore",
                icon=_ICONS[fmt],
                key=f"plan.export.{fmt}",
                width="stretch",
            )
