"""Text files people hand us (instances, scenarios, roster CSVs): UTF-8, with or without Excel's
byte-order mark, or an error that names the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path

from roster.errors import InputError, Message
from roster.i18n import Text
from roster.io import places

# Far above any real input (an instance is kilobytes, a 200-person 12-week roster about 2 MB), and
# low enough that a wrong file (a log, a database dump) is refused before it is parsed into memory.
MAX_INPUT_BYTES = 50 * 1024 * 1024


NO_SUCH_FILE = Text("no such file", "filen finnes ikke")
A_FOLDER = Text("is a folder, not a file", "er en mappe, ikke en fil")
SAVE_AS_UTF8 = Text("save the file as UTF-8", "lagre filen som UTF-8")


def check_size(path: Path) -> None:
    """Refuse a file too large to be an instance, scenario or roster (before it is read)."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            str(path),
            Text(
                "is {size} MB; an input file may be at most {most} MB",
                "er {size} MB; en inndatafil kan være høyst {most} MB",
                size=round(size / 2**20, 1),
                most=MAX_INPUT_BYTES / 2**20,
            ),
        )


def read_utf8(path: Path, save_as: Message = SAVE_AS_UTF8) -> str:
    """The file's text; a missing, unreadable, too large or non-UTF-8 file is an InputError."""
    try:
        check_size(path)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), NO_SUCH_FILE) from None
    except IsADirectoryError:
        raise InputError(str(path), A_FOLDER) from None
    except OSError as exc:
        raise InputError(
            str(path), Text("cannot be read: {why}", "kan ikke leses: {why}", why=exc.strerror)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            str(path),
            [
                (
                    places.line(line),
                    Text("is not UTF-8 text; {save_as}", "er ikke UTF-8-tekst; {save_as}", save_as=save_as),
                )
            ],
        ) from None
