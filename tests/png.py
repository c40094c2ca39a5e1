"""A small PNG decoder for tests (8-bit RGB or RGBA, not interlaced, as browsers write screenshots):
enough to tell whether a screenshot shows something, without an image library."""

from __future__ import annotations

import struct
import zlib
from collections import Counter

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {2: 3, 6: 4}  # colour type -> bytes per pixel (RGB, RGBA)


def decode(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of pixel bytes)."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not a PNG file")
    pos, header, compressed = len(SIGNATURE), None, bytearray()
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = CHANNELS[colour]
    raw = zlib.decompress(bytes(compressed))
    stride = width * bpp
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = _unfilter(raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, bpp)
        rows.append(bytes(row))
        previous = row
    return width, height, bpp, rows


def _unfilter(kind: int, row: bytearray, up: bytes, bpp: int) -> bytearray:
    if kind == 0:
        return row
    if kind == 2:
        return bytearray((a + b) & 0xFF for a, b in zip(row, up, strict=True))
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + ((left + up[i]) >> 1)) & 0xFF
        elif kind == 4:
            corner = up[i - bpp] if i >= bpp else 0
            guess = left + up[i] - corner
            pa, pb, pc = abs(guess - left), abs(guess - up[i]), abs(guess - corner)
            nearest = left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner
            row[i] = (row[i] + nearest) & 0xFF
        else:
            raise ValueError(f"unknown PNG filter {kind}")
    return row


def colours(data: bytes, step: int = 2) -> Counter:
    """How often each RGB colour occurs (every `step`-th pixel of every `step`-th row)."""
    width, _, bpp, rows = decode(data)
    counts: Counter = Counter()
    for row in rows[::step]:
        for x in range(0, width * bpp, bpp * step):
            counts[row[x : x + 3]] += 1
    return counts
