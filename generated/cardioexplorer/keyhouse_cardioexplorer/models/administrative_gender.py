from enum import StrEnum


class AdministrativeGender(StrEnum):
    """The values of the ``AdministrativeGender`` enumeration of the spec."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
