"""The program icon for Windows (.ico) and macOS (.icns), made from resources/icons/*.png.

Both formats can carry PNG data as it is, so no image library is needed: the .ico holds the
sizes up to 256, the .icns the sizes macOS names (128, 256, 512; 16 and 32 as PNG too).

    python packaging/platform_icons.py OUT_FOLDER
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
# .icns entry types that hold PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def sources() -> dict[int, bytes]:
    """Pixel size -> PNG bytes of every bundled icon."""
    found = {}
    for png in ICONS.glob("caresq-desk-*.png"):
        found[int(png.stem.rsplit("-", 1)[1])] = png.read_bytes()
    return dict(sorted(found.items()))


def ico(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per size (256 is written as 0), then the PNG data."""
    sizes = [size for size in pngs if size <= 256]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, data = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size == 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def icns(pngs: dict[int, bytes]) -> bytes:
    """'icns', the total length, then per size its type, length and PNG data (big-endian)."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
        for size, png in pngs.items()
        if size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    pngs = sources()
    (out / "caresq-desk.ico").write_bytes(ico(pngs))
    (out / "caresq-desk.icns").write_bytes(icns(pngs))
    print(f"{out / 'caresq-desk.ico'}, {out / 'caresq-desk.icns'}: {len(pngs)} maten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
