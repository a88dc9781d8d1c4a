"""Declarative base, naming convention, shared column types and the append-only guard."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC on the way in and out, on SQLite (which stores naive text) too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC timestamp is required")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def enum_column(enum_cls: type[enum.StrEnum], length: int = 32) -> sa.Enum:
    """A StrEnum stored as its values in a VARCHAR with a named CHECK constraint."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        name=enum_cls.__name__.lower(),
    )


intpk = Annotated[int, mapped_column(primary_key=True)]
# Ids are INTEGER on both databases: a larger number can only be a miss, never a row.
MAX_ID = 2**31 - 1
created_at_col = Annotated[dt.datetime, mapped_column(UTCDateTime(), default=utcnow)]
str200 = Annotated[str, mapped_column(sa.String(200))]
str500 = Annotated[str, mapped_column(sa.String(500))]


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}

    def __repr__(self) -> str:
        label = next(
            (
                getattr(self, n)
                for n in ("title", "name", "email", "label", "status")
                if hasattr(self, n)
            ),
            None,
        )
        return f"<{type(self).__name__} id={getattr(self, 'id', None)} {label!r}>"


class AppendOnly:
    """Marker for history tables: rows are inserted, never updated or deleted (ORM guard here,
    database triggers in the migrations)."""

    append_only_mutable_columns: tuple[str, ...] = ()


class AppendOnlyViolation(Exception):
    pass
