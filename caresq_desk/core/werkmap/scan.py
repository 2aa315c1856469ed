"""The werkmap: every assessment file under a folder as one row of a round, Qt-free.

Each file is read (an unreadable one is a row with its reason, never left out), assessed again
against the policy installed now and held against the result saved in the file, so a policy
correction shows at once which files it changes ("uitkomst gewijzigd", criterion by criterion).
Who has a file open (its lock marker) and which files are conflict copies made by a sync tool
are part of the row. An index in SQLite (``werkmap_index``) spares files that did not change.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from caresq_desk.core.common import texts
from caresq_desk.core.common.bounded import kind_of
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.document.assessed import assess_file
from caresq_desk.core.document.chain import ChainCheck
from caresq_desk.core.document.history import is_self_check, last_actor
from caresq_desk.core.document.sharing import LOCK_PREFIX, read_lock
from caresq_desk.core.document.signing import TeamKeys, check_signature
from caresq_desk.core.model.result import Result
from caresq_desk.core.policy.registry import Registry

# "De Brug (conflict 2026-11-30).json", "De Brug (Jans conflicted copy).json" (Dropbox),
# "De Brug-LAPTOP-JAN.json" (OneDrive adds the computer's name).
CONFLICT_NOTE = re.compile(r"\((?:[^)]*\s)?conflict(?:ed copy)?[^)]*\)", re.IGNORECASE)
COMPUTER_SUFFIX = re.compile(r"-[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)+$")  # computer names are upper case


@dataclass(frozen=True)
class Change:
    """One criterion whose outcome differs between the saved result and the policy now."""

    criterion: str
    was: str
    now: str
    title: str = ""  # the criterion's title, as the policy names it


@dataclass
class WerkmapRow:
    path: str
    modified: str
    provider: str = ""
    agb_code: str = ""
    location: str = ""
    care_type: str = ""  # as the policy names it
    care_type_id: str = ""
    policy: str = ""  # the policy's id
    policy_title: str = ""  # as the policy names itself, for people
    saved_version: str = ""
    version: str = ""
    verdict: str = ""  # as the user reads it, with the purchaser's decision where there is one
    verdict_code: str = ""  # the engine's code ('' for a file that could not be assessed)
    contract: str = ""
    status: str = ""  # the code; STATUS_LABELS has the text
    assessor: str = ""  # who last saved it (the name from that person's settings)
    # As the user reads it: "Zelftoets" for a provider's file until a purchaser sets a status.
    status_label: str = ""
    self_check: bool = False  # made by the provider (zelftoets)
    # A provider's claims that do not count (purchaser answers, status, decision), in Dutch.
    claims: str = ""
    # The history: '' when it holds, else why not ("gewijzigd buiten de toepassing: ...").
    history: str = ""
    history_changed: bool = False
    chain_head: str = ""  # the last event's hash (the index remembers it)
    signature: str = ""  # signing.SignatureKind ('' for a file that could not be read)
    signature_note: str = ""  # as the user reads it: who signed, or what is wrong
    problem: str = ""  # why the file could not be read or assessed ('' when it could)
    changed: bool = False
    changes: list[Change] = field(default_factory=list)
    # Answers this version of the policy no longer asks (kept in the file): assess it again.
    reassess: str = ""
    open_by: str = ""
    conflict_copy: bool = False

    def to_dict(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict copies recursively and was a tenth of a cold scan.
        return self.__dict__ | {"changes": [change.__dict__ for change in self.changes]}


def _key(criterion_id: str, variant: str) -> str:
    return criterion_id + (f" ({variant})" if variant else "")


def compare(saved: dict[str, Any] | None, now: Result) -> list[Change]:
    """What a policy correction changed: verdict, tier and each criterion's outcome."""
    if not saved:
        return []
    changes = []
    saved_criteria = [c for c in saved.get("criteria") or [] if isinstance(c, dict)]
    if (
        saved.get("verdict") == now.verdict
        and (saved.get("tier") or {}).get("level") == (now.tier.level if now.tier else None)
        and len(saved_criteria) == len(now.criteria)
        and all(
            c.get("outcome") == n.outcome
            and c.get("id") == n.id
            and (c.get("variant") or "") == n.variant
            for c, n in zip(saved_criteria, now.criteria, strict=True)
        )
    ):  # the common case, a file whose result still stands, without building any dicts
        return []
    if saved.get("verdict") != now.verdict:
        changes.append(
            Change(texts.CHANGE_VERDICT, str(saved.get("verdict_label")), now.verdict_label)
        )
    saved_tier = (saved.get("tier") or {}).get("level")
    now_tier = now.tier.level if now.tier else None
    if saved_tier != now_tier:
        changes.append(Change(texts.CHANGE_TIER, str(saved_tier or "-"), str(now_tier or "-")))
    # Outcomes are compared by their code; the labels are what the user reads (a label that was
    # only renamed, "niet voldaan" to "niet behaald", is no change).
    before = {
        _key(str(c.get("id")), str(c.get("variant") or "")): (
            c.get("outcome"),
            str(c.get("outcome_label") or c.get("outcome")),
        )
        for c in saved_criteria
    }
    after = {_key(c.id, c.variant): (c.outcome, c.outcome_label) for c in now.criteria}
    titles = {
        _key(str(c.get("id")), str(c.get("variant") or "")): str(c.get("title") or "")
        for c in saved_criteria
    }
    titles |= {_key(c.id, c.variant): c.title for c in now.criteria}
    for key in sorted(before.keys() | after.keys()):
        was, now_ = before.get(key, (None, "-")), after.get(key, (None, "-"))
        if was[0] != now_[0]:
            changes.append(Change(key, was[1], now_[1], titles.get(key, "")))
    return changes


