"""Accounts: first run, login and lockout, account management."""
