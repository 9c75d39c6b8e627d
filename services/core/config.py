"""Where the data lives: read once from the environment, then Streamlit's secrets file.

The secrets file is read as TOML directly so that services/ never imports Streamlit.
"""

from __future__ import annotations

import os
import pathlib
import tomllib
from dataclasses import dataclass

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


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from `env` (default: os.environ), falling back to .streamlit/secrets.toml."""
    env = os.environ if env is None else env
    secrets = _secrets()

    def value(name: str, default: str | None = None) -> str | None:
        return env.get(name) or secrets.get(name) or default

    return Settings(
        mongodb_uri=value("MONGODB_URI"),
        mongodb_db=value("MONGODB_DB", "atelier") or "atelier",
        data_dir=pathlib.Path(value("ATELIER_DATA_DIR", "data") or "data"),
    )
