from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..models.form_flag import FormFlag
from ..types import UNSET, File, Unset

T = TypeVar("T", bound="TranscribeRequest")


@_attrs_define
class TranscribeRequest:
    """Multipart form for `/api/transcribe`. Form values are strings on the wire; flags are
    the strings `"true"` / `"false"`.

    """

    audio: File
    """ The recording (WAV or MP3). """
    speciality: str | Unset = UNSET
    """ Medical speciality of the consultation. """
    doctor_name: str | Unset = UNSET
    patient_name: str | Unset = UNSET
    patient_id: str | Unset = UNSET
    user_id: str | Unset = UNSET
    model: str | Unset = UNSET
    """ Transcription model to use (accepted values not public). """
    skip_diarization: FormFlag | Unset = UNSET
    """ A boolean sent as a multipart form string. """
    remove_silence: FormFlag | Unset = UNSET
    """ A boolean sent as a multipart form string. """
    is_final_chunk: FormFlag | Unset = UNSET
    """ A boolean sent as a multipart form string. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        audio = self.audio.to_tuple()

        speciality = self.speciality

        doctor_name = self.doctor_name

        patient_name = self.patient_name

        patient_id = self.patient_id

        user_id = self.user_id

        model = self.model

        skip_diarization: str | Unset = UNSET
        if not isinstance(self.skip_diarization, Unset):
            skip_diarization = self.skip_diarization.value

        remove_silence: str | Unset = UNSET
        if not isinstance(self.remove_silence, Unset):
            remove_silence = self.remove_silence.value

        is_final_chunk: str | Unset = UNSET
        if not isinstance(self.is_final_chunk, Unset):
            is_final_chunk = self.is_final_chunk.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audio": audio,
            }
        )
        if speciality is not UNSET:
            field_dict["speciality"] = speciality
        if doctor_name is not UNSET:
            field_dict["doctorName"] = doctor_name
        if patient_name is not UNSET:
            field_dict["patientName"] = patient_name
        if patient_id is not UNSET:
            field_dict["patientId"] = patient_id
        if user_id is not UNSET:
            field_dict["userId"] = user_id
        if model is not UNSET:
            field_dict["model"] = model
        if skip_diarization is not UNSET:
            field_dict["skipDiarization"] = skip_diarization
        if remove_silence is not UNSET:
            field_dict["removeSilence"] = remove_silence
        if is_final_chunk is not UNSET:
            field_dict["isFinalChunk"] = is_final_chunk

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        """This object as the multipart form fields httpx sends."""
        files: types.RequestFiles = []

        files.append(("audio", self.audio.to_tuple()))

        if not isinstance(self.speciality, Unset):
            files.append(
                ("speciality", (None, str(self.speciality).encode(), "text/plain"))
            )

        if not isinstance(self.doctor_name, Unset):
            files.append(
                ("doctorName", (None, str(self.doctor_name).encode(), "text/plain"))
            )

        if not isinstance(self.patient_name, Unset):
            files.append(
                ("patientName", (None, str(self.patient_name).encode(), "text/plain"))
            )

        if not isinstance(self.patient_id, Unset):
            files.append(
                ("patientId", (None, str(self.patient_id).encode(), "text/plain"))
            )

        if not isinstance(self.user_id, Unset):
            files.append(("userId", (None, str(self.user_id).encode(), "text/plain")))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.skip_diarization, Unset):
            files.append(
                (
                    "skipDiarization",
                    (None, str(self.skip_diarization.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.remove_silence, Unset):
            files.append(
                (
                    "removeSilence",
                    (None, str(self.remove_silence.value).encode(), "text/plain"),
                )
            )

        if not isinstance(self.is_final_chunk, Unset):
            files.append(
                (
                    "isFinalChunk",
                    (None, str(self.is_final_chunk.value).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        audio = File(payload=BytesIO(d.pop("audio")))

        speciality = d.pop("speciality", UNSET)

        doctor_name = d.pop("doctorName", UNSET)

        patient_name = d.pop("patientName", UNSET)

        patient_id = d.pop("patientId", UNSET)

        user_id = d.pop("userId", UNSET)

        model = d.pop("model", UNSET)

        _skip_diarization = d.pop("skipDiarization", UNSET)
        skip_diarization: FormFlag | Unset
        if isinstance(_skip_diarization, Unset):
            skip_diarization = UNSET
        else:
            skip_diarization = FormFlag(_skip_diarization)

        _remove_silence = d.pop("removeSilence", UNSET)
        remove_silence: FormFlag | Unset
        if isinstance(_remove_silence, Unset):
            remove_silence = UNSET
        else:
            remove_silence = FormFlag(_remove_silence)

        _is_final_chunk = d.pop("isFinalChunk", UNSET)
        is_final_chunk: FormFlag | Unset
        if isinstance(_is_final_chunk, Unset):
            is_final_chunk = UNSET
        else:
            is_final_chunk = FormFlag(_is_final_chunk)

        transcribe_request = cls(
            audio=audio,
            speciality=speciality,
            doctor_name=doctor_name,
            patient_name=patient_name,
            patient_id=patient_id,
            user_id=user_id,
            model=model,
            skip_diarization=skip_diarization,
            remove_silence=remove_silence,
            is_final_chunk=is_final_chunk,
        )

        transcribe_request.additional_properties = d
        return transcribe_request

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
