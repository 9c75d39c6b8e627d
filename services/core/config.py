"""Settings: read from the environment, then Streamlit's secrets file (same names).

Where the data lives (`load_settings`), and how e-mail reminders go out (`mail_settings`).
The secrets file is read as TOML directly so that services/ never imports Streamlit.
"""

from __future__ import annotations

import os
import pathlib
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

SECRETS_FILE = pathlib.Path(".streamlit") / "secrets.toml"


@dataclass(frozen=True)
class Settings:
    mongodb_uri: str | None
    mongodb_db: str
    data_dir: pathlib.Path


def _secrets(path: pathlib.Path = SECRETS_FILE) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def _reader(env: Mapping[str, str] | None) -> Callable[..., str | None]:
    """`value(name, default)`: from `env` (default: os.environ), then the secrets file."""
    env = os.environ if env is None else env
    secrets = _secrets()

    def value(name: str, default: str | None = None) -> str | None:
        found = env.get(name) or secrets.get(name)
        # A TOML secret may be a number (a port): settings are text until parsed.
        return str(found) if found not in (None, "") else default

    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Settings from `env` (default: os.environ), falling back to .streamlit/secrets.toml."""
    value = _reader(env)
    return Settings(
        mongodb_uri=value("MONGODB_URI"),
        mongodb_db=value("MONGODB_DB", "atelier") or "atelier",
        data_dir=pathlib.Path(value("ATELIER_DATA_DIR", "data") or "data"),
    )


def cache_folder(env_name: str, name: str) -> pathlib.Path:
    """A folder for files the app can always make again (compiled catalogues, compressed
    static files), shared by the processes of one account on one machine: the environment
    variable `env_name`, else `atelier-<name>-<uid>` in the system's temporary folder."""
    found = os.environ.get(env_name)
    if found:
        return pathlib.Path(found)
    return pathlib.Path(tempfile.gettempdir()) / f"atelier-{name}-{os.getuid()}"


# --- e-mail reminders ----------------------------------------------------------------------------

TLS_MODES = ("none", "starttls", "ssl")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}
DEFAULT_BASE_URL = "http://localhost:8501"


class BadSetting(ValueError):
    """A setting that cannot be used; the message names the setting, never a secret's value."""


@dataclass(frozen=True)
class Smtp:
    """An SMTP server to send reminders through. The password never appears in a repr."""

    host: str
    port: int
    sender: str
    tls: str = "starttls"  # one of TLS_MODES
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Mail:
    """How reminders go out: `smtp` None means in-app reminders only. `base_url` starts the
    links into the app."""

    smtp: Smtp | None
    base_url: str = DEFAULT_BASE_URL


def mail_settings(env: Mapping[str, str] | None = None) -> Mail:
    """ATELIER_SMTP_HOST, _PORT, _SENDER, _TLS (none, starttls, ssl; default starttls), _USER,
    _PASSWORD and ATELIER_BASE_URL, from `env` (default: os.environ) or the secrets file.

    Without a host, no SMTP server (in-app reminders only). BadSetting for a host without a
    sender, an unknown TLS mode, a port that is not a number from 1 to 65535, a user without a
    password, or a base URL that is not http(s)."""
    value = _reader(env)
    base_url = (value("ATELIER_BASE_URL", DEFAULT_BASE_URL) or "").strip().rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise BadSetting("ATELIER_BASE_URL must start with http:// or https://")
    host = (value("ATELIER_SMTP_HOST") or "").strip() or None
    if host is None:
        return Mail(None, base_url)
    sender = (value("ATELIER_SMTP_SENDER") or "").strip() or None
    if sender is None or "@" not in sender:
        raise BadSetting("ATELIER_SMTP_SENDER (an e-mail address) is needed with a host")
    tls = (value("ATELIER_SMTP_TLS", "starttls") or "").strip().lower()
    if tls not in TLS_MODES:
        raise BadSetting("ATELIER_SMTP_TLS must be one of: " + ", ".join(TLS_MODES))
    port_text = (value("ATELIER_SMTP_PORT", str(DEFAULT_PORTS[tls])) or "").strip()
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise BadSetting("ATELIER_SMTP_PORT must be a number from 1 to 65535")
    user, password = value("ATELIER_SMTP_USER"), value("ATELIER_SMTP_PASSWORD")
    if user is not None and password is None:
        raise BadSetting("ATELIER_SMTP_PASSWORD must be set with ATELIER_SMTP_USER")
    return Mail(Smtp(host, int(port_text), sender, tls, user, password), base_url)
