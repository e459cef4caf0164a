"""Commands of the review desk: corrections, undo, notes, assignment, tags, cases and store settings.

``claim unlink|move|merge|assign|tag|untag``, ``undo``, ``note``, ``case add|put|drop``,
``cases`` and ``config``. Each change is one audited event, like every other.
"""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.app import app, case_app, claim_app, key_app, settings, team_app
from workbench.cli.options import JsonFlag, NoteOption, id_argument
from workbench.cli.output import count, emit, emit_json, table
from workbench.errors import WorkbenchError
from workbench.textsafe import one_line

CaseNameArgument = Annotated[str, typer.Argument(help="The case's name (any case).", show_default=False)]


@claim_app.command("unlink")
def claim_unlink(
    ctx: typer.Context,
    evidence_id: Annotated[int, id_argument("The evidence link to retract (see `show claim`).")],
    note: Annotated[str, typer.Option("--note", help="Why it is retracted: required, kept on record.")],
) -> None:
    """Retract an evidence link: kept on record (who, when, why), no longer evidence.

    A verified claim left with no support goes back to in_review.

    \b
    Example: workbench claim unlink 7 --note "the quote is about the 2021 delivery"
    """
    from workbench.corrections import retract_evidence

    s = settings(ctx)
    evidence = retract_evidence(store=s.store(), actor=s.reviewer, evidence_id=evidence_id, note=note)
    typer.echo(f"evidence {evidence.id} on claim {evidence.claim_id}: retracted")


@claim_app.command("move")
def claim_move(
    ctx: typer.Context,
    evidence_id: Annotated[int, id_argument("The evidence link to move.")],
    claim_id: Annotated[int, id_argument("The claim it belongs to.")],
    note: NoteOption = None,
) -> None:
    """Move an evidence link to another claim (it was linked to the wrong one).

    \b
    Example: workbench claim move 7 3 --note "about the helicopters, not the tanks"
    """
    from workbench.corrections import move_evidence

    s = settings(ctx)
    evidence = move_evidence(store=s.store(), actor=s.reviewer, evidence_id=evidence_id, claim_id=claim_id, note=note)
    typer.echo(f"evidence {evidence.id}: now on claim {evidence.claim_id}")


@claim_app.command("merge")
def claim_merge(
    ctx: typer.Context,
    from_id: Annotated[int, id_argument("The claim merged away (kept, rejected, pointing to the other).")],
    into_id: Annotated[int, id_argument("The claim that stays.")],
    note: NoteOption = None,
) -> None:
    """Merge one claim into another: its evidence, decided relations, tags and cases follow.

    \b
    Example: workbench claim merge 9 4 --note "the same delivery, worded twice"
    """
    from workbench.corrections import merge_claims

    s = settings(ctx)
    claim = merge_claims(store=s.store(), actor=s.reviewer, from_id=from_id, into_id=into_id, note=note)
    typer.echo(f"claim {from_id} merged into claim {claim.id} ({len(claim.evidence)} evidence links now)")


@claim_app.command("assign")
def claim_assign(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to look at.")],
    reviewer: Annotated[str | None, typer.Argument(help="Who should look at it; leave out with --nobody.")] = None,
    nobody: Annotated[bool, typer.Option("--nobody", help="Assign it to nobody.")] = False,
    note: NoteOption = None,
) -> None:
    """Ask a reviewer to look at a claim (it shows in their queue, `claims --mine`).

    \b
    Example: workbench claim assign 3 bob --note "you read Russian"
    """
    from workbench.desk import assign_claim

    if (reviewer is None) == (not nobody):
        raise typer.BadParameter("name a reviewer, or give --nobody")
    s = settings(ctx)
    claim = assign_claim(store=s.store(), actor=s.reviewer, claim_id=claim_id, reviewer=reviewer, note=note)
    typer.echo(f"claim {claim.id}: assigned to {one_line(claim.assigned_to or 'nobody')}")


@claim_app.command("tag")
def claim_tag(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim to tag.")],
    tags: Annotated[list[str], typer.Argument(help="One or more tags.", show_default=False)],
) -> None:
    """Put tags on a claim (filter with `claims --tag`).

    \b
    Example: workbench claim tag 3 casualties needs-translation
    """
    from workbench.desk import tag_claim

    s = settings(ctx)
    claim = tag_claim(store=s.store(), actor=s.reviewer, claim_id=claim_id, tags=tags)
    typer.echo(f"claim {claim.id}: {one_line(', '.join(claim.tags)) or 'no tags'}")


