from enum import StrEnum


class Language(StrEnum):
    """The values of the ``Language`` enumeration of the spec."""

    DE = "de"
    EN = "en"

    def __str__(self) -> str:
        return str(self.value)
