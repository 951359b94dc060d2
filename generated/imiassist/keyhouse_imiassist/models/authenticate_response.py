from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticateResponse")


@_attrs_define
class AuthenticateResponse:
    """The REFRESH and ACCESS node outputs. The page documents only the node's output variable names (`REFRESH`, `ACCESS`);
    the JSON keys behind them are not public. Either spelling is accepted: the documented upper-case names, or the
    lower-case `refresh`/`access` that Django REST Framework SimpleJWT sends (a keyhouse inference, marked x-unverified
    on the property). One of each pair is required.

    """

    refresh: str | Unset = UNSET
    """ Refresh token (node output `REFRESH`). No refresh operation is documented. """
    REFRESH: str | Unset = UNSET
    """ Refresh token (node output `REFRESH`). No refresh operation is documented. """
    access: str | Unset = UNSET
    """ Access token (node output `ACCESS`), an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`
    (documented example); its expiry can be read from `exp`. """
    ACCESS: str | Unset = UNSET
    """ Access token (node output `ACCESS`), an HS256 JWT whose payload starts `{"type": "access", "exp": ...}`
    (documented example); its expiry can be read from `exp`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        refresh = self.refresh

        REFRESH = self.REFRESH

        access = self.access

        ACCESS = self.ACCESS

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if refresh is not UNSET:
            field_dict["refresh"] = refresh
        if REFRESH is not UNSET:
            field_dict["REFRESH"] = REFRESH
        if access is not UNSET:
            field_dict["access"] = access
        if ACCESS is not UNSET:
            field_dict["ACCESS"] = ACCESS

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        refresh = d.pop("refresh", UNSET)

        REFRESH = d.pop("REFRESH", UNSET)

        access = d.pop("access", UNSET)

        ACCESS = d.pop("ACCESS", UNSET)

        authenticate_response = cls(
            refresh=refresh,
            REFRESH=REFRESH,
            access=access,
            ACCESS=ACCESS,
        )

        authenticate_response.additional_properties = d
        return authenticate_response

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
