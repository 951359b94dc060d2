from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """One login session."""

    id: UUID
    """ Session id; can be passed to revoke_session. """
    last_updated: datetime.datetime | Unset = UNSET
    """ When the session was last used. """
    auth_method: str | Unset = UNSET
    """ How the session was authenticated (e.g. "password"). """
    remote_address: str | Unset = UNSET
    """ Client IP address. """
    browser: str | Unset = UNSET
    """ Client browser. """
    os: str | Unset = UNSET
    """ Client operating system. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        id = str(self.id)

        last_updated: str | Unset = UNSET
        if not isinstance(self.last_updated, Unset):
            last_updated = self.last_updated.isoformat()

        auth_method = self.auth_method

        remote_address = self.remote_address

        browser = self.browser

        os = self.os

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if last_updated is not UNSET:
            field_dict["lastUpdated"] = last_updated
        if auth_method is not UNSET:
            field_dict["authMethod"] = auth_method
        if remote_address is not UNSET:
            field_dict["remoteAddress"] = remote_address
        if browser is not UNSET:
            field_dict["browser"] = browser
        if os is not UNSET:
            field_dict["os"] = os

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        _last_updated = d.pop("lastUpdated", UNSET)
        last_updated: datetime.datetime | Unset
        if isinstance(_last_updated, Unset):
            last_updated = UNSET
        else:
            last_updated = datetime.datetime.fromisoformat(_last_updated)

        auth_method = d.pop("authMethod", UNSET)

        remote_address = d.pop("remoteAddress", UNSET)

        browser = d.pop("browser", UNSET)

        os = d.pop("os", UNSET)

        session = cls(
            id=id,
            last_updated=last_updated,
            auth_method=auth_method,
            remote_address=remote_address,
            browser=browser,
            os=os,
        )

        session.additional_properties = d
        return session

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
