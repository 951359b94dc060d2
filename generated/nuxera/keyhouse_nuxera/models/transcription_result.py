from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.classified_info import ClassifiedInfo


T = TypeVar("T", bound="TranscriptionResult")


@_attrs_define
class TranscriptionResult:
    """The 200 body shown on an older transcription page."""

    transcription: str | Unset = UNSET
    """ The transcribed consultation. """
    classified_info: ClassifiedInfo | Unset = UNSET
    """ Clinical information classified from the transcription. Keys contain spaces and are
    kept exactly as sent; only two are documented, others are kept as extra keys.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        transcription = self.transcription

        classified_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.classified_info, Unset):
            classified_info = self.classified_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if transcription is not UNSET:
            field_dict["transcription"] = transcription
        if classified_info is not UNSET:
            field_dict["classifiedInfo"] = classified_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.classified_info import ClassifiedInfo  # noqa: PLC0415

        d = dict(src_dict)
        transcription = d.pop("transcription", UNSET)

        _classified_info = d.pop("classifiedInfo", UNSET)
        classified_info: ClassifiedInfo | Unset
        if isinstance(_classified_info, Unset):
            classified_info = UNSET
        else:
            classified_info = ClassifiedInfo.from_dict(_classified_info)

        transcription_result = cls(
            transcription=transcription,
            classified_info=classified_info,
        )

        transcription_result.additional_properties = d
        return transcription_result

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
