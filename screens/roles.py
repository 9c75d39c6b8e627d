"""The role table: who may do what (the same table the services enforce)."""

import pandas as pd
import streamlit as st

from models.user import ROLES
from screens import _ui as ui
from services.core import permissions

st.title(ui.t("roles.title"))
st.write(ui.t("roles.intro"))

marks = {permissions.ALL: ui.t("roles.all"), permissions.OWN: ui.t("roles.own"), "": "—"}
rows = [
    {
        ui.t("roles.action"): ui.t(f"action.{row['action']}"),
        **{ui.t(f"role.{r}"): marks[row[r]] for r in ROLES},
    }
    for row in permissions.role_table()
]
ui.table(pd.DataFrame(rows), hide_index=True, width="stretch")
st.caption(ui.t("roles.participant"))
