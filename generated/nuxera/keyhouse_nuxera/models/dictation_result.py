from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DictationResult")


@_attrs_define
class DictationResult:
    """The ``DictationResult`` schema of the spec."""

    dictation: str | Unset = UNSET
    """ The processed dictation text. """
    raw_text: str | Unset = UNSET
    """ The raw recognised text. """
    timestamp: int | Unset = UNSET
    """ When the dictation was processed, in epoch milliseconds. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        dictation = self.dictation

        raw_text = self.raw_text

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dictation is not UNSET:
            field_dict["dictation"] = dictation
        if raw_text is not UNSET:
            field_dict["rawText"] = raw_text
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        dictation = d.pop("dictation", UNSET)

        raw_text = d.pop("rawText", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        dictation_result = cls(
            dictation=dictation,
            raw_text=raw_text,
            timestamp=timestamp,
        )

        dictation_result.additional_properties = d
        return dictation_result

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
