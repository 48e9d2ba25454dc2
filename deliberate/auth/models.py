"""Accounts: users with one role each, API tokens and the sign-in attempts log."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from pypinyin import Style, lazy_pinyin
from sqlalchemy import Boolean, CheckConstraint, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from deliberate.core.permissions import DIRECTORY_KEEPERS, Role
from deliberate.core.types import UTCDateTime, utcnow
from deliberate.extensions import db

if TYPE_CHECKING:
    from deliberate.directory.models import MemberProfile, Unit


def new_session_token() -> str:
    return secrets.token_hex(8)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # A unit's staff always belong to a unit; nobody else does.
        CheckConstraint(
            "(role = 'unit_staff' AND unit_id IS NOT NULL) OR "
            "(role <> 'unit_staff' AND unit_id IS NULL)",
            name="unit_staff_has_unit",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    # Full pinyin and initials of the display name, for pickers ("zyw" finds 张雅文).
    name_pinyin: Mapped[str] = mapped_column(String(200), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(64), default="", index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, create_constraint=True,
             validate_strings=True, name="role"),
        index=True,
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Part of the login cookie: rotating it signs the user out everywhere.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship("Unit", back_populates="staff")
    profile: Mapped[MemberProfile | None] = relationship(
        "MemberProfile", back_populates="user", uselist=False
    )

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"

    @validates("display_name")
    def _set_pinyin(self, _key: str, value: str) -> str:
        syllables = lazy_pinyin(value or "", errors="ignore")
        self.name_pinyin = "".join(syllables)[:200]
        self.name_initials = "".join(
            lazy_pinyin(value or "", style=Style.FIRST_LETTER, errors="ignore")
        )[:64]
        return value

    # Flask-Login: the cookie carries the token so a password change or logout ends it.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def rotate_session(self) -> None:
        self.session_token = new_session_token()

    @property
    def role_label(self) -> str:
        return self.role.label

    # -- permissions --------------------------------------------------------------------
    def can_manage_directory(self) -> bool:
        return self.is_active and self.role in DIRECTORY_KEEPERS

    def can_manage_accounts(self) -> bool:
        return self.is_active and self.role in DIRECTORY_KEEPERS


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    # Only a hash is kept; the token itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class LoginAttempt(db.Model):
    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
