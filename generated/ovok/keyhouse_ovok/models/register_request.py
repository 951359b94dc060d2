from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RegisterRequest")


@_attrs_define
class RegisterRequest:
    """The ``RegisterRequest`` schema of the spec."""

    email: str
    """ The new user's email address. """
    password: str
    """ The new user's password. """
    client_id: str
    """ The client ID from the ClientApplication resource. The documented example is a UUID
    (`5e505642-9024-474d-9434-e5a44f505cc5`); the page gives its type as string only, so no format is enforced. """
    name: str
    """ Given name. """
    surname: str
    """ Family name. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        email = self.email

        password = self.password

        client_id = self.client_id

        name = self.name

        surname = self.surname

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "password": password,
                "clientId": client_id,
                "name": name,
                "surname": surname,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        client_id = d.pop("clientId")

        name = d.pop("name")

        surname = d.pop("surname")

        register_request = cls(
            email=email,
            password=password,
            client_id=client_id,
            name=name,
            surname=surname,
        )

        register_request.additional_properties = d
        return register_request

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
