from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ApiToken")


@_attrs_define
class ApiToken:
    """The API key and token required by every business operation (outputs of Get New Token / Get Existing Token)."""

    api_key: str
    """ API key used to invoke IMIASSIST APIs (uuid-like). """
    token: str
    """ Token used to invoke IMIASSIST APIs (64 hexadecimal characters). """
    created_at: datetime.datetime
    """ When the token was generated. """
    expires_at: datetime.datetime
    """ When the token expires (may already be in the past for get_existing_token). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        api_key = self.api_key

        token = self.token

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "api_key": api_key,
                "token": token,
                "created_at": created_at,
                "expires_at": expires_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        api_key = d.pop("api_key")

        token = d.pop("token")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        api_token = cls(
            api_key=api_key,
            token=token,
            created_at=created_at,
            expires_at=expires_at,
        )

        api_token.additional_properties = d
        return api_token

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
