from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiToken")


@_attrs_define
class ApiToken:
    """The API key and token required by every business operation. The page documents the nodes' output variable names:
    `api_key`, `token`, `Created_at`, `Expires_at` (Get New Token) and `api_key`, `Token`, `Created_at`, `Expires_at`
    (Get Existing Token). The JSON keys behind them are not public, so each is accepted as documented or in lower case
    (`token`, `created_at`, `expires_at`; the lower-case `created_at`/`expires_at` are a keyhouse inference, marked
    x-unverified on the property). One of each pair is required.

    """

    api_key: str
    """ API key used to invoke IMIASSIST APIs (uuid-like; node output `api_key`). """
    token: str | Unset = UNSET
    """ Token used to invoke IMIASSIST APIs (64 hexadecimal characters; node output `token` of Get New Token,
    `Token` of Get Existing Token). """
    Token: str | Unset = UNSET
    """ Token used to invoke IMIASSIST APIs (64 hexadecimal characters; node output `token` of Get New Token,
    `Token` of Get Existing Token). """
    created_at: datetime.datetime | Unset = UNSET
    """ When the token was generated (node output `Created_at`). Format not public; RFC 3339 with a zone is assumed.
    """
    Created_at: datetime.datetime | Unset = UNSET
    """ When the token was generated (node output `Created_at`). Format not public; RFC 3339 with a zone is assumed.
    """
    expires_at: datetime.datetime | Unset = UNSET
    """ When the token expires (node output `Expires_at`; may already be in the past for get_existing_token). Format
    not public; RFC 3339 with a zone is assumed. """
    Expires_at: datetime.datetime | Unset = UNSET
    """ When the token expires (node output `Expires_at`; may already be in the past for get_existing_token). Format
    not public; RFC 3339 with a zone is assumed. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        api_key = self.api_key

        token = self.token

        Token = self.Token

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        Created_at: str | Unset = UNSET
        if not isinstance(self.Created_at, Unset):
            Created_at = self.Created_at.isoformat()

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        Expires_at: str | Unset = UNSET
        if not isinstance(self.Expires_at, Unset):
            Expires_at = self.Expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "api_key": api_key,
            }
        )
        if token is not UNSET:
            field_dict["token"] = token
        if Token is not UNSET:
            field_dict["Token"] = Token
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if Created_at is not UNSET:
            field_dict["Created_at"] = Created_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if Expires_at is not UNSET:
            field_dict["Expires_at"] = Expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        api_key = d.pop("api_key")

        token = d.pop("token", UNSET)

        Token = d.pop("Token", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _Created_at = d.pop("Created_at", UNSET)
        Created_at: datetime.datetime | Unset
        if isinstance(_Created_at, Unset):
            Created_at = UNSET
        else:
            Created_at = datetime.datetime.fromisoformat(_Created_at)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        _Expires_at = d.pop("Expires_at", UNSET)
        Expires_at: datetime.datetime | Unset
        if isinstance(_Expires_at, Unset):
            Expires_at = UNSET
        else:
            Expires_at = datetime.datetime.fromisoformat(_Expires_at)

        api_token = cls(
            api_key=api_key,
            token=token,
            Token=Token,
            created_at=created_at,
            Created_at=Created_at,
            expires_at=expires_at,
            Expires_at=Expires_at,
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
