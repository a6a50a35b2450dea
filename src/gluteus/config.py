"""Runtime settings: where the database lives, the default units, the web secret key, mail.

Settings come from ``GLUTEUS_*`` environment variables (a plain ``DATABASE_URL`` also selects
the database, e.g. PostgreSQL; ``GLUTEUS_DATABASE_URL`` wins when both are set). Nothing is
read or created at import time: call :func:`get_settings`; the data directory is created
when the database or the secret key is first used.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gluteus.domain.units import UnitSystem

APP_NAME = "gluteus"
SECRET_KEY_FILE = "secret_key"


def default_data_dir() -> Path:
    """The per-user data directory chosen by platformdirs (not created here)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_or_create_secret_key(directory: Path) -> str:
    """Read the secret key stored in the data directory, generating it on first run.

    Args:
        directory: Where the key file lives (created when missing).

    Returns:
        A URL-safe random key of 64 characters or more.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / SECRET_KEY_FILE
    if path.exists():
        key = path.read_text("utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(48)
    # Create with owner-only permissions; O_EXCL keeps a concurrent first run from clobbering.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text("utf-8").strip() or key
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


class Settings(BaseSettings):
    """Gluteus settings, read from ``GLUTEUS_*`` environment variables."""

    model_config = SettingsConfigDict(
        env_prefix="GLUTEUS_", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="per-user data directory: the SQLite database and the secret key",
    )
    database_url: str = Field(
        default="",
        validation_alias=AliasChoices("GLUTEUS_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy URL; SQLite file gluteus.db in data_dir when empty",
    )
    units: UnitSystem = Field(
        default=UnitSystem.METRIC, description="default units when the user has set none"
    )
    secret_key: str | None = Field(
        default=None,
        min_length=16,
        description="signs web sessions; generated on first use and kept in data_dir when unset",
    )

    public_url: str = Field(
        default="",
        description="the address people open this Gluteus at, e.g. https://gluteus.example.org; "
        "links in e-mail start with it (never with the Host header a request claims)",
    )
    smtp_host: str = Field(
        default="", description="mail server for password-reset links; no e-mail when empty"
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="the mail server's port")
    smtp_user: str = Field(default="", description="user name at the mail server, if it asks")
    smtp_password: str = Field(default="", repr=False, description="password for smtp_user")
    smtp_from: str = Field(
        default="", description="sender address of the mail; smtp_user when empty"
    )
    smtp_starttls: bool = Field(
        default=False, description="switch the connection to TLS (STARTTLS) before signing in"
    )

    @property
    def mail_configured(self) -> bool:
        """Whether Gluteus can send mail with links back to itself (SMTP and public URL set)."""
        return bool(self.smtp_host and self.public_url and (self.smtp_from or self.smtp_user))

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the psycopg 3 driver.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value.removeprefix(prefix)
        return value

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'gluteus.db'}"
        return self

    def resolved_secret_key(self) -> str:
        """The configured secret key, or the one stored in ``data_dir`` (created on first run)."""
        return self.secret_key or load_or_create_secret_key(self.data_dir)


def get_settings() -> Settings:
    """Settings from the current environment (read afresh on every call)."""
    return Settings()
