"""Reading a file the user names: missing, a folder, unreadable, too large or not UTF-8 is an InputError."""

from __future__ import annotations

from pathlib import Path

from roster.errors import InputError

# Far above any real input (an instance is kilobytes, a 200-person 12-week roster about 2 MB), and
# low enough that a wrong file (a log, a database dump) is refused before it is parsed into memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refusing what cannot be an instance, scenario or roster."""
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                str(path),
                f"is {size / 2**20:.1f} MB; an input file may be at most {MAX_INPUT_BYTES / 2**20:g} MB",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None


def read_utf8(path: Path, how_to_save: str = "save the file as UTF-8") -> str:
    """The file as UTF-8 text (with or without a byte-order mark); otherwise the line that is not."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), [(f"line {line}", f"is not UTF-8 text; {how_to_save}")]) from None
