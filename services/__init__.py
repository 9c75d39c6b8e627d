"""Use cases, computations, chart builders and the store. No Streamlit here."""
