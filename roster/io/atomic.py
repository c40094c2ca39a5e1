"""Write output files all-or-nothing, so a failed write never damages an existing roster."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from roster.errors import InputError
from roster.i18n import Text

# The files written in an `all_or_nothing` block: (temporary file, its place), moved in at its end.
_pending: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("pending writes", default=None)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Files written with `write_atomic` inside this block replace their targets together when the
    block ends, and not at all when it fails: a roster's CSV, XLSX and run record always belong to
    one run (an error or Ctrl-C while writing the XLSX leaves the old CSV too)."""
    pending: list[tuple[Path, Path]] = []
    token = _pending.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _pending.reset(token)
    for i, (tmp, path) in enumerate(pending):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            for later, _ in pending[i:]:
                later.unlink(missing_ok=True)
            raise InputError(str(path), _cannot_write(exc)) from None


def write_atomic(path: Path, write: Callable[[Path], None], force: bool) -> None:
    """Let `write` fill a temporary file next to `path`, then move it into place in one step
    (inside `all_or_nothing`: when the block ends).

    Refuses to overwrite an existing file unless `force`. On any failure the temporary file is
    removed and the old file (if any) is left as it was.
    """
    path = Path(path)
    if path.exists() and not force:
        raise InputError(
            str(path), Text("exists; use --force to overwrite", "finnes alt; bruk --force for å skrive over")
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            str(path),
            Text("cannot create its folder: {why}", "kan ikke lage mappen: {why}", why=exc.strerror),
        ) from None
    tmp = _temporary_name(path)
    try:
        write(tmp)
        if path.exists():
            shutil.copymode(path, tmp)  # --force should not change who may read the roster
        pending = _pending.get()
        if pending is None:
            os.replace(tmp, path)
        else:
            pending.append((tmp, path))
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(str(path), _cannot_write(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary_name(path: Path) -> Path:
    """A fresh hidden name in the same folder (os.replace is only atomic within one file system).

    The suffix is kept because openpyxl and spreadsheet tools decide the format by it. The file is
    not created here, so `write` creates it with the usual permissions (mkstemp would make it 0600).
    """
    return path.with_name(f".{path.stem}.{secrets.token_hex(6)}.tmp{path.suffix}")


def _cannot_write(exc: OSError) -> Text:
    why = exc.strerror or str(exc)
    return Text("cannot be written: {why}", "kan ikke skrives: {why}", why=why)
