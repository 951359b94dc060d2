from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.login_user import LoginUser


T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """The JWT and the authenticated user. `refreshToken`, `expiresAt` and
    `refreshTokenExpiresAt` appear only on the staging version of the page.

    """

    token: str
    """ JWT for `Authorization: Bearer <token>`; valid 24 hours in production. """
    user: LoginUser
    """ Basic information about the authenticated user. """
    refresh_token: str | Unset = UNSET
    """ Refresh token (staging only). The refresh path is not public; `refresh_token` (`POST /api/auth/refresh`) is
    keyhouse's guess. """
    expires_at: int | str | Unset = UNSET
    """ When the access token expires (staging only, 15 minutes after issue). Its format (ISO 8601 string or epoch
    number) is not public, so it is kept as sent. """
    refresh_token_expires_at: int | str | Unset = UNSET
    """ When the refresh token expires (staging only). Format not public; kept as sent. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        token = self.token

        user = self.user.to_dict()

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
                "user": user,
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
        from ..models.login_user import LoginUser  # noqa: PLC0415

        d = dict(src_dict)
        token = d.pop("token")

        user = LoginUser.from_dict(d.pop("user"))

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

        login_response = cls(
            token=token,
            user=user,
            refresh_token=refresh_token,
            expires_at=expires_at,
            refresh_token_expires_at=refresh_token_expires_at,
        )

        login_response.additional_properties = d
        return login_response

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
