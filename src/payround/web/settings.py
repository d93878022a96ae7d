"""The workbench's settings, from ``PAYROUND_*`` environment variables (pydantic-settings).

Outside ``dev`` the server refuses to start with a default secret or cookies that are not marked secure."""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from payround.errors import InputError

__all__ = ["DEV_SECRET", "WebSettings"]

DEV_SECRET = "dev-only-not-secret"


class WebSettings(BaseSettings):
    """How the workbench runs (``PAYROUND_ENV``, ``PAYROUND_SECRET_KEY``, ``PAYROUND_DATABASE_URL`` …)."""

    model_config = SettingsConfigDict(env_prefix="PAYROUND_", extra="ignore", frozen=True)

    env: Literal["dev", "test", "prod"] = "dev"
    secret_key: str = DEV_SECRET
    database_url: str = "sqlite:///payround.sqlite3"
    cookie_secure: bool = False
    session_hours: int = Field(default=12, ge=1, le=24 * 14)
    login_attempts: int = Field(default=5, ge=1, le=100)
    login_window_seconds: int = Field(default=300, ge=1)
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # Build missing take-home tables in the background (at start-up for the bundled years, and for an offer that
    # needs others); off, the pages say the tables are being prepared until something else builds them.
    takehome_prepare: bool = True

    @model_validator(mode="after")
    def _safe_outside_dev(self) -> WebSettings:
        if self.env == "prod":
            if self.secret_key == DEV_SECRET or len(self.secret_key) < 32:
                raise InputError(
                    "the workbench refuses to run in prod with the development secret key.",
                    place="PAYROUND_SECRET_KEY",
                    expected="at least 32 random characters",
                    hint="set PAYROUND_SECRET_KEY, e.g. to the output of `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`.",
                )
            if not self.cookie_secure:
                raise InputError(
                    "the workbench refuses to run in prod with cookies that may travel over plain HTTP.",
                    place="PAYROUND_COOKIE_SECURE",
                    expected="true (serve behind HTTPS)",
                )
        return self

    @staticmethod
    def random_secret() -> str:
        """A fresh secret key."""
        return secrets.token_urlsafe(48)
