"""Every path the application uses, in one place (platformdirs), overridable for tests.

``CARESQ_DESK_HOME`` moves all user folders below one directory (tests point it at a temporary
folder so they never touch the real user's files); ``CARESQ_DESK_POLICIES`` points at another
policies folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "caresq-desk"
APP_AUTHOR = "Caresq"


def _home_override() -> Path | None:
    value = os.environ.get("CARESQ_DESK_HOME")
    return Path(value) if value else None


def policies_dir() -> Path:
    """The bundled policies: an override, the PyInstaller bundle, or the source tree."""
    override = os.environ.get("CARESQ_DESK_POLICIES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "policies"
    return Path(__file__).resolve().parents[3] / "policies"


def resources_dir() -> Path:
    """Icons and other files the application ships: the bundle or the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[3] / "resources"


def documents_dir() -> Path:
    """Where assessments are saved by default."""
    home = _home_override()
    if home:
        return home / "documenten"
    import platformdirs  # imported on first use: it is not needed to paint the first window

    return Path(platformdirs.user_documents_dir()) / "Caresq-beoordelingen"


def data_dir() -> Path:
    """Application data: autosaves and recovery files."""
    home = _home_override()
    if home:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    home = _home_override()
    if home:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Where the application writes a report of unexpected errors."""
    home = _home_override()
    if home:
        return home / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def recovery_dir() -> Path:
    """Autosaves of unsaved work, offered again after a crash."""
    return data_dir() / "herstel"


def cache_dir() -> Path:
    """Rebuildable caches (the werkmap index): safe to delete at any time."""
    home = _home_override()
    if home:
        return home / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


# Names Windows refuses as a file name, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
             *(f"LPT{n}" for n in range(1, 10))}  # fmt: skip


# What Windows refuses in a name (macOS and Linux refuse only the slash and NUL, a subset).
_FORBIDDEN = frozenset('<>:"/\\|?*')


def safe_file_name(title: str, fallback: str = "rapport") -> str:
    """A title as a file name on every platform: no slashes, colons, quotes or control
    characters, no trailing dot or space, no name Windows reserves (CON, NUL, COM1...), at most
    80 characters. What every platform allows stays ("'s-Hertogenbosch", "Fysio & Co")."""
    kept = "".join("_" if ch in _FORBIDDEN or ord(ch) < 32 else ch for ch in title).strip(" .")
    kept = kept[:80].rstrip(" .")
    if kept.split(".")[0].upper() in _RESERVED:
        kept = f"_{kept}"
    return kept or fallback
