"""Page scripts, run by app.py's st.navigation, and their shared helpers (_ui, _<area>)."""
