"""Optional signatures for a team. A purchaser may create a personal Ed25519 key; every save then
signs the head of the file's history chain (``chain``), which covers the whole history and the
answers, status and decision after it. A werkmap folder may hold ``team-sleutels`` (or
``team-sleutels.txt``): one public key per line with the colleague's name after it. Per file
that gives: signed by a team member, by an unknown key, unsigned, or a broken signature.

Without a key everything works as before; a signature adds, it never takes away.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from caresq_desk.core.common import paths
from caresq_desk.core.common.bounded import read_regular_file
from caresq_desk.core.common.oserrors import describe_os_error
from caresq_desk.core.document.chain import ChainCheck
from caresq_desk.core.model.assessment import Assessment

KEY_FILE: Final = "ondertekensleutel.pem"
TEAM_FILES: Final = ("team-sleutels", "team-sleutels.txt")
MAX_TEAM_FILE: Final = 1_000_000
# What is signed: the chain head, after a label so the signature means nothing elsewhere.
SIGNED_PREFIX: Final = b"caresq-desk/beoordeling/kop\n"


class SigningKeyError(ValueError):
    """The personal key cannot be made or read; the message is Dutch."""


def key_path() -> Path:
    return paths.config_dir() / KEY_FILE


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True)
class Signer:
    """The user's own key."""

    private: Any  # cryptography's Ed25519PrivateKey, imported only where signing is used
    public: str  # base64 of the 32 raw bytes, as in team-sleutels

    def sign(self, assessment: Assessment, head: str) -> Assessment:
        value = self.private.sign(SIGNED_PREFIX + head.encode("ascii"))
        signature = {"key": self.public, "head": head, "value": encode_key(value)}
        return assessment.model_copy(update={"signature": signature})

    def team_line(self, name: str) -> str:
        """The line a colleague adds to team-sleutels."""
        return f"{self.public} {name}".strip()


def _signer(private: Any) -> Signer:
    from cryptography.hazmat.primitives import serialization

    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return Signer(private, encode_key(raw))


def create_key(path: Path | None = None) -> Signer:
    """A new personal key, written readable for its owner only (mode 0600); an existing key
    is never overwritten."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = path or key_path()
    private = Ed25519PrivateKey.generate()
    data = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(f"er is al een ondertekensleutel ({path})") from None
    except OSError as error:
        raise SigningKeyError(
            f"de ondertekensleutel kan niet worden bewaard: {describe_os_error(error)}"
        ) from None
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    return _signer(private)


def load_signer(path: Path | None = None) -> Signer | None:
    """The user's key, or None when there is none; a key that cannot be used is an error."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = path or key_path()
    try:
        data = read_regular_file(path, 100_000)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        why = describe_os_error(error) if isinstance(error, OSError) else str(error)
        raise SigningKeyError(f"de ondertekensleutel kan niet worden gelezen: {why}") from None
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        private = None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(
            f"{path.name} is geen Ed25519-sleutel van Caresq Desk; verwijder het bestand en maak "
            "een nieuwe sleutel in de instellingen"
        )
    return _signer(private)


# -- the team ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamKeys:
    """Public key (base64) -> colleague's name; ``problems`` names each line that was skipped."""

    names: dict[str, str]
    problems: tuple[str, ...] = ()
    source: Path | None = None


def _public_bytes(text: str) -> bytes | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == 32 else None


def read_team_keys(folder: Path) -> TeamKeys:
    """The werkmap's team-sleutels, if it has one (an empty list when not)."""
    for name in TEAM_FILES:
        path = folder / name
        try:
            data = read_regular_file(path, MAX_TEAM_FILE)
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as error:
            why = describe_os_error(error) if isinstance(error, OSError) else str(error)
            return TeamKeys({}, (f"{name} kan niet worden gelezen: {why}",), path)
        return _parse_team(data.decode("utf-8-sig", "replace"), path)
    return TeamKeys({})


def _parse_team(text: str, path: Path) -> TeamKeys:
    names: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, who = line.partition(" ")
        if _public_bytes(key) is None:
            problems.append(
                f"{path.name}, regel {number}: geen publieke sleutel (verwacht 44 tekens "
                "base64, gevolgd door een naam)"
            )
            continue
        names[key] = who.strip() or "naam niet opgegeven"
    return TeamKeys(names, tuple(problems), path)


# -- checking ------------------------------------------------------------------------------------

SignatureKind = Literal["teamlid", "onbekende_sleutel", "niet_ondertekend", "gebroken"]
SIGNATURE_LABELS: Final[dict[str, str]] = {
    "teamlid": "ondertekend door een teamlid",
    "onbekende_sleutel": "ondertekend met een onbekende sleutel",
    "niet_ondertekend": "niet ondertekend",
    "gebroken": "handtekening klopt niet",
}


@dataclass(frozen=True)
class SignatureCheck:
    kind: SignatureKind
    detail: str = ""  # who signed, or what is wrong

    def describe(self) -> str:
        label = SIGNATURE_LABELS[self.kind]
        return f"{label} ({self.detail})" if self.detail else label


def check_signature(assessment: Assessment, chain: ChainCheck, team: TeamKeys) -> SignatureCheck:
    signature = assessment.signature
    if signature is None:
        return SignatureCheck("niet_ondertekend")
    if not isinstance(signature, dict) or not all(
        isinstance(signature.get(k), str) for k in ("key", "head", "value")
    ):
        return SignatureCheck("gebroken", "het veld 'signature' is onleesbaar")
    public = _public_bytes(signature["key"])
    try:
        value = base64.b64decode(signature["value"], validate=True)
    except (binascii.Error, ValueError):
        value = b""
    if public is None or len(value) != 64:
        return SignatureCheck("gebroken", "de sleutel of de handtekening is onleesbaar")
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(
            value, SIGNED_PREFIX + signature["head"].encode("utf-8")
        )
    except (InvalidSignature, ValueError):
        return SignatureCheck("gebroken", "de handtekening hoort niet bij deze sleutel en inhoud")
    if signature["head"] not in chain.hashes:
        return SignatureCheck("gebroken", "ondertekend over een andere inhoud dan dit bestand")
    if chain.changed:
        return SignatureCheck("gebroken", "het bestand is na het ondertekenen gewijzigd")
    who = team.names.get(signature["key"])
    if signature["head"] != chain.head:
        signed = chain.hashes.index(signature["head"]) + 1
        by = who or "een onbekende sleutel"
        return SignatureCheck(
            "niet_ondertekend",
            f"ondertekend tot gebeurtenis {signed} door {by}; wat daarna kwam niet",
        )
    if who is None:
        return SignatureCheck("onbekende_sleutel", f"sleutel {signature['key'][:12]}…")
    return SignatureCheck("teamlid", who)


def signing_works() -> str:
    """A key made in memory signs and verifies, and a changed head fails: '' when all holds,
    else what did not (the bundle's self-test runs this, so a frozen build proves it)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    value = private.sign(SIGNED_PREFIX + b"0" * 64)
    try:
        private.public_key().verify(value, SIGNED_PREFIX + b"0" * 64)
    except InvalidSignature:
        return "een handtekening wordt niet herkend"
    try:
        private.public_key().verify(value, SIGNED_PREFIX + b"1" * 64)
    except InvalidSignature:
        return ""
    return "een handtekening over andere inhoud wordt aanvaard"
