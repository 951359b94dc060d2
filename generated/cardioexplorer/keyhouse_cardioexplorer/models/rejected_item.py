from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RejectedItem")


@_attrs_define
class RejectedItem:
    """A bundle entry that was not used (e.g. an Observation older than 90 days)."""

    concept_id: int | Unset = UNSET
    """ Concept id of the mapped input. """
    concept_name: str | Unset = UNSET
    code: str | Unset = UNSET
    """ The source code, e.g. a LOINC code. """
    vocabulary_id: str | Unset = UNSET
    """ The code system, e.g. `LOINC`. """
    resource_type: str | Unset = UNSET
    """ FHIR resource type of the entry, e.g. `Observation`. """
    rejection_reason: str | Unset = UNSET
    entry_url: str | Unset = UNSET
    """ The entry's `fullUrl`. """
    value_number: float | None | Unset = UNSET
    value_text: None | str | Unset = UNSET
    unit: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        concept_id = self.concept_id

        concept_name = self.concept_name

        code = self.code

        vocabulary_id = self.vocabulary_id

        resource_type = self.resource_type

        rejection_reason = self.rejection_reason

        entry_url = self.entry_url

        value_number: float | None | Unset
        if isinstance(self.value_number, Unset):
            value_number = UNSET
        else:
            value_number = self.value_number

        value_text: None | str | Unset
        if isinstance(self.value_text, Unset):
            value_text = UNSET
        else:
            value_text = self.value_text

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if concept_id is not UNSET:
            field_dict["conceptId"] = concept_id
        if concept_name is not UNSET:
            field_dict["conceptName"] = concept_name
        if code is not UNSET:
            field_dict["code"] = code
        if vocabulary_id is not UNSET:
            field_dict["vocabularyId"] = vocabulary_id
        if resource_type is not UNSET:
            field_dict["resourceType"] = resource_type
        if rejection_reason is not UNSET:
            field_dict["rejectionReason"] = rejection_reason
        if entry_url is not UNSET:
            field_dict["entryUrl"] = entry_url
        if value_number is not UNSET:
            field_dict["valueNumber"] = value_number
        if value_text is not UNSET:
            field_dict["valueText"] = value_text
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        concept_id = d.pop("conceptId", UNSET)

        concept_name = d.pop("conceptName", UNSET)

        code = d.pop("code", UNSET)

        vocabulary_id = d.pop("vocabularyId", UNSET)

        resource_type = d.pop("resourceType", UNSET)

        rejection_reason = d.pop("rejectionReason", UNSET)

        entry_url = d.pop("entryUrl", UNSET)

        def _parse_value_number(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value_number = _parse_value_number(d.pop("valueNumber", UNSET))

        def _parse_value_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        value_text = _parse_value_text(d.pop("valueText", UNSET))

        def _parse_unit(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        rejected_item = cls(
            concept_id=concept_id,
            concept_name=concept_name,
            code=code,
            vocabulary_id=vocabulary_id,
            resource_type=resource_type,
            rejection_reason=rejection_reason,
            entry_url=entry_url,
            value_number=value_number,
            value_text=value_text,
            unit=unit,
        )

        rejected_item.additional_properties = d
        return rejected_item

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