@claim_app.command("untag")
def claim_untag(
    ctx: typer.Context,
    claim_id: Annotated[int, id_argument("The claim.")],
    tags: Annotated[list[str], typer.Argument(help="The tags to take off.", show_default=False)],
) -> None:
    """Take tags off a claim.

    \b
    Example: workbench claim untag 3 needs-translation
    """
    from workbench.desk import tag_claim

    s = settings(ctx)
    claim = tag_claim(store=s.store(), actor=s.reviewer, claim_id=claim_id, remove=tags)
    typer.echo(f"claim {claim.id}: {one_line(', '.join(claim.tags)) or 'no tags'}")


@app.command("undo")
def undo_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Undo your own last action by a compensating audited event (events are never deleted).

    Refused when someone has changed the same thing since. Again undoes the action before.

    \b
    Example: workbench undo
    """
    from dataclasses import asdict

    from workbench.undo import undo

    s = settings(ctx)
    done = undo(store=s.store(), actor=s.reviewer)
    if as_json:
        emit_json(asdict(done))
    else:
        typer.echo(f"event #{done.undo_seq} {done.summary} ({done.entity} {done.entity_id})")


@app.command("note")
def note_(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="What the note is on: claim, evidence, claim_relation, source, …")],
    entity_id: Annotated[int, id_argument("Its id.")],
    text: Annotated[str, typer.Argument(help="The note.", show_default=False)],
) -> None:
    """Put a note on a claim, a link or a decision: why, in the audit trail and the reports.

    When your last action was on the same thing, the note says it is about that decision.

    \b
    Example: workbench note claim 3 "disputed: the video is from 2021"
    """
    from workbench.desk import add_note

    s = settings(ctx)
    event = add_note(store=s.store(), actor=s.reviewer, entity=entity, entity_id=entity_id, note=text)
    regarding = event.data.get("regarding")
    typer.echo(f"event #{event.seq}: note on {entity} {entity_id}" + (f" about #{regarding}" if regarding else ""))


@case_app.command("add")
def case_add(
    ctx: typer.Context,
    name: CaseNameArgument,
    note: Annotated[str | None, typer.Option("--note", help="What the case is about.")] = None,
) -> None:
    """Make a case: a named collection of sources and claims.

    \b
    Example: workbench case add "Mali deliveries" --note "Russian armour in Mali, 2022-"
    """
    from workbench.cases import add_case

    s = settings(ctx)
    case = add_case(store=s.store(), actor=s.reviewer, name=name, note=note)
    typer.echo(f"case {case.id}: {one_line(case.name)}")


SourceIds = Annotated[list[int] | None, typer.Option("--source", min=1, help="A source (repeat for more).")]
ClaimIds = Annotated[list[int] | None, typer.Option("--claim", min=1, help="A claim (repeat for more).")]


def _put(ctx: typer.Context, name: str, sources: list[int] | None, claims: list[int] | None, remove: bool) -> None:
    from workbench.cases import put

    s = settings(ctx)
    case = put(store=s.store(), actor=s.reviewer, name=name, sources=sources or (), claims=claims or (), remove=remove)
    typer.echo(f"case {one_line(case.name)}: {count(case.sources, 'source')}, {count(case.claims, 'claim')}")


@case_app.command("put")
def case_put(ctx: typer.Context, name: CaseNameArgument, source: SourceIds = None, claim: ClaimIds = None) -> None:
    """Put sources and claims in a case (a source or claim can be in several).

    \b
    Example: workbench case put "Mali deliveries" --source 1 --source 2 --claim 1
    """
    _put(ctx, name, source, claim, remove=False)


@case_app.command("drop")
def case_drop(ctx: typer.Context, name: CaseNameArgument, source: SourceIds = None, claim: ClaimIds = None) -> None:
    """Take sources and claims out of a case (they stay in the store).

    \b
    Example: workbench case drop "Mali deliveries" --source 2
    """
    _put(ctx, name, source, claim, remove=True)


@app.command("cases")
def cases_(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the cases with how many sources and claims each holds.

    \b
    Example: workbench cases
    """
    from dataclasses import asdict

    from workbench.cases import cases

    found = cases(settings(ctx).store())
    if as_json:
        emit_json([asdict(c) for c in found])
        return
    table(
        ["ID", "NAME", "SOURCES", "CLAIMS", "BY", "NOTE"],
        [[c.id, c.name, c.sources, c.claims, c.created_by, c.note or ""] for c in found],
    )


