"""What a page may show of a reader: masked numbers and an age, nothing that adds up to more."""

from datetime import date

from shuyuan.keys import decrypt
from shuyuan.patrons.models import Patron


def leaks(text: str, patron: Patron) -> list[str]:
    """Every kind of the reader's full data that ``text`` shows beyond the masked forms: any eight
    characters in a row of the ID number (each such run holds a hidden digit), the birth date in
    any usual form, or any six digits in a row of the phone."""
    number = decrypt(patron.id_number_encrypted) if patron.id_number_encrypted else ""
    phone = decrypt(patron.phone_encrypted) if patron.phone_encrypted else ""
    found = []
    if number and any(number[i : i + 8] in text for i in range(len(number) - 7)):
        found.append("id number")
    if patron.birth_date and any(form in text for form in birth_forms(patron.birth_date)):
        found.append("birth date")
    if phone and any(phone[i : i + 6] in text for i in range(len(phone) - 5)):
        found.append("phone")
    return found


def birth_forms(day: date) -> list[str]:
    return [f"{day:%Y%m%d}", f"{day:%Y-%m-%d}", f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}"]
