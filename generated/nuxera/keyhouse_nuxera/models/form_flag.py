from enum import StrEnum


class FormFlag(StrEnum):
    """The values of the ``FormFlag`` enumeration of the spec."""

    FALSE = "false"
    TRUE = "true"

    def __str__(self) -> str:
        return str(self.value)