@app.command("config")
def config_(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A setting to change (leave out to list them).")] = None,
    value: Annotated[str | None, typer.Argument(help="Its new value.")] = None,
    note: NoteOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List the store's settings, or change one (audited).

    \b
    Example: workbench config four_eyes on --note "desk policy from today"
    """
    from dataclasses import asdict

    from workbench.settings import set_setting
    from workbench.settings import settings as store_settings

    s = settings(ctx)
    if name is not None:
        if value is None:
            raise typer.BadParameter(f"give the value for {name}")
        changed = set_setting(store=s.store(), actor=s.reviewer, name=name, to=value, note=note)
        typer.echo(f"{changed.name}: {changed.value}")
        return
    found = store_settings(s.store())
    if as_json:
        emit_json([asdict(f) for f in found])
        return
    for f in found:
        who = f" (set by {one_line(f.set_by)} at {f.set_at})" if f.set_by else " (default)"
        emit(f"{f.name} = {f.value}{who}: {f.help}")


@key_app.command("init")
def key_init(
    ctx: typer.Context,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace your key on record (the old one signs the new).")
    ] = False,
) -> None:
    """Make your signing key: kept in your key folder, its public half registered in the store.

    From then on every event you write is signed, and `audit verify` refuses one of yours that
    is not: a change made in SQL behind the workbench no longer passes as yours. The folder is
    WORKBENCH_SIGNING_KEYS, else ~/.config/claim-workbench/keys; back it up, and never share it.

    \b
    Example: workbench key init
    """
    from workbench.keyring import key_file
    from workbench.keys import init_key

    s = settings(ctx)
    made = init_key(store=s.store(), actor=s.reviewer, replace=replace)
    typer.echo(
        f"key {made.fingerprint} registered for {one_line(made.reviewer)}; private key in {key_file(made.reviewer)}"
    )


@key_app.command("list")
def key_list(
    ctx: typer.Context,
    trust: Annotated[bool, typer.Option("--trust", help="As a trust file: REVIEWER KEY, keys in force.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the reviewers' public keys on record.

    With --trust, the keys in force as a trust file: send it apart from bundles, and check them
    with `bundle verify --trust FILE`.

    \b
    Example: workbench key list --trust > desk.keys
    """
    from dataclasses import asdict

    from workbench.keys import keys

    found = keys(settings(ctx).store())
    if trust:
        for k in found:
            if k.in_force:
                emit(f"{one_line(k.reviewer).replace(' ', '_')} {k.public_key}")
        return
    if as_json:
        emit_json([asdict(k) for k in found])
        return
    table(
        ["REVIEWER", "KEY", "REGISTERED", "IN FORCE"],
        [[k.reviewer, k.fingerprint, k.created_at, "yes" if k.in_force else "no"] for k in found],
    )


@team_app.command("init")
def team_init(
    ctx: typer.Context,
    members: Annotated[list[str] | None, typer.Argument(help="Existing database roles to make reviewers.")] = None,
) -> None:
    """Make this PostgreSQL store a team store, and the roles named its reviewers (run by its owner).

    On a team store each reviewer acts as their database role and as no one else, and no row
    can change without an audit event of the same transaction naming it: a change made in psql
    is refused. Run it again after an upgrade, or to add reviewers.

    \b
    Example: workbench --db postgresql+psycopg://owner@db/desk team init ana bob
    """
    from workbench.team import init_team

    done = init_team(store=settings(ctx).store(), members=members or ())
    typer.echo(
        f"team store: {len(done.guarded)} tables guarded, owner {one_line(done.owner)}; "
        f"reviewers: {', '.join(one_line(m) for m in done.members) or 'none yet'}"
    )


@team_app.command("list")
def team_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the reviewers of a team store (the members of its team role).

    \b
    Example: workbench team list
    """
    from workbench.team import team

    found = team(settings(ctx).store())
    if found is None:
        raise WorkbenchError("this store is no team store; its owner can make it one with `workbench team init`")
    if as_json:
        emit_json(found)
        return
    for member in found:
        emit(one_line(member))
