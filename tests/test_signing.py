"""Signed events: a change made behind the workbench, covered by a recomputed event, no longer passes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from store import Store, audit, open_store
from store.audit import Change, EventDraft
from store.signing import public_key_text, sign
from tests.conftest import ARMOUR, Cli
from workbench.errors import InvalidInput


@pytest.fixture
def signed(sample_cli: Cli) -> Cli:
    out = sample_cli.ok("key", "init")
    assert out.startswith("key ") and "registered for ana" in out
    sample_cli.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    return sample_cli


def test_events_are_signed_by_their_author_and_verify(signed: Cli) -> None:
    run = signed("audit", "verify")
    assert run.code == 0 and run.stdout.startswith("chain ok: 4 events")
    assert "2 events unsigned" in run.stderr  # the imports, made before the key
    events = json.loads(signed.ok("audit", "log", "--json"))
    assert [e["action"] for e in events][-2:] == ["key.register", "claim.create"]
    [key] = json.loads(signed.ok("key", "list", "--json"))
    assert key["reviewer"] == "ana" and key["in_force"]
    assert "has a signing key on record" in signed("key", "init").stderr


def _forge(db_path: Path, *, signature: str | None) -> None:
    """Change a claim in SQL and append an event recomputed over it, as someone with the file would."""
    with open_store(db_path) as store, store.write() as connection:
        before = dict(connection.execute(text("SELECT * FROM claim WHERE id = 1")).mappings().one())
        connection.execute(text("UPDATE claim SET text = 'Nine tanks', version = version + 1 WHERE id = 1"))
        after = dict(connection.execute(text("SELECT * FROM claim WHERE id = 1")).mappings().one())
        connection.info["signer"] = None if signature is None else (lambda _actor, _hash: signature)
        draft = EventDraft(actor="ana", action="claim.edit", change=Change("claim", 1, before, after))
        audit.append(connection, [draft])


def test_an_edit_in_sql_with_a_recomputed_event_is_caught_as_unsigned(signed: Cli, db_path: Path) -> None:
    _forge(db_path, signature=None)
    run = signed("audit", "verify")
    assert run.code == 1 and "event #5 by ana is not signed" in run.stdout


def test_a_recomputed_event_signed_by_another_key_is_caught(signed: Cli, db_path: Path) -> None:
    other = Ed25519PrivateKey.generate()
    _forge(db_path, signature=sign(other, "00" * 32))
    run = signed("audit", "verify")
    assert run.code == 1 and "event #5: the signature is not ana's" in run.stdout


def test_nobody_can_put_their_key_in_a_signing_reviewer_s_name(signed: Cli, db_path: Path) -> None:
    """A second key.register for ana, signed by the intruder's own key, is not ana's: refused."""
    from store.signing import fingerprint, public_key_text

    intruder = Ed25519PrivateKey.generate()
    public = public_key_text(intruder)
    with open_store(db_path) as store, store.write() as connection:
        values = {"reviewer": "ana", "public_key": public, "fingerprint": fingerprint(public), "created_at": "x"}
        key_id = connection.execute(
            text("INSERT INTO reviewer_key (reviewer, public_key, fingerprint, created_at) "
                 "VALUES (:reviewer, :public_key, :fingerprint, :created_at) RETURNING id"), values
        ).scalar_one()  # fmt: skip
        connection.info["signer"] = lambda _actor, event_hash: sign(intruder, event_hash)
        draft = EventDraft(
            actor="ana", action="key.register", change=Change("reviewer_key", key_id, None, {"id": key_id, **values})
        )
        audit.append(connection, [draft])
    run = signed("audit", "verify")
    assert run.code == 1 and "the signature is not ana's" in run.stdout


def test_a_key_is_replaced_only_with_the_old_one_signing(signed: Cli) -> None:
    out = signed.ok("key", "init", "--replace")
    assert "registered for ana" in out
    signed.ok("claim", "set", "1", "--credibility", "2")
    assert signed("audit", "verify").code == 0
    keys = json.loads(signed.ok("key", "list", "--json"))
    assert [k["in_force"] for k in keys] == [False, True]


def test_a_reviewer_s_key_serves_every_store(signed: Cli, tmp_path: Path) -> None:
    second = Cli(tmp_path / "second.db")
    second.ok("init")
    assert "registered for ana" in second.ok("key", "init")
    assert (
        json.loads(second.ok("key", "list", "--json"))[0]["fingerprint"]
        == json.loads(signed.ok("key", "list", "--json"))[0]["fingerprint"]
    )


def _forged_bundle(folder: Path) -> None:
    """The article and the quote changed ("five" → "nine"), every hash and the manifest recomputed."""
    from tests.test_export import _relisted

    text = folder / "sources" / "1.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("at least five", "at least nine"), encoding="utf-8")
    lines = []
    for line in (folder / "claims.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("type") == "source" and record["id"] == 1:
            record["content_sha256"] = hashlib.sha256(text.read_bytes()).hexdigest()
        if record.get("type") == "claim":
            for evidence in record["evidence"]:
                evidence["quote"] = evidence["quote"].replace("five", "nine")
                for selector in evidence["selectors"]:
                    if "exact" in selector:
                        selector["exact"] = evidence["quote"]
        lines.append(json.dumps(record, ensure_ascii=False))
    (folder / "claims.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _relisted(folder)


def test_a_bundle_is_bound_to_its_trail_and_to_trusted_keys(cli: Cli, tmp_path: Path) -> None:
    signed = cli
    signed.ok("init")
    signed.ok("key", "init")  # before anything else: every event of the store is signed
    signed.ok("import", str(ARMOUR))
    signed.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    signed.ok("claim", "set", "1", "--status", "verified")
    signed.ok("export", "--format", "bundle", "-o", str(tmp_path / "b"))
    trust = tmp_path / "desk.keys"
    trust.write_text(signed.ok("key", "list", "--trust"), encoding="utf-8")
    assert trust.read_text(encoding="utf-8").startswith("ana ")
    run = signed("bundle", "verify", str(tmp_path / "b"), "--trust", str(trust))
    assert run.code == 0 and "signed by one of the 1 trusted keys" in run.stderr
    stranger = tmp_path / "stranger.keys"
    stranger.write_text(f"bob {public_key_text(Ed25519PrivateKey.generate())}\n", encoding="utf-8")
    run = signed("bundle", "verify", str(tmp_path / "b"), "--trust", str(stranger))
    assert run.code == 1 and "is not signed by a trusted key" in run.stderr
    _forged_bundle(tmp_path / "b")
    run = signed("bundle", "verify", str(tmp_path / "b"))
    assert run.code == 1 and "not what audit event" in run.stderr  # the quote disagrees with the trail
    assert "text is not the one audit event" in run.stderr


def test_a_reviewer_who_signs_cannot_write_unsigned_from_a_machine_without_their_key(
    signed: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_SIGNING_KEYS", str(tmp_path / "elsewhere"))
    before = signed.ok("audit", "log", "--json")
    run = signed("claim", "set", "1", "--credibility", "2")
    assert run.code == 1 and "whose private key is not on this machine" in run.stderr
    assert signed.ok("audit", "log", "--json") == before


def test_team_init_is_for_postgresql_stores(store: Store) -> None:
    from workbench.team import init_team

    with pytest.raises(InvalidInput, match="a team store is a PostgreSQL store"):
        init_team(store=store)


def test_a_signed_anchor_pins_the_history_up_to_it(signed: Cli, tmp_path: Path) -> None:
    anchor = tmp_path / "desk.anchor.json"
    assert "needs a signing key" in signed("audit", "anchor", "-o", str(tmp_path / "x.json"), reviewer="bob").stderr
    assert signed.ok("audit", "anchor", "-o", str(anchor)).startswith("anchored event #4")
    assert "never written over" in signed("audit", "anchor", "-o", str(anchor)).stderr
    signed.ok("claim", "add", "Two helicopters", "--source", "2", "--quote", "two helicopters", "--occurrence", "1")
    assert signed("audit", "verify", "--anchor", str(anchor)).code == 0  # later events are fine
    # the same reviewer's other store: its event #4 is another one, as in a chain rebuilt from scratch
    rebuilt = Cli(tmp_path / "rebuilt.db")
    rebuilt.ok("import", str(ARMOUR))
    rebuilt.ok("import", str(ARMOUR).replace("01-mali-armour-delivery", "02-afp-mali-helicopters"))
    rebuilt.ok("key", "init")
    rebuilt.ok("claim", "add", "Five tanks", "--source", "1", "--quote", "at least five T-72B3")
    run = rebuilt("audit", "verify", "--anchor", str(anchor))
    assert run.code == 1 and "event #4 is not the one anchored at" in run.stdout
    # an anchor altered to pin another event no longer carries its signature
    altered = tmp_path / "altered.json"
    altered.write_text(anchor.read_text(encoding="utf-8").replace('"seq": 4', '"seq": 3'), encoding="utf-8")
    run = signed("audit", "verify", "--anchor", str(altered))
    assert run.code == 1 and "not signed by the key it names" in run.stdout
    (tmp_path / "junk.json").write_text("[" * 100_000, encoding="utf-8")
    run = signed("audit", "verify", "--anchor", str(tmp_path / "junk.json"))
    assert run.code == 1 and run.stderr.count("\n") == 1 and "not an anchor file" in run.stderr
