from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.administrative_gender import AdministrativeGender
from ..types import UNSET, Unset

T = TypeVar("T", bound="Patient")


@_attrs_define
class Patient:
    """FHIR R4 Patient (only the fields the test reads)."""

    resource_type: Literal["Patient"]
    id: str | Unset = UNSET
    gender: AdministrativeGender | Unset = UNSET
    """ FHIR R4 AdministrativeGender. """
    birth_date: str | Unset = UNSET
    """ FHIR `date` (YYYY, YYYY-MM or YYYY-MM-DD). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        resource_type = self.resource_type

        id = self.id

        gender: str | Unset = UNSET
        if not isinstance(self.gender, Unset):
            gender = self.gender.value

        birth_date = self.birth_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resourceType": resource_type,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if gender is not UNSET:
            field_dict["gender"] = gender
        if birth_date is not UNSET:
            field_dict["birthDate"] = birth_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        resource_type = cast(Literal["Patient"], d.pop("resourceType"))
        if resource_type != "Patient":
            raise ValueError(
                f"resourceType must match const 'Patient', got '{resource_type}'"
            )

        id = d.pop("id", UNSET)

        _gender = d.pop("gender", UNSET)
        gender: AdministrativeGender | Unset
        if isinstance(_gender, Unset):
            gender = UNSET
        else:
            gender = AdministrativeGender(_gender)

        birth_date = d.pop("birthDate", UNSET)

        patient = cls(
            resource_type=resource_type,
            id=id,
            gender=gender,
            birth_date=birth_date,
        )

        patient.additional_properties = d
        return patient

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
