"""Write output files all-or-nothing, so a failed write never damages an existing roster."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from roster.errors import InputError


def write_atomic(path: Path, write: Callable[[Path], None], force: bool) -> None:
    """Let `write` fill a temporary file next to `path`, then move it into place in one step.

    Refuses to overwrite an existing file unless `force`. On any failure the temporary file is
    removed and the old file (if any) is left as it was.
    """
    path = Path(path)
    if path.exists() and not force:
        raise InputError(str(path), "exists; use --force to overwrite")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(path), f"cannot create its folder: {exc.strerror}") from None
    tmp = _temporary_name(path)
    try:
        write(tmp)
        if path.exists():
            shutil.copymode(path, tmp)  # --force should not change who may read the roster
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot be written: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary_name(path: Path) -> Path:
    """A fresh hidden name in the same folder (os.replace is only atomic within one file system).

    The suffix is kept because openpyxl and spreadsheet tools decide the format by it. The file is
    not created here, so `write` creates it with the usual permissions (mkstemp would make it 0600).
    """
    return path.with_name(f".{path.stem}.{secrets.token_hex(6)}.tmp{path.suffix}")
