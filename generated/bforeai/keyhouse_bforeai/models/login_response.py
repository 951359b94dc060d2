from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.authorization import Authorization
    from ..models.user_properties import UserProperties


T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """The logged-in user and their JWT. Field names are PascalCase on the wire. Every field
    is documented as optional. `Created` and `PasswordExpiration` are sent without a time
    zone; `0001-01-01T00:00:00` means "never".

    """

    id: UUID | Unset = UNSET
    """ User id. """
    created: str | Unset = UNSET
    """ When the user was created. Documented as date-time, but the example has no time zone
    (`2023-01-15T10:30:42`), so kept as a string; a zoned value (`Z`, `+01:00`), which date-time allows, is accepted
    too. """
    username: str | Unset = UNSET
    email: str | Unset = UNSET
    firstname: str | Unset = UNSET
    lastname: str | Unset = UNSET
    token: str | Unset = UNSET
    """ JWT to send as `Authorization: Bearer <Token>`; expires after 60 minutes. """
    password_expiration: str | Unset = UNSET
    """ When the password expires. Documented as date-time; the example has no time zone (`2024-06-15T18:30:00`,
    read as UTC), a zoned value is accepted too; `0001-01-01T00:00:00` means "never". """
    properties: UserProperties | Unset = UNSET
    """ Free-form user properties, a string-to-string map (seen in fuller examples). """
    authorizations: list[Authorization] | Unset = UNSET
    """ The companies the user belongs to and their roles there. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        id: str | Unset = UNSET
        if not isinstance(self.id, Unset):
            id = str(self.id)

        created = self.created

        username = self.username

        email = self.email

        firstname = self.firstname

        lastname = self.lastname

        token = self.token

        password_expiration = self.password_expiration

        properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties.to_dict()

        authorizations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.authorizations, Unset):
            authorizations = []
            for authorizations_item_data in self.authorizations:
                authorizations_item = authorizations_item_data.to_dict()
                authorizations.append(authorizations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["Id"] = id
        if created is not UNSET:
            field_dict["Created"] = created
        if username is not UNSET:
            field_dict["Username"] = username
        if email is not UNSET:
            field_dict["Email"] = email
        if firstname is not UNSET:
            field_dict["Firstname"] = firstname
        if lastname is not UNSET:
            field_dict["Lastname"] = lastname
        if token is not UNSET:
            field_dict["Token"] = token
        if password_expiration is not UNSET:
            field_dict["PasswordExpiration"] = password_expiration
        if properties is not UNSET:
            field_dict["Properties"] = properties
        if authorizations is not UNSET:
            field_dict["Authorizations"] = authorizations

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.authorization import Authorization  # noqa: PLC0415
        from ..models.user_properties import UserProperties  # noqa: PLC0415

        d = dict(src_dict)
        _id = d.pop("Id", UNSET)
        id: UUID | Unset
        if isinstance(_id, Unset):
            id = UNSET
        else:
            id = UUID(_id)

        created = d.pop("Created", UNSET)

        username = d.pop("Username", UNSET)

        email = d.pop("Email", UNSET)

        firstname = d.pop("Firstname", UNSET)

        lastname = d.pop("Lastname", UNSET)

        token = d.pop("Token", UNSET)

        password_expiration = d.pop("PasswordExpiration", UNSET)

        _properties = d.pop("Properties", UNSET)
        properties: UserProperties | Unset
        if isinstance(_properties, Unset):
            properties = UNSET
        else:
            properties = UserProperties.from_dict(_properties)

        _authorizations = d.pop("Authorizations", UNSET)
        authorizations: list[Authorization] | Unset = UNSET
        if _authorizations is not UNSET:
            authorizations = []
            for authorizations_item_data in _authorizations:
                authorizations_item = Authorization.from_dict(authorizations_item_data)

                authorizations.append(authorizations_item)

        login_response = cls(
            id=id,
            created=created,
            username=username,
            email=email,
            firstname=firstname,
            lastname=lastname,
            token=token,
            password_expiration=password_expiration,
            properties=properties,
            authorizations=authorizations,
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
