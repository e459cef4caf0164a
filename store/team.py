"""A PostgreSQL store shared by a team: each reviewer is a database role, and acts only as that role.

On SQLite whoever can write the file can write anything as anyone; what tells reviewers apart
there is their signatures (``store.signing``). PostgreSQL can do more, and a team store does:

- **Who acts is who logged in.** Every audit event's actor must be the session's role
  (``session_user``): a trigger refuses any other, so ``--reviewer`` cannot impersonate.
- **No change without its event.** A reviewer's role may insert, update and delete the audited
  tables (the workbench does, as that role), but every row it changes must be named by an audit
  event of the same transaction: a deferred trigger refuses the commit otherwise. A row changed
  in ``psql`` is refused; the only way to change one is to record the change in the chain, in
  one's own name, where ``audit verify`` checks it (its hash, its signature, the row's state).
- **The log stays append-only** (revision 0001's triggers), and reviewers may only read and
  append to it and to its index of rows (``audit_event_row``); ``row_change``, which triggers
  fill, they may only read. Derived tables (the retrieval index, facts, embeddings) are rebuildable and
  open to them.

The bookkeeping lives in ``workbench_pending``, a table no reviewer can read or write; the
trigger functions that fill it run as its owner (``SECURITY DEFINER``). ``install`` is run by
the store's owner, once, and again after an upgrade: a table an upgrade adds is closed to
reviewers (no privilege on it) until it has its guard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, inspect, text

from store.models import AUDITED, table

#: The group role every reviewer of a team store is a member of.
TEAM_ROLE = "workbench_team"
#: The owner-only table that pairs each change with its event, transaction by transaction.
PENDING = "workbench_pending"
#: Tables a reviewer may only read (and the log, append to).
_READ_ONLY = {"alembic_version", PENDING, "row_change"}
#: Tables a reviewer may read and append to, never change: the log and its index of rows.
_APPEND_ONLY = {"audit_event", "audit_event_row"}

_FUNCTIONS = f"""
CREATE TABLE IF NOT EXISTS {PENDING} (
    xact xid8 NOT NULL,
    entity text NOT NULL,
    id bigint NOT NULL,
    changed boolean NOT NULL DEFAULT false,
    covered boolean NOT NULL DEFAULT false,
    PRIMARY KEY (xact, entity, id)
);
REVOKE ALL ON {PENDING} FROM PUBLIC;

CREATE OR REPLACE FUNCTION workbench_note_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    row_id bigint;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
        RETURN NULL;  -- written back as it was: nothing changed, nothing to record
    END IF;
    IF TG_OP = 'DELETE' THEN row_id := OLD.id; ELSE row_id := NEW.id; END IF;
    INSERT INTO {PENDING} (xact, entity, id, changed) VALUES (pg_current_xact_id(), TG_ARGV[0], row_id, true)
    ON CONFLICT (xact, entity, id) DO UPDATE SET changed = true;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION workbench_note_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    related jsonb;
BEGIN
    IF NEW.actor IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'workbench: % may not act as %: on a team store each reviewer acts as their own role',
            session_user, NEW.actor USING ERRCODE = '42501';
    END IF;
    IF NEW.entity IS NOT NULL AND NEW.entity_id IS NOT NULL THEN
        INSERT INTO {PENDING} (xact, entity, id, covered) VALUES (pg_current_xact_id(), NEW.entity, NEW.entity_id, true)
        ON CONFLICT (xact, entity, id) DO UPDATE SET covered = true;
    END IF;
    FOR related IN SELECT * FROM jsonb_array_elements(COALESCE(NEW.data::jsonb -> 'related', '[]'::jsonb)) LOOP
        IF related ->> 'entity' IS NOT NULL AND related ->> 'id' IS NOT NULL THEN
            INSERT INTO {PENDING} (xact, entity, id, covered)
            VALUES (pg_current_xact_id(), related ->> 'entity', (related ->> 'id')::bigint, true)
            ON CONFLICT (xact, entity, id) DO UPDATE SET covered = true;
        END IF;
    END LOOP;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION workbench_check_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    mark {PENDING}%ROWTYPE;
