"""Team stores: PostgreSQL stores on which each reviewer is a database role (``store.team``).

Setting one up is the database's business, not the audit log's: roles and privileges are
recorded in PostgreSQL's own catalogue, so ``init_team`` writes no event.
"""

from __future__ import annotations

from collections.abc import Sequence

from store import Store
from store.team import NotPostgres, Team, install, is_team, team_members
from workbench.access import maintaining, reading
from workbench.checks import check_unicode
from workbench.errors import InvalidInput


def init_team(*, store: Store, members: Sequence[str] = ()) -> Team:
    """Make ``store`` a team store (again) and let each of ``members``, existing roles, review in it.

    Raises:
        InvalidInput: a SQLite store, or a member who is no role of the database.
        StoreFailure: the session's role may not do it (only the store's owner may).
    """
    for position, member in enumerate(members, 1):
        check_unicode(member, f"member {position}")
    with maintaining(store) as connection:
        try:
            return install(connection, members)
        except (NotPostgres, ValueError) as e:
            raise InvalidInput(str(e)) from e


def team(store: Store) -> list[str] | None:
    """The members of a team store; ``None`` if the store is no team store."""
    with reading(store) as connection:
        return team_members(connection) if is_team(connection) else None
