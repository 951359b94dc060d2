from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AppointmentRequest")


@_attrs_define
class AppointmentRequest:
    """Appointment fields for schedule_appointment (extra fields allowed)."""

    contact_id: str
    """ The contact the appointment is for. """
    start_time: datetime.datetime
    end_time: datetime.datetime | Unset = UNSET
    appointment_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        contact_id = self.contact_id

        start_time = self.start_time.isoformat()

        end_time: str | Unset = UNSET
        if not isinstance(self.end_time, Unset):
            end_time = self.end_time.isoformat()

        appointment_type = self.appointment_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_id": contact_id,
                "start_time": start_time,
            }
        )
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if appointment_type is not UNSET:
            field_dict["appointment_type"] = appointment_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        contact_id = d.pop("contact_id")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        _end_time = d.pop("end_time", UNSET)
        end_time: datetime.datetime | Unset
        if isinstance(_end_time, Unset):
            end_time = UNSET
        else:
            end_time = datetime.datetime.fromisoformat(_end_time)

        appointment_type = d.pop("appointment_type", UNSET)

        appointment_request = cls(
            contact_id=contact_id,
            start_time=start_time,
            end_time=end_time,
            appointment_type=appointment_type,
        )

        appointment_request.additional_properties = d
        return appointment_request

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
