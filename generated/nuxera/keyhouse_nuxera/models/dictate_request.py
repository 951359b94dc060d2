from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="DictateRequest")


@_attrs_define
class DictateRequest:
    """Multipart form for `/api/dictate`."""

    audio: File
    """ The dictation recording (WAV). """
    doctor_name: str | Unset = UNSET
    patient_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        audio = self.audio.to_tuple()

        doctor_name = self.doctor_name

        patient_name = self.patient_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audio": audio,
            }
        )
        if doctor_name is not UNSET:
            field_dict["doctorName"] = doctor_name
        if patient_name is not UNSET:
            field_dict["patientName"] = patient_name

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        """This object as the multipart form fields httpx sends."""
        files: types.RequestFiles = []

        files.append(("audio", self.audio.to_tuple()))

        if not isinstance(self.doctor_name, Unset):
            files.append(
                ("doctorName", (None, str(self.doctor_name).encode(), "text/plain"))
            )

        if not isinstance(self.patient_name, Unset):
            files.append(
                ("patientName", (None, str(self.patient_name).encode(), "text/plain"))
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        audio = File(payload=BytesIO(d.pop("audio")))

        doctor_name = d.pop("doctorName", UNSET)

        patient_name = d.pop("patientName", UNSET)

        dictate_request = cls(
            audio=audio,
            doctor_name=doctor_name,
            patient_name=patient_name,
        )

        dictate_request.additional_properties = d
        return dictate_request

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
