from enum import StrEnum


class ObservationStatus(StrEnum):
    """The values of the ``ObservationStatus`` enumeration of the spec."""

    AMENDED = "amended"
    CANCELLED = "cancelled"
    CORRECTED = "corrected"
    ENTERED_IN_ERROR = "entered-in-error"
    FINAL = "final"
    PRELIMINARY = "preliminary"
    REGISTERED = "registered"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
