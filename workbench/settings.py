"""Store-wide settings (``workbench config``): what the desk agreed on, changed only by an audited action.

A setting lives in the store, not in one reviewer's environment, so that every member of a
team working on the same store is held to it. Each setting is declared here with its words
and its default; a store that never set it has the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from store import Store
from store.audit import Change, snapshot
from store.clock import now_iso
from workbench import journal
from workbench.access import reading, writing
from workbench.checks import check_note, one_of
from workbench.errors import InvalidInput
from workbench.sql import SETTING


@dataclass(frozen=True)
class SettingInfo:
    """A setting the store knows: its words, its default and what it does."""

    name: str
    values: tuple[str, ...]
    default: str
    help: str


#: Every setting, by name.
SETTINGS: Mapping[str, SettingInfo] = {
    "four_eyes": SettingInfo(
        "four_eyes",
        ("on", "off"),
        "off",
        "a claim is verified only by a reviewer other than its creator and its last editor",
    ),
}


@dataclass(frozen=True)
class SettingRead:
    """A setting's value in this store, and who set it when (``None``: the default)."""

    name: str
    value: str
    default: str
    help: str
    set_by: str | None = None
    set_at: str | None = None


def _info(name: str) -> SettingInfo:
    if name not in SETTINGS:
        raise InvalidInput(f"no setting {name!r}; the settings are {', '.join(sorted(SETTINGS))}")
    return SETTINGS[name]


def value(connection: Connection, name: str) -> str:
    """The setting's value in the store (its default if never set)."""
    found = connection.execute(select(SETTING.c.value).where(SETTING.c.name == name)).scalar()
    return found if found is not None else _info(name).default


def check_sign_off(connection: Connection, claim: Mapping[str, Any], actor: str) -> None:
    """Refuse ``verified`` from the claim's own creator or last editor while ``four_eyes`` is on.

    Raises:
        InvalidInput: the reviewer made or last worded the claim (the message says who may verify).
    """
    if value(connection, "four_eyes") != "on":
        return
    authors = {claim["created_by"], claim.get("edited_by") or claim["created_by"]}
    if actor.casefold() in {a.casefold() for a in authors}:  # "Ana" is ana
        who = " and ".join(sorted(authors))
        raise InvalidInput(
            f"four_eyes is on: claim {claim['id']} was made or last edited by {who}; another reviewer must verify it"
        )


def settings(store: Store) -> list[SettingRead]:
    """Every setting with its value in the store."""
    with reading(store) as connection:
        rows = {r.name: r for r in connection.execute(select(SETTING))}
    found = []
    for name, info in sorted(SETTINGS.items()):
        row = rows.get(name)
        found.append(
            SettingRead(
                name=name,
                value=row.value if row else info.default,
                default=info.default,
                help=info.help,
                set_by=row.set_by if row else None,
                set_at=row.set_at if row else None,
            )
        )
    return found


def set_setting(*, store: Store, actor: str, name: str, to: str, note: str | None = None) -> SettingRead:
    """Change a setting: one transaction, one ``config.set`` event (nothing when it already has that value).

    Raises:
        InvalidInput: an unknown setting or value.
    """
    info = _info(name)
    to = one_of(to, info.values, name)
    with writing(store, actor) as (connection, actor):
        row = connection.execute(select(SETTING).where(SETTING.c.name == name)).mappings().first()
        if (row["value"] if row else info.default) != to:
            values = {"name": name, "value": to, "set_by": actor, "set_at": now_iso()}
            if row is None:
                setting_id = connection.execute(insert(SETTING).values(**values).returning(SETTING.c.id)).scalar_one()
                change = Change("setting", setting_id, None, snapshot("setting", {"id": setting_id, **values}))
            else:
                connection.execute(update(SETTING).where(SETTING.c.id == row["id"]).values(**values))
                change = Change(
                    "setting", row["id"], snapshot("setting", row), journal.state(connection, "setting", row["id"])
                )
            journal.record(connection, actor=actor, action="config.set", change=change, note=check_note(note))
    return next(s for s in settings(store) if s.name == name)
