from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.observation_status import ObservationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.codeable_concept import CodeableConcept
    from ..models.quantity import Quantity


T = TypeVar("T", bound="Observation")


@_attrs_define
class Observation:
    """FHIR R4 Observation with a LOINC code (only the fields the test reads)."""

    resource_type: Literal["Observation"]
    status: ObservationStatus
    """ FHIR R4 ObservationStatus. """
    code: CodeableConcept
    """ FHIR R4 CodeableConcept. """
    id: str | Unset = UNSET
    effective_date_time: str | Unset = UNSET
    """ FHIR `dateTime` (partial dates allowed; a time needs a zone). Observations older
    than 90 days are rejected.
     """
    value_quantity: Quantity | Unset = UNSET
    """ FHIR R4 Quantity. """
    value_codeable_concept: CodeableConcept | Unset = UNSET
    """ FHIR R4 CodeableConcept. """
    value_string: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        resource_type = self.resource_type

        status = self.status.value

        code = self.code.to_dict()

        id = self.id

        effective_date_time = self.effective_date_time

        value_quantity: dict[str, Any] | Unset = UNSET
        if not isinstance(self.value_quantity, Unset):
            value_quantity = self.value_quantity.to_dict()

        value_codeable_concept: dict[str, Any] | Unset = UNSET
        if not isinstance(self.value_codeable_concept, Unset):
            value_codeable_concept = self.value_codeable_concept.to_dict()

        value_string = self.value_string

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resourceType": resource_type,
                "status": status,
                "code": code,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if effective_date_time is not UNSET:
            field_dict["effectiveDateTime"] = effective_date_time
        if value_quantity is not UNSET:
            field_dict["valueQuantity"] = value_quantity
        if value_codeable_concept is not UNSET:
            field_dict["valueCodeableConcept"] = value_codeable_concept
        if value_string is not UNSET:
            field_dict["valueString"] = value_string

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.codeable_concept import CodeableConcept  # noqa: PLC0415
        from ..models.quantity import Quantity  # noqa: PLC0415

        d = dict(src_dict)
        resource_type = cast(Literal["Observation"], d.pop("resourceType"))
        if resource_type != "Observation":
            raise ValueError(
                f"resourceType must match const 'Observation', got '{resource_type}'"
            )

        status = ObservationStatus(d.pop("status"))

        code = CodeableConcept.from_dict(d.pop("code"))

        id = d.pop("id", UNSET)

        effective_date_time = d.pop("effectiveDateTime", UNSET)

        _value_quantity = d.pop("valueQuantity", UNSET)
        value_quantity: Quantity | Unset
        if isinstance(_value_quantity, Unset):
            value_quantity = UNSET
        else:
            value_quantity = Quantity.from_dict(_value_quantity)

        _value_codeable_concept = d.pop("valueCodeableConcept", UNSET)
        value_codeable_concept: CodeableConcept | Unset
        if isinstance(_value_codeable_concept, Unset):
            value_codeable_concept = UNSET
        else:
            value_codeable_concept = CodeableConcept.from_dict(_value_codeable_concept)

        value_string = d.pop("valueString", UNSET)

        observation = cls(
            resource_type=resource_type,
            status=status,
            code=code,
            id=id,
            effective_date_time=effective_date_time,
            value_quantity=value_quantity,
            value_codeable_concept=value_codeable_concept,
            value_string=value_string,
        )

        observation.additional_properties = d
        return observation

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
