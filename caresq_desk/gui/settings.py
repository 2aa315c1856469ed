"""Settings that persist between runs: role, assessor name, recent files and werkmap, window
geometry.

Stored as an INI file in the user's config folder (core.paths), so tests that redirect
CARESQ_DESK_HOME never touch the real settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from caresq_desk.core.common import paths
from caresq_desk.core.common.limits import MAX_NAME

MAX_RECENT = 8


class Settings:
    def __init__(self) -> None:
        folder = paths.config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._store = QSettings(str(folder / "instellingen.ini"), QSettings.Format.IniFormat)

    @property
    def role(self) -> str:
        value = self._store.value("rol", "inkoper")
        return value if value in ("inkoper", "zorgaanbieder") else "inkoper"

    @role.setter
    def role(self, value: str) -> None:
        self._store.setValue("rol", value)

    @property
    def assessor(self) -> str:
        """The name history events and decisions are recorded under ('' until it is set)."""
        value = self._store.value("beoordelaar/naam", "")
        return value.strip()[:MAX_NAME] if isinstance(value, str) else ""

    @assessor.setter
    def assessor(self, value: str) -> None:
        self._store.setValue("beoordelaar/naam", value.strip()[:MAX_NAME])

    def name_for(self, role: str) -> str:
        """The name recorded in the given role: the purchaser's own, and apart from it the
        provider's (a self-check made on this computer never takes the purchaser's name)."""
        if role != "zorgaanbieder":
            return self.assessor
        value = self._store.value("zorgaanbieder/naam", "")
        return value.strip()[:MAX_NAME] if isinstance(value, str) else ""

    def set_name_for(self, role: str, value: str) -> None:
        if role != "zorgaanbieder":
            self.assessor = value
        else:
            self._store.setValue("zorgaanbieder/naam", value.strip()[:MAX_NAME])

    def last_werkmap(self) -> Path | None:
        value = self._store.value("werkmap/laatste")
        return Path(value) if isinstance(value, str) and value else None

    def set_last_werkmap(self, folder: Path) -> None:
        self._store.setValue("werkmap/laatste", str(folder))

    def recent_files(self) -> list[Path]:
        value = self._store.value("recente_bestanden", [])
        items = [value] if isinstance(value, str) else list(value or [])
        # A hand-edited or foreign settings file may hold thousands: only the newest count.
        return [Path(item) for item in items[:MAX_RECENT] if isinstance(item, str) and item]

    def add_recent(self, path: Path) -> None:
        items = [p for p in self.recent_files() if p != path]
        items.insert(0, path)
        self._store.setValue("recente_bestanden", [str(p) for p in items[:MAX_RECENT]])

    def last_choice(self) -> tuple[str | None, str | None]:
        """The policy and care type of the last new assessment."""
        policy = self._store.value("laatste/beleid")
        care = self._store.value("laatste/zorgsoort")
        return (
            policy if isinstance(policy, str) else None,
            care if isinstance(care, str) else None,
        )

    def set_last_choice(self, policy_id: str, care_type: str) -> None:
        self._store.setValue("laatste/beleid", policy_id)
        self._store.setValue("laatste/zorgsoort", care_type)

    def geometry(self) -> QByteArray | None:
        value = self._store.value("venster/geometrie")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._store.setValue("venster/geometrie", value)

    def sync(self) -> None:
        self._store.sync()
