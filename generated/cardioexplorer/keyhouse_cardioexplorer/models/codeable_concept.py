from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.coding import Coding


T = TypeVar("T", bound="CodeableConcept")


@_attrs_define
class CodeableConcept:
    """FHIR R4 CodeableConcept."""

    coding: list[Coding] | Unset = UNSET
    text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        coding: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.coding, Unset):
            coding = []
            for coding_item_data in self.coding:
                coding_item = coding_item_data.to_dict()
                coding.append(coding_item)

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if coding is not UNSET:
            field_dict["coding"] = coding
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.coding import Coding  # noqa: PLC0415

        d = dict(src_dict)
        _coding = d.pop("coding", UNSET)
        coding: list[Coding] | Unset = UNSET
        if _coding is not UNSET:
            coding = []
            for coding_item_data in _coding:
                coding_item = Coding.from_dict(coding_item_data)

                coding.append(coding_item)

        text = d.pop("text", UNSET)

        codeable_concept = cls(
            coding=coding,
            text=text,
        )

        codeable_concept.additional_properties = d
        return codeable_concept

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
