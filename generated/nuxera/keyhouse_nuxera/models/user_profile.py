from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserProfile")


@_attrs_define
class UserProfile:
    """The current user from `/api/auth/me`. Field names are documented (snake_case); their
    types are inferred. Timestamps are kept as strings so they round-trip unchanged.

    """

    id: str | Unset = UNSET
    email: str | Unset = UNSET
    status: str | Unset = UNSET
    """ Account status, e.g. `active`. """
    last_login: None | str | Unset = UNSET
    """ Time of the last login (ISO 8601 as sent); null if never. """
    created_at: str | Unset = UNSET
    """ Creation time (ISO 8601 as sent). """
    updated_at: str | Unset = UNSET
    """ Last update time (ISO 8601 as sent). """
    email_verified: bool | Unset = UNSET
    name: None | str | Unset = UNSET
    is_demo: bool | Unset = UNSET
    user_type: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        id = self.id

        email = self.email

        status = self.status

        last_login: None | str | Unset
        if isinstance(self.last_login, Unset):
            last_login = UNSET
        else:
            last_login = self.last_login

        created_at = self.created_at

        updated_at = self.updated_at

        email_verified = self.email_verified

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        is_demo = self.is_demo

        user_type: list[str] | Unset = UNSET
        if not isinstance(self.user_type, Unset):
            user_type = self.user_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if email is not UNSET:
            field_dict["email"] = email
        if status is not UNSET:
            field_dict["status"] = status
        if last_login is not UNSET:
            field_dict["last_login"] = last_login
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if name is not UNSET:
            field_dict["name"] = name
        if is_demo is not UNSET:
            field_dict["is_demo"] = is_demo
        if user_type is not UNSET:
            field_dict["user_type"] = user_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        email = d.pop("email", UNSET)

        status = d.pop("status", UNSET)

        def _parse_last_login(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_login = _parse_last_login(d.pop("last_login", UNSET))

        created_at = d.pop("created_at", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        is_demo = d.pop("is_demo", UNSET)

        user_type = cast(list[str], d.pop("user_type", UNSET))

        user_profile = cls(
            id=id,
            email=email,
            status=status,
            last_login=last_login,
            created_at=created_at,
            updated_at=updated_at,
            email_verified=email_verified,
            name=name,
            is_demo=is_demo,
            user_type=user_type,
        )

        user_profile.additional_properties = d
        return user_profile

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
