"""The werkmap as lines of text, for the command line: one line per file with what to notice,
and the round's counts."""

from __future__ import annotations

from pathlib import Path

from caresq_desk.core.common.formatting import format_count
from caresq_desk.core.model.assessment import STATUS_LABELS
from caresq_desk.core.werkmap.scan import WerkmapRow, shown_path

SIGNED_OR_BROKEN = ("teamlid", "onbekende_sleutel", "gebroken")


def row_lines(row: WerkmapRow, folder: Path, with_changes: bool = False) -> list[str]:
    """The file's line; ``with_changes`` adds a line per criterion a correction changed."""
    name = shown_path(row.path, folder)
    if row.problem:
        return [f"{name}: niet leesbaar: {row.problem}"]
    who = f", {row.assessor}" if row.assessor else ""
    marks = [m for m, on in ((row.history.upper(), row.history_changed),
                             ("UITKOMST GEWIJZIGD", row.changed),
                             (f"TE HERBEOORDELEN: {row.reassess}", bool(row.reassess)),
                             ("zelftoets zorgaanbieder", row.self_check),
                             (row.claims, bool(row.claims)),
                             (row.signature_note, row.signature in SIGNED_OR_BROKEN),
                             (f"geopend door {row.open_by}", bool(row.open_by)),
                             ("conflictkopie", row.conflict_copy)) if on]  # fmt: skip
    status = (row.status_label or STATUS_LABELS[row.status]).lower()
    lines = [
        f"{name}: {row.provider or '(naam niet ingevuld)'} ({row.agb_code or 'geen AGB'}, "
        f"{row.location or '-'}), {row.care_type}: {row.verdict}"
        + (f"; {row.contract}" if row.contract else "")
        + f" ({status}{who})"
        + (f" [{'; '.join(marks)}]" if marks else "")
    ]
    if with_changes:
        lines += [f"    {c.criterion}: was {c.was}, nu {c.now}" for c in row.changes]
    return lines


def round_summary(rows: list[WerkmapRow]) -> str:
    changed = sum(1 for row in rows if row.changed)
    reassess = sum(1 for row in rows if row.reassess)
    unreadable = sum(1 for row in rows if row.problem)
    outside = sum(1 for row in rows if row.history_changed)
    return (
        f"{format_count(len(rows), 'bestand', 'bestanden')}, {changed} met gewijzigde "
        f"uitkomst, {reassess} te herbeoordelen, {outside} buiten de toepassing gewijzigd, "
        f"{unreadable} niet leesbaar"
    )
