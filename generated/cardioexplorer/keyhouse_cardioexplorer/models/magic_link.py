from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MagicLink")


@_attrs_define
class MagicLink:
    """A one-time sign-in link."""

    magic_link: str
    """ URL of the form `https://api.cardioexplorer.ai/api/auth/magic-links/verify?token=…`. """
    message: str | Unset = UNSET
    expires_at: str | Unset = UNSET
    """ When the link expires. Its exact format is not documented. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        magic_link = self.magic_link

        message = self.message

        expires_at = self.expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "magicLink": magic_link,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        magic_link = d.pop("magicLink")

        message = d.pop("message", UNSET)

        expires_at = d.pop("expiresAt", UNSET)

        magic_link = cls(
            magic_link=magic_link,
            message=message,
            expires_at=expires_at,
        )

        magic_link.additional_properties = d
        return magic_link

    @property
    def additional_keys(self) -> list[str]:
        """The names of the properties the schema does not declare."""
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
