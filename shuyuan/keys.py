"""The secrets the system needs, kept in files under var/ and never in the database.

Each key is generated on first use and written with mode 0600. An environment variable of the same
name (upper case, ``SHUYUAN_`` prefix) overrides the file, for deployments that inject secrets.
"""

import base64
import hashlib
import hmac
import os
import secrets
import tempfile
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

KEY_NAMES = ("secret_key", "pii_key", "lookup_key")


def var_dir() -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR)


def read_or_create(name: str, directory: Path) -> str:
    """The key called ``name``: from the environment, else from ``directory``, else freshly made."""
    from_env = os.environ.get(f"SHUYUAN_{name.upper()}")
    if from_env:
        return from_env
    path = directory / name
    if path.exists():
        return path.read_text().strip()
    directory.mkdir(parents=True, exist_ok=True)
    value = Fernet.generate_key().decode() if name == "pii_key" else secrets.token_urlsafe(48)
    # Written whole under another name, then linked into place: of two processes starting at once
    # (the SIP2 workers, the test workers) one makes the key and the other reads that one.
    fd, draft = tempfile.mkstemp(dir=directory, prefix=f".{name}-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(value + "\n")
        os.link(draft, path)
    except FileExistsError:
        return path.read_text().strip()
    finally:
        os.unlink(draft)
    return value


@cache
def key_text(name: str) -> str:
    """Key ``name`` as this process uses it, read once."""
    return read_or_create(name, var_dir())


@cache
def _fernet() -> MultiFernet:
    # Several keys separated by commas allow rotation: the first encrypts, all decrypt.
    keys = key_text("pii_key").split(",")
    return MultiFernet([Fernet(k.strip().encode()) for k in keys])


@cache
def _lookup_key() -> bytes:
    return key_text("lookup_key").encode()


def encrypt(text: str) -> str:
    """Encrypt personal data for storage (ID numbers, phones)."""
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the configured key") from exc


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256) for look-ups and short secrets; ``purpose`` separates uses."""
    digest = hmac.new(_lookup_key(), f"{purpose}\x00{value}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def reencrypt(token: str) -> str:
    """The same personal data, encrypted again with the first (newest) personal-data key."""
    return _fernet().rotate(token.encode()).decode()


def forget_keys() -> None:
    """Read the keys again on next use (after the key files or variables changed)."""
    key_text.cache_clear()
    _fernet.cache_clear()
    _lookup_key.cache_clear()
