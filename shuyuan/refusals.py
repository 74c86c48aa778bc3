"""The shape every domain's refusal shares: a reason (a TextChoices whose label is the sentence a person
reads, translated) and the values its placeholders take."""

from typing import Any

from django.db.models import TextChoices


class Refused(Exception):
    def __init__(self, reason: TextChoices, **params: Any) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.params = params

    @property
    def message(self) -> str:
        text = str(self.reason.label)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return self.message
