from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClassifiedInfo")


@_attrs_define
class ClassifiedInfo:
    """Clinical information classified from the transcription. Keys contain spaces and are
    kept exactly as sent; only two are documented, others are kept as extra keys.

    """

    chief_complaint: str | Unset = UNSET
    icd_10_code: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        chief_complaint = self.chief_complaint

        icd_10_code = self.icd_10_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if chief_complaint is not UNSET:
            field_dict["Chief Complaint"] = chief_complaint
        if icd_10_code is not UNSET:
            field_dict["ICD-10 Code"] = icd_10_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        chief_complaint = d.pop("Chief Complaint", UNSET)

        icd_10_code = d.pop("ICD-10 Code", UNSET)

        classified_info = cls(
            chief_complaint=chief_complaint,
            icd_10_code=icd_10_code,
        )

        classified_info.additional_properties = d
        return classified_info

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