BEGIN
    DELETE FROM {PENDING} WHERE xact = NEW.xact AND entity = NEW.entity AND id = NEW.id RETURNING * INTO mark;
    IF FOUND AND mark.changed AND NOT mark.covered THEN
        RAISE EXCEPTION 'workbench: % % was changed without an audit event naming it; nothing was written',
            NEW.entity, NEW.id USING ERRCODE = '42501';
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS workbench_check_change ON {PENDING};
CREATE CONSTRAINT TRIGGER workbench_check_change AFTER INSERT ON {PENDING}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION workbench_check_change();
DROP TRIGGER IF EXISTS workbench_note_event ON audit_event;
CREATE TRIGGER workbench_note_event BEFORE INSERT ON audit_event
    FOR EACH ROW EXECUTE FUNCTION workbench_note_event();
"""


@dataclass(frozen=True)
class Team:
    """A team store as ``install`` left it: its guarded tables and its members."""

    owner: str
    guarded: list[str]
    members: list[str]


class NotPostgres(ValueError):
    """Only a PostgreSQL store has roles to tell reviewers apart."""


def is_team(connection: Connection) -> bool:
    """Whether the store is a team store (``install`` was run on it)."""
    if connection.dialect.name != "postgresql":
        return False
    found = "SELECT count(*) FROM pg_trigger WHERE tgname = 'workbench_note_event' AND NOT tgisinternal"
    return bool(connection.exec_driver_sql(found).scalar())


def session_role(connection: Connection) -> str:
    """The role the session logged in as: who acts, on a team store."""
    return str(connection.exec_driver_sql("SELECT session_user").scalar())


def install(connection: Connection, members: Sequence[str] = ()) -> Team:
    """Make the store a team store (again), and let each of ``members`` (existing roles) review in it.

    Idempotent: run it again after an upgrade, or to add members. Run by the store's owner.

    Raises:
        NotPostgres: the store is SQLite.
    """
    if connection.dialect.name != "postgresql":
        raise NotPostgres(
            "a team store is a PostgreSQL store: on SQLite anyone who can write the file can write as "
            "anyone, and signatures (`workbench key init`) are what tell reviewers apart"
        )
    me = session_role(connection)
    owner = connection.exec_driver_sql(
        "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event' AND schemaname = current_schema()"
    ).scalar()
    superuser = connection.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = session_user").scalar()
    if owner != me and not superuser:
        raise ValueError(f"only the store's owner ({owner}) can make it a team store or add reviewers; you are {me}")
    connection.exec_driver_sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{TEAM_ROLE}') "
        f"THEN CREATE ROLE {TEAM_ROLE} NOLOGIN; END IF; END $$"
    )
    connection.exec_driver_sql(_FUNCTIONS.replace("%", "%%"))  # no parameters: a "%" is itself
    guarded = []
    for entity, model in AUDITED.items():
        name = table(model).name
        trigger = f"workbench_note_change_{name}"
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS {trigger} ON "{name}"')
        connection.exec_driver_sql(
            f'CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON "{name}" '
            f"FOR EACH ROW EXECUTE FUNCTION workbench_note_change('{entity}')"
        )
        guarded.append(name)
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {TEAM_ROLE}")
    for name in inspect(connection).get_table_names():
        if name in _READ_ONLY:
            privileges = "SELECT" if name != PENDING else ""
        elif name in _APPEND_ONLY:
            privileges = "SELECT, INSERT"
        else:
            privileges = "SELECT, INSERT, UPDATE, DELETE"
        connection.exec_driver_sql(f'REVOKE ALL ON "{name}" FROM {TEAM_ROLE}')
        if privileges:
            connection.exec_driver_sql(f'GRANT {privileges} ON "{name}" TO {TEAM_ROLE}')
    connection.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {TEAM_ROLE}")
    for member in members:
        connection.execute(text(f'GRANT {TEAM_ROLE} TO "{_role(connection, member)}"'))
    return Team(me, guarded, team_members(connection))


def _role(connection: Connection, name: str) -> str:
    """``name`` if it is an existing role (so it can be quoted into a GRANT safely)."""
    found = connection.execute(text("SELECT rolname FROM pg_roles WHERE rolname = :name"), {"name": name}).scalar()
    if found is None:
        raise ValueError(f"no database role {name!r}: create it first (CREATE ROLE {name} LOGIN)")
    return str(found).replace('"', '""')


def team_members(connection: Connection) -> list[str]:
    """The roles that are members of the team role."""
    query = text(
        "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid "
        "JOIN pg_roles m ON m.oid = a.member WHERE r.rolname = :team ORDER BY m.rolname"
    )
    return [str(name) for name in connection.execute(query, {"team": TEAM_ROLE}).scalars()]
