from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthHeader")


@_attrs_define
class AuthHeader:
    """An API key ("auth header"). Field names are lowercase, unlike login."""

    id: str | Unset = UNSET
    """ Auth header id. """
    name: str | Unset = UNSET
    """ Auth header name. """
    token: str | Unset = UNSET
    """ The key to send as `X-Authorization: <token>`. """
    created: str | Unset = UNSET
    """ Creation timestamp. Documented as date-time; bfore.ai sends timestamps without a time zone, so it is kept as
    a string (a zone, if any, is accepted). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        id = self.id

        name = self.name

        token = self.token

        created = self.created

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if token is not UNSET:
            field_dict["token"] = token
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        token = d.pop("token", UNSET)

        created = d.pop("created", UNSET)

        auth_header = cls(
            id=id,
            name=name,
            token=token,
            created=created,
        )

        auth_header.additional_properties = d
        return auth_header

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
