"""Streamed authenticated encryption of a backup file (AES-256-GCM in 1 MiB chunks).

Layout: ``MAGIC``, one JSON header line, then chunks of ``length (4 bytes) | nonce (12) | ciphertext``.
Each chunk's associated data binds the header, its index and whether it is the last, so a backup that
was truncated, reordered or spliced from two files fails to open instead of restoring half a library.
The key is derived (HKDF) from the personal-data key; with several keys (rotation) every one is tried,
chosen by the key id the header names.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.utils.translation import gettext as _

from shuyuan.keys import key_text

MAGIC = b"SHUYUAN-BACKUP-1\n"
CHUNK = 1 << 20


class SealError(ValueError):
    """The file is not a Shuyuan backup, was altered, or none of the configured keys opens it."""


def _derived(pii_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"shuyuan backup").derive(pii_key.encode())


def _keys() -> list[bytes]:
    return [_derived(k.strip()) for k in key_text("pii_key").split(",") if k.strip()]


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"key-id" + key).hexdigest()[:16]


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


def seal(source: Path, target: Path, metadata: dict[str, Any]) -> None:
    key = _keys()[0]
    header = json.dumps({**metadata, "key_id": key_id(key)}, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    aead = AESGCM(key)
    with source.open("rb") as plain, target.open("wb") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(MAGIC + header)
        index, chunk = 0, plain.read(CHUNK)
        while True:
            following = plain.read(CHUNK)
            nonce = os.urandom(12)
            sealed = aead.encrypt(nonce, chunk, _aad(header, index, not following))
            out.write(struct.pack(">I", len(sealed)) + nonce + sealed)
            if not following:
                break
            index, chunk = index + 1, following
        out.flush()
        os.fsync(out.fileno())


def read_header(stream: BinaryIO) -> tuple[bytes, dict[str, Any]]:
    if stream.read(len(MAGIC)) != MAGIC:
        raise SealError(_("This file is not a Shuyuan backup."))
    header = stream.readline(1 << 16)
    try:
        return header, json.loads(header)
    except ValueError as exc:
        raise SealError(_("The backup's header is damaged.")) from exc


def _chunks(stream: io.BufferedReader, header: bytes, key: bytes) -> Iterator[bytes]:
    aead, index = AESGCM(key), 0
    while True:
        size = stream.read(4)
        if len(size) < 4:
            raise SealError(_("The backup ends early: it was cut short."))
        (length,) = struct.unpack(">I", size)
        nonce, sealed = stream.read(12), stream.read(length)
        if len(sealed) < length:
            raise SealError(_("The backup ends early: it was cut short."))
        last = stream.peek(1)[:1] == b""
        try:
            yield aead.decrypt(nonce, sealed, _aad(header, index, last))
        except InvalidTag as exc:
            raise SealError(_("The backup was altered or damaged (part %(n)d).") % {"n": index}) from exc
        if last:
            return
        index += 1


def unseal(source: Path, target: Path) -> dict[str, Any]:
    """Decrypt ``source`` into ``target`` and return its header; raises SealError on any doubt."""
    with source.open("rb") as stream:
        header, metadata = read_header(stream)
        key = next((k for k in _keys() if key_id(k) == metadata.get("key_id")), None)
        if key is None:
            raise SealError(_("None of the configured keys opens this backup (was its key removed in a rotation?)."))
        with target.open("wb") as out:
            os.fchmod(out.fileno(), 0o600)
            for plain in _chunks(stream, header, key):
                out.write(plain)
    return metadata
