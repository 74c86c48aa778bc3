"""Building blocks that turn personal data into what a reader row stores: ciphertext for the full
value (key outside the database), a keyed hash to find it, and a masked form to show."""

from __future__ import annotations

import secrets
import unicodedata
from typing import Any

from pypinyin import Style, lazy_pinyin

from shuyuan.keys import encrypt, keyed_hash
from shuyuan.patrons.iddocs import IdDocument, normalize
from shuyuan.patrons.masking import mask_email, mask_id, mask_phone, normalize_phone


def id_hash(number: str) -> str:
    """Keyed hash of a normalised document number; independent of the document type, so a number
    typed into the search box finds its reader whatever the document."""
    return keyed_hash("patron-id", normalize(number))


def last6_hash(last6: str) -> str:
    return keyed_hash("patron-id-last6", normalize(last6))


def phone_hash(phone: str) -> str:
    return keyed_hash("patron-phone", normalize_phone(phone))


def pin_hash(reader_token: str, pin: str) -> str:
    # The reader's random token salts the hash: equal PINs of two readers hash differently.
    return keyed_hash("patron-pin", f"{reader_token}:{pin}")


def new_reader_token() -> str:
    return secrets.token_hex(16)


def document_fields(doc: IdDocument | None) -> dict[str, Any]:
    if doc is None:
        return {
            "id_type": "",
            "id_number_encrypted": "",
            "id_number_hash": "",
            "id_last6_hash": "",
            "id_number_masked": "",
        }
    return {
        "id_type": doc.doc_type.value,
        "id_number_encrypted": encrypt(doc.number),
        "id_number_hash": id_hash(doc.number),
        "id_last6_hash": last6_hash(doc.last6),
        "id_number_masked": mask_id(doc.number),
    }


def phone_fields(raw: str) -> dict[str, Any]:
    phone = normalize_phone(raw)
    if not phone:
        return {"phone_encrypted": "", "phone_hash": "", "phone_masked": ""}
    return {"phone_encrypted": encrypt(phone), "phone_hash": phone_hash(phone), "phone_masked": mask_phone(phone)}


def guardian_fields(doc: IdDocument | None, phone: str) -> dict[str, Any]:
    phone = normalize_phone(phone)
    return {
        "guardian_id_type": doc.doc_type.value if doc else "",
        "guardian_id_encrypted": encrypt(doc.number) if doc else "",
        "guardian_id_hash": id_hash(doc.number) if doc else "",
        "guardian_id_masked": mask_id(doc.number) if doc else "",
        "guardian_phone_encrypted": encrypt(phone) if phone else "",
        "guardian_phone_masked": mask_phone(phone) if phone else "",
    }


def address_fields(address: str) -> dict[str, Any]:
    address = address.strip()
    return {"address_encrypted": encrypt(address) if address else ""}


def name_fields(name: str) -> dict[str, Any]:
    """The name and its pinyin (``zhangsan``) and initials (``zs``) for search by pinyin."""
    name = " ".join(name.split())
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    initials = [s.lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore") if s.strip()]
    return {"name": name, "name_pinyin": "".join(syllables)[:200], "name_initials": "".join(initials)[:50]}


def normalize_email(raw: str) -> str:
    """Spaces and full-width characters from an input method taken off; the domain in lower case."""
    address = "".join(unicodedata.normalize("NFKC", raw or "").split())
    local, at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}" if at else address


def email_fields(raw: str) -> dict[str, Any]:
    address = normalize_email(raw)
    if not address:
        return {"email_encrypted": "", "email_masked": ""}
    return {"email_encrypted": encrypt(address), "email_masked": mask_email(address)}
