"""A page with only a title: the bench's yardstick for what any page costs (app.py's gate and
navigation included)."""

import streamlit as st

st.title("Atelier")
