"""Contains some shared types for properties"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar

from attrs import define


class Unset:
    """The type of ``UNSET``: an argument or field that was not given (distinct from ``None``)."""

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()
"""The value of an argument or field that was not given."""

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    """The file's content."""
    file_name: str | None = None
    """The file name sent with the upload."""
    mime_type: str | None = None
    """The content type sent with the upload."""

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int
    """The HTTP status (a plain ``int`` for a status ``http.HTTPStatus`` does not know, e.g. 520)."""
    content: bytes
    """The raw body."""
    headers: MutableMapping[str, str]
    """The response headers."""
    parsed: T | None
    """The body parsed as the model documented for the status (``None`` for an undocumented one)."""


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset"]
