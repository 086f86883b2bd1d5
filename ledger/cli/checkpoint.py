"""Signed checkpoints of the ledger's head: keygen, sign, verify (offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ledger.cli import state
from ledger.cli.app import app

checkpoint_app = typer.Typer(
    help="Signed checkpoints of the ledger's head: keygen, sign, verify.", no_args_is_help=True
)
app.add_typer(checkpoint_app, name="checkpoint")

PublicKey = Annotated[
    Path, typer.Option("--public", help="The public key file (PEM) to check signatures with.")
]


@checkpoint_app.command("keygen")
def keygen(
    key: Annotated[Path, typer.Option("--key", help="Where to write the private key (PEM).")],
    public: Annotated[Path, typer.Option("--public", help="Where to write the public key.")],
) -> None:
    """Make an Ed25519 signing key pair: keep the private key secret, publish the public one.

    Example: ledger checkpoint keygen --key ~/.ledger/desk.key --public desk.pub
    """
    from ledger.audit import checkpoints

    fingerprint = checkpoints.keygen(key, public)
    typer.echo(f"key {fingerprint}: private {key} (keep it secret), public {public} (publish it)")


@checkpoint_app.command("sign")
def sign(
    key: Annotated[Path, typer.Option("--key", help="The private key file (PEM).")],
    origin: Annotated[
        str, typer.Option("--origin", help="The ledger's public name, such as the desk's domain.")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The file to write (default: stdout).")
    ] = None,
) -> None:
    """Sign the ledger's head now: publish the checkpoint, verify the ledger against it later.

    Example: ledger checkpoint sign --key ~/.ledger/desk.key --origin checks.example.org
    -o checkpoints/2026-11-25.txt
    """
    from sqlmodel import Session

    from ledger import files
    from ledger.audit import checkpoints
    from ledger.store import journal

    signer = checkpoints.load_private(key)
    with Session(state.engine()) as session:
        head = journal.head_label(session)
        at = journal.clock(session, int(head.split(":")[0]))
    signed = checkpoints.sign(signer, origin, head, at)
    if output is None:
        typer.echo(signed, nl=False)
    else:
        files.write_text(output, signed)
        typer.echo(f"{output}: checkpoint of head {head}", err=True)


@checkpoint_app.command("verify")
def verify(
    checkpoint: Annotated[Path, typer.Argument(help="The checkpoint file.")],
    public: PublicKey,
    json: state.Json = False,
) -> None:
    """Check a checkpoint's signature offline, without the ledger; exit 1 if it does not hold.

    Then `ledger verify --against CHECKPOINT` checks that the ledger still extends its head.

    Example: ledger checkpoint verify checkpoints/2026-11-25.txt --public desk.pub
    """
    from ledger.audit import checkpoints

    try:
        found = checkpoints.verify_file(checkpoint, public)
    except checkpoints.BadSignature as problem:
        if not json:
            raise
        state.print_json({"ok": False, "problem": problem.message})
        raise typer.Exit(1) from None
    if json:
        state.print_json({"ok": True, **found.__dict__})
    else:
        typer.echo(
            f"ok: {found.origin} at head {found.head}, {found.time}, signed by key {found.key}"
        )