def is_conflict_copy(path: Path) -> bool:
    return bool(CONFLICT_NOTE.search(path.stem) or COMPUTER_SUFFIX.search(path.stem))


def original_of(path: Path) -> Path | None:
    """The file a sync tool's conflict copy was made from, when it is still there."""
    stem = CONFLICT_NOTE.sub("", path.stem).rstrip()
    if stem == path.stem.rstrip():
        stem = COMPUTER_SUFFIX.sub("", path.stem)
    original = path.with_name(stem + path.suffix)
    return original if original != path and original.is_file() else None


@dataclass(frozen=True)
class FoundFile:
    """An assessment file found under the werkmap, with what one directory listing tells."""

    path: Path
    size: int | None  # None: it could not be stat'ed (it is a row with a problem all the same)
    mtime_ns: int | None
    locked: bool  # a lock marker sits beside it (or cannot be ruled out: a symbolic link)
    # Why it is not read at all (a link out of the folder, a pipe or device): '' to read it.
    problem: str = ""
    # The file's identity where the platform gives one (device, inode): a cached row must be
    # of this very file, not of another that has the same name, size and time.
    identity: tuple[int, int] | None = None
    # The head of the file's history chain when the index last saw it: the file's chain must
    # still hold it, or its history was rewritten as a whole since.
    known_head: str | None = None


LINK_OUT = "koppeling naar {what} buiten de werkmap ({target}); niet gelezen"


def _link(entry: os.DirEntry[str], root: Path) -> FoundFile | str | None:
    """A symbolic link in the werkmap: what it stands for (a file to read, a row that says why
    not), 'map' for a link to a folder inside (walked already as the folder itself), or None for
    a link that is no assessment file."""
    path = Path(entry.path)
    is_file = entry.name.endswith(".json")
    reason = ""
    try:
        target = path.resolve(strict=True)
        is_dir = target.is_dir()
    except FileNotFoundError:
        reason = "de koppeling wijst naar een bestand dat niet bestaat"
    except OSError as error:
        reason = describe_os_error(error)
    except RuntimeError:  # Python before 3.13 reports a loop of links this way
        reason = describe_os_error(OSError(errno.ELOOP, "loop"))
    if reason:
        return FoundFile(path, None, None, True, f"kan niet lezen: {reason}") if is_file else None
    if not target.is_relative_to(root):
        if not (is_file or is_dir):
            return None
        what = "een map" if is_dir else "een bestand"
        return FoundFile(path, None, None, True, LINK_OUT.format(what=what, target=target))
    if is_dir:
        return "map"
    return _regular(path, entry, locked=True) if is_file else None


def _regular(path: Path, entry: os.DirEntry[str], locked: bool) -> FoundFile:
    """A .json entry: read only when it is a regular file (the link followed, for a link)."""
    try:
        info = entry.stat()
    except OSError as error:
        return FoundFile(path, None, None, locked, f"kan niet lezen: {describe_os_error(error)}")
    if not stat.S_ISREG(info.st_mode):
        return FoundFile(path, None, None, locked, kind_of(info.st_mode))
    identity = (info.st_dev, info.st_ino) if info.st_ino else None
    return FoundFile(path, info.st_size, info.st_mtime_ns, locked, identity=identity)


def werkmap_root(folder: Path) -> Path:
    """The folder as an absolute path with its links resolved: what the index is keyed by, so
    the same name typed from another working folder is never taken for this one."""
    return Path(os.path.realpath(folder))


