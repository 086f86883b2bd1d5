"""Files ledger writes (reports, exports, drafts): whole or not at all.

Every output goes to a uniquely named temporary file beside its target, is flushed to disk
(fsync), then renamed over the target. Two writers to one path never mix their bytes, a reader
sees the old file or the whole new one, a killed or failed write leaves no temporary file behind,
and a full disk or a folder where a file was expected is one clear error, not a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ledger.errors import LedgerError

REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


def describe_os_error(error: OSError) -> str:
    """Say in a few words why the operating system refused a file operation."""
    return REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


@contextlib.contextmanager
def replacing(path: Path, mode: int = 0o644) -> Iterator[TextIO]:
    """Open a text handle whose contents replace `path` atomically when the block ends cleanly.

    The file gets the permissions `mode` (0o600 for a private key).
    """
    target = Path(path)
    if target.is_dir():
        raise LedgerError(f"cannot write {target}: it is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise LedgerError(f"cannot write {target}: {describe_os_error(error)}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise LedgerError(f"cannot write {target}: {describe_os_error(error)}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, mode: int = 0o644) -> None:
    """Replace `path` with `text`, atomically."""
    with replacing(path, mode) as out:
        out.write(text)
