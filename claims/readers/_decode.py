"""Bytes to text for the line-based readers: file checks, binary sniffing, UTF-8 with replacement."""
from __future__ import annotations

import os
import stat
from typing import Callable, Iterator

from claims.errors import InputError

Warn = Callable[[str], None]

SNIFF_BYTES = 8192


def check_file(path) -> os.stat_result:
    """Stat `path` and refuse what cannot be read as a regular file (InputError, no line)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, f"cannot stat: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        # a FIFO or device would block or never end
        raise InputError(path, "not a regular file")
    return st


def open_binary(path):
    try:
        return open(path, "rb")
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as e:
        raise InputError(path, f"cannot open: {e.strerror or e}") from None


def head(path, n: int = SNIFF_BYTES) -> bytes:
    with open_binary(path) as f:
        return f.read(n)


def refuse_binary(path, prefix: bytes, kind: str) -> None:
    """A NUL byte near the start means binary data (or UTF-16), not a `kind` file."""
    i = prefix.find(b"\x00", 0, SNIFF_BYTES)
    if i >= 0:
        line = prefix.count(b"\n", 0, i) + 1
        raise InputError(path, f"not a {kind} file (binary data: NUL byte at byte offset {i})", line)


class _Decoder:
    """UTF-8 with U+FFFD replacement; warns once per file with the offset of the first bad byte."""

    def __init__(self, path, warn: Warn):
        self.path = path
        self.warn = warn
        self.warned = False

    def __call__(self, data: bytes, offset: int, line: int | None = None) -> str:
        if self.warned:
            return data.decode("utf-8", errors="replace")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.warned = True
            if line is None:
                line = data.count(b"\n", 0, e.start) + 1
            self.warn(
                f"{self.path}:{line}: invalid UTF-8 at byte offset {offset + e.start}; "
                "undecodable bytes replaced with U+FFFD"
            )
            return data.decode("utf-8", errors="replace")


def iter_lines(path, warn: Warn, kind: str = "text") -> Iterator[tuple[int, str]]:
    """(1-based line number, text without the line ending), one line at a time.

    Lines are split on b"\\n" before decoding; that is safe for UTF-8, whose multi-byte
    sequences never contain 0x0A. A trailing \\r and a leading BOM are dropped.
    """
    decode = _Decoder(path, warn)
    with open_binary(path) as f:
        refuse_binary(path, f.read(SNIFF_BYTES), kind)
        f.seek(0)
        offset = 0
        for lineno, raw in enumerate(f, 1):
            size = len(raw)
            if raw.endswith(b"\n"):
                raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            text = decode(raw, offset, lineno)
            if lineno == 1 and text.startswith("\ufeff"):
                text = text[1:]
            yield lineno, text
            offset += size


def read_text(path, warn: Warn, kind: str = "text") -> str:
    """The whole file as text (for JSON arrays only: they cannot be parsed line by line)."""
    with open_binary(path) as f:
        data = f.read()
    refuse_binary(path, data[:SNIFF_BYTES], kind)
    text = _Decoder(path, warn)(data, 0)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
