"""Account page helpers: login, SSO, password forms."""
