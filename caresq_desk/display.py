"""Before the window starts on a Linux desktop: are the libraries Qt's xcb platform needs there?
Without them Qt aborts with an English message; this names the missing Debian packages in
Dutch instead."""

from __future__ import annotations

import ctypes.util
import os
import sys
from typing import Final

# Shared library (as ctypes finds it) -> the Debian package that provides it.
XCB_LIBRARIES: Final = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-shape": "libxcb-shape0",
    "xcb-randr": "libxcb-randr0",
    "xcb-xkb": "libxcb-xkb1",
    "xkbcommon-x11": "libxkbcommon-x11-0",
}


def missing_display_libraries() -> list[str]:
    """The Debian packages still needed for a window on X11 (none elsewhere, none offscreen)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform in ("offscreen", "minimal", "wayland"):
        return []
    if not os.environ.get("DISPLAY"):
        return []
    return [
        package for name, package in XCB_LIBRARIES.items() if not ctypes.util.find_library(name)
    ]
