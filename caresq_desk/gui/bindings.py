"""A check of the installed Qt binding for a fault that would lose the user's work.

PySide6 6.12.0 lowers the reference count of ``None`` on every item or model update. Python
3.11 aborts the process when that count reaches zero (``none_dealloc``), typically after a few
hundred keystrokes; from 3.12 on ``None`` is immortal (PEP 683) and the fault is harmless. The
dependency range excludes 6.12.0, but a hand-made or future environment might not: the
application then refuses to start with a message instead of crashing mid-assessment.
"""

from __future__ import annotations

import sys

PROBE_CALLS = 200


def leaks_none_references() -> bool:
    """True when Qt item updates drain the reference count of None on this interpreter."""
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtWidgets import QTreeWidgetItem

    item = QTreeWidgetItem()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        item.setToolTip(0, "")
    return sys.getrefcount(None) < before - PROBE_CALLS // 2


def binding_version() -> str:
    import PySide6

    return PySide6.__version__
