from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reference import Reference


T = TypeVar("T", bound="LoginResponse")


@_attrs_define
class LoginResponse:
    """The documented ResponseRegisterLoginDto (camelCase)."""

    access_token: str
    """ Bearer access token. Expires in 1 hour. """
    project: Reference
    """ A FHIR-style reference (used for the login's project and profile). """
    profile: Reference
    """ A FHIR-style reference (used for the login's project and profile). """
    refresh_token: str | Unset = UNSET
    """ Refresh token. """
    expires_in: int | Unset = UNSET
    """ Token lifetime in seconds (3600 in the documented example). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        access_token = self.access_token

        project = self.project.to_dict()

        profile = self.profile.to_dict()

        refresh_token = self.refresh_token

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accessToken": access_token,
                "project": project,
                "profile": profile,
            }
        )
        if refresh_token is not UNSET:
            field_dict["refreshToken"] = refresh_token
        if expires_in is not UNSET:
            field_dict["expiresIn"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.reference import Reference  # noqa: PLC0415

        d = dict(src_dict)
        access_token = d.pop("accessToken")

        project = Reference.from_dict(d.pop("project"))

        profile = Reference.from_dict(d.pop("profile"))

        refresh_token = d.pop("refreshToken", UNSET)

        expires_in = d.pop("expiresIn", UNSET)

        login_response = cls(
            access_token=access_token,
            project=project,
            profile=profile,
            refresh_token=refresh_token,
            expires_in=expires_in,
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
