"""Device credentials: a generated API key ``sy_<id>_<secret>`` or a password set by staff (SIP2)."""

import secrets

from shuyuan.keys import keyed_hash, same_hash

KEY_PREFIX = "sy"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def hash_secret(secret: str) -> str:
    # Keyed hash, not a slow password hash: kiosks authenticate on every connection and the key
    # lives outside the database, so a leaked table reveals nothing usable (DESIGN.md 4a).
    return keyed_hash("device", secret)


def secret_matches(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and same_hash(hash_secret(secret), stored_hash)


def format_key(device_id: int, secret: str) -> str:
    return f"{KEY_PREFIX}_{device_id}_{secret}"


def parse_key(key: str) -> tuple[int, str] | None:
    prefix, _, rest = key.partition("_")
    device_id, _, secret = rest.partition("_")
    if prefix != KEY_PREFIX or not device_id.isdigit() or not secret:
        return None
    return int(device_id), secret