def find_files(folder: Path) -> list[FoundFile]:
    """Every assessment file below ``folder``, sorted; hidden files and folders (lock markers,
    temporaries) left out. One listing per folder also tells which files have a lock marker.

    Links to folders are never walked (a link can loop, or lead out of the round); a link to a
    file or folder outside the werkmap, and a .json that is no regular file, is a row that says
    why it is not read."""
    root = werkmap_root(folder)
    found: list[FoundFile] = []
    pending = [root]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # a folder that vanished or may not be read: its files cannot be listed
        markers = {e.name[len(LOCK_PREFIX) : -1] for e in entries
                   if e.name.startswith(LOCK_PREFIX) and e.name.endswith("#")}  # fmt: skip
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    link = _link(entry, root)
                    if isinstance(link, FoundFile):
                        found.append(link)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                    continue
            except OSError:
                continue  # vanished between the listing and the look
            if entry.name.endswith(".json"):
                found.append(_regular(Path(entry.path), entry, entry.name in markers))
    return sorted(found, key=lambda f: os.fsencode(f.path))


def shown_path(path: str | Path, folder: Path | None = None) -> str:
    """A row's path as a person reads it: relative to the werkmap where it lies below it, and
    a name that is not valid UTF-8 with replacement characters (never a crash)."""
    shown = Path(path)
    if folder is not None:
        root = werkmap_root(folder)
        if shown.is_relative_to(root):
            shown = shown.relative_to(root)
    return os.fsencode(shown).decode("utf-8", "replace")


def assessment_files(folder: Path) -> list[Path]:
    return [found.path for found in find_files(folder)]


def read_row(
    path: Path, registry: Registry, found: FoundFile | None = None, team: TeamKeys | None = None
) -> WerkmapRow:
    """One file as a row of the werkmap; whatever is wrong with it is the row's problem.
    ``found`` spares a second look at the file's time and its lock marker; ``team``: the
    werkmap's team keys, to tell whose signature a file carries."""
    try:
        mtime_ns = found.mtime_ns if found is not None else path.stat().st_mtime_ns
        modified = (
            datetime.fromtimestamp(mtime_ns / 1e9).isoformat(timespec="seconds")
            if mtime_ns is not None
            else ""
        )
    except OSError:
        modified = ""
    row = WerkmapRow(str(path), modified, conflict_copy=is_conflict_copy(path))
    if found is not None and found.problem:
        row.problem = found.problem
        return row
    holder = read_lock(path) if found is None or found.locked else None
    row.open_by = holder.describe() if holder else ""
    done = assess_file(path, registry)
    assessment, policy, result = done.assessment, done.policy, done.result
    if assessment is None or policy is None or result is None:
        row.problem = done.problem
        return row
    provider = assessment.provider
    row.provider, row.agb_code, row.location = (
        provider.name,
        provider.agb_code or "",
        provider.location,
    )
    row.care_type_id = result.care_type
    row.care_type, row.policy, row.policy_title = (
        result.care_type_label,
        policy.id,
        policy.meta.title,
    )
    # The version the saved result was computed with (the file's own reference as fallback).
    saved = assessment.result or {}
    row.saved_version = str(saved.get("policy_version") or assessment.policy.version or "")
    row.version = result.policy_version
    weighed = done.weighed
    assert weighed is not None
    counted = weighed.counted
    row.verdict = result.headline  # with the purchaser's decision, where one counts
    row.verdict_code = result.verdict
    row.contract = result.contract or ""
    row.status = counted.status
    actor = last_actor(assessment)
    row.assessor = actor.name if actor is not None else ""
    row.status_label = weighed.status_label
    row.self_check = is_self_check(assessment)
    row.claims = weighed.claims.describe(policy.care_types[assessment.care_type])
    _history(row, weighed.chain, found.known_head if found is not None else None)
    signature = check_signature(assessment, weighed.chain, team or TeamKeys({}))
    row.signature, row.signature_note = signature.kind, signature.describe()
    row.reassess = "; ".join(item.describe() for item in done.not_placed)
    row.changes = compare(assessment.result, result)
    row.changed = bool(row.changes)
    return row


REWRITTEN = (
    "gewijzigd buiten de toepassing: de geschiedenis is herschreven sinds de werkmap het bestand "
    "eerder las (de toen laatste gebeurtenis ontbreekt)"
)


def _history(row: WerkmapRow, chain: ChainCheck, known_head: str | None) -> None:
    """The chain's verdict on the row; a chain that holds but no longer contains the head the
    index saw was rewritten as a whole."""
    row.chain_head = chain.head or ""
    if chain.changed:
        row.history, row.history_changed = chain.describe(), True
    elif known_head is not None and known_head not in chain.hashes:
        row.history, row.history_changed = REWRITTEN, True
    else:
        row.history = chain.describe()
