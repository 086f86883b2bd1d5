"""Signed checkpoints: the ledger's head, signed with Ed25519, checkable offline by anyone.

Transparency logs publish signed tree heads; a newsroom publishes checkpoints. A checkpoint is a
short text (modelled on the C2SP signed-note checkpoint): a body naming the ledger, its head and
the time, then a line with the Ed25519 signature of the body and the fingerprint of the key.
Anyone holding the public key checks the signature without the ledger (`checkpoint verify`);
`ledger verify --against` the checkpoint then proves the ledger still extends that head.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger import files
from ledger.audit import anchors
from ledger.errors import LedgerError

FORMAT = "ledger checkpoint v1"
_SIGNATURE = re.compile(r"^— ([0-9a-f]{16}) ([A-Za-z0-9+/=]{86,88})$")
MAX_BYTES = 4096


class BadSignature(LedgerError):
    """A checkpoint that its signature or key does not vouch for: a failed check (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    head: str
    time: str
    key: str
    """The signing key's fingerprint: the first 16 hex digits of SHA-256 of its raw bytes."""


def fingerprint(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def keygen(private_path: Path, public_path: Path) -> str:
    """Write a new Ed25519 key pair (PEM; the private key readable by its owner only)."""
    if private_path.exists():
        raise LedgerError(f"{private_path} exists already: a signing key is never overwritten")
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    files.write_text(private_path, private.decode("ascii"), mode=0o600)
    files.write_text(public_path, public.decode("ascii"))
    return fingerprint(key.public_key())


def _read(path: Path, what: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = files.describe_os_error(error)
        raise LedgerError(f"cannot read the {what} {path}: {reason}") from None
    if len(data) > MAX_BYTES:
        raise LedgerError(f"{path} is not a {what}: it is {len(data)} bytes long")
    return data


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(path, "private key"), password=None)
    except (ValueError, TypeError):
        raise LedgerError(f"{path} is not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(f"{path} is not an Ed25519 key")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read(path, "public key"))
    except (ValueError, TypeError):
        raise LedgerError(f"{path} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise LedgerError(f"{path} is not an Ed25519 key")
    return key


def body(origin: str, head: str, time: dt.datetime) -> str:
    """Return the signed text of a checkpoint."""
    if not origin.strip() or any(c in origin for c in "\r\n") or len(origin) > 200:
        raise LedgerError("the origin must be one line of at most 200 characters")
    stamp = time.astimezone(dt.UTC).isoformat(timespec="seconds")
    return f"{FORMAT}\n{origin.strip()}\n{head}\n{stamp}\n"


def sign(key: Ed25519PrivateKey, origin: str, head: str, time: dt.datetime) -> str:
    """Return a checkpoint of `head`: its body, a blank line and the signature line."""
    text = body(origin, head, time)
    signature = base64.b64encode(key.sign(text.encode("utf-8"))).decode("ascii")
    return f"{text}\n— {fingerprint(key.public_key())} {signature}\n"


def verify(text: str, public: Ed25519PublicKey, where: str = "the checkpoint") -> Checkpoint:
    """Check a checkpoint's signature with a public key; return what it vouches for."""
    signed, _, signature_line = text.partition("\n\n")
    lines = signed.split("\n")
    found = _SIGNATURE.match(signature_line.strip())
    if len(lines) != 4 or lines[0] != FORMAT or found is None:
        raise LedgerError(f"{where} is not a ledger checkpoint")
    anchors.parse(lines[2], where)
    if found[1] != fingerprint(public):
        raise BadSignature(
            f"{where} was signed with key {found[1]}, not with this public key"
            f" ({fingerprint(public)})"
        )
    try:
        public.verify(base64.b64decode(found[2]), (signed + "\n").encode("utf-8"))
    except (InvalidSignature, ValueError):
        raise BadSignature(f"{where} does not match its signature: it was altered") from None
    return Checkpoint(origin=lines[1], head=lines[2], time=lines[3], key=found[1])


def verify_file(path: Path, public_path: Path) -> Checkpoint:
    """Check a checkpoint file against a public key file, offline."""
    text = _read(path, "checkpoint").decode("utf-8", errors="replace")
    return verify(text, load_public(public_path), str(path))
