from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RefreshResponse")


@_attrs_define
class RefreshResponse:
    """A new access token with the staging login's expiry fields; the refresh token rotates."""

    token: str
    """ JWT for `Authorization: Bearer <token>`. """
    refresh_token: str | Unset = UNSET
    """ The next refresh token (the one sent is used up). """
    expires_at: int | str | Unset = UNSET
    """ When the access token expires; kept as sent. """
    refresh_token_expires_at: int | str | Unset = UNSET
    """ When the refresh token expires; kept as sent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        token = self.token

        refresh_token = self.refresh_token

        expires_at: int | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = self.expires_at

        refresh_token_expires_at: int | str | Unset
        if isinstance(self.refresh_token_expires_at, Unset):
            refresh_token_expires_at = UNSET
        else:
            refresh_token_expires_at = self.refresh_token_expires_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
            }
        )
        if refresh_token is not UNSET:
            field_dict["refreshToken"] = refresh_token
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at
        if refresh_token_expires_at is not UNSET:
            field_dict["refreshTokenExpiresAt"] = refresh_token_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        token = d.pop("token")

        refresh_token = d.pop("refreshToken", UNSET)

        def _parse_expires_at(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        expires_at = _parse_expires_at(d.pop("expiresAt", UNSET))

        def _parse_refresh_token_expires_at(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        refresh_token_expires_at = _parse_refresh_token_expires_at(
            d.pop("refreshTokenExpiresAt", UNSET)
        )

        refresh_response = cls(
            token=token,
            refresh_token=refresh_token,
            expires_at=expires_at,
            refresh_token_expires_at=refresh_token_expires_at,
        )

        refresh_response.additional_properties = d
        return refresh_response

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
