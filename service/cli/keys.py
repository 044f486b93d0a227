"""`complaints keys create|list|revoke`: API keys for the service."""

from __future__ import annotations

import json

import click

from complaints.audit import record_event
from complaints.keys import ROLES, create_key, list_keys, revoke_key
from complaints.store import open_db
from service.cli import main


@main.group()
def keys() -> None:
    """Make, list and revoke API keys."""


@keys.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the key may do.")
@click.option("--name", default=None, help="Who or what the key is for.")
@click.pass_obj
def keys_create(settings, role, name) -> None:
    """Make a key; it is printed once, alone on the last line, and stored only as a hash."""
    db = open_db(settings.db)
    key = create_key(db, role, name)
    record_event(db, actor="cli", action="create_key", entity="api_key", detail={"role": role})
    click.echo(f"New {role} key{' for ' + name if name else ''}. It is shown only this once:", err=True)
    click.echo(key)


@keys.command("list")
@click.pass_obj
def keys_list(settings) -> None:
    """List keys (id, name, role, prefix, dates) as JSON lines."""
    for key in list_keys(open_db(settings.db)):
        click.echo(json.dumps(key))


@keys.command("revoke")
@click.argument("key_id", type=int)
@click.pass_obj
def keys_revoke(settings, key_id) -> None:
    """Revoke the key with this id."""
    db = open_db(settings.db)
    revoke_key(db, key_id)
    record_event(db, actor="cli", action="revoke_key", entity="api_key", entity_id=key_id)
    click.echo(f"revoked key {key_id}")
