from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TestResponse")


@_attrs_define
class TestResponse:
    """The outcome of running a CCS test (a bare object, not enveloped)."""

    test_id: str
    risk_score: float
    risk_level: str
    """ Risk category, localised by `language`. English values range from `Very Low` to
    `Very High` (`Very Low`, `Low`, `Moderate`, `High`, `Very High`); with `language=de`
    German labels appear instead, so this is a plain string, not an enum.
     """
    patient_id: str | Unset = UNSET
    recommendation: str | Unset = UNSET
    """ Localised recommendation text. """
    completed_at: str | Unset = UNSET
    """ A timestamp WITHOUT time zone and with up to seven fractional digits, as the provider
    sends it (e.g. `2026-02-01T19:08:40.4233333`). Deliberately not `format: date-time`:
    it is not RFC 3339 and a parse/format round trip would change it.
     """
    warnings: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        test_id = self.test_id

        risk_score = self.risk_score

        risk_level = self.risk_level

        patient_id = self.patient_id

        recommendation = self.recommendation

        completed_at = self.completed_at

        warnings: list[str] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "testId": test_id,
                "riskScore": risk_score,
                "riskLevel": risk_level,
            }
        )
        if patient_id is not UNSET:
            field_dict["patientId"] = patient_id
        if recommendation is not UNSET:
            field_dict["recommendation"] = recommendation
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        test_id = d.pop("testId")

        risk_score = d.pop("riskScore")

        risk_level = d.pop("riskLevel")

        patient_id = d.pop("patientId", UNSET)

        recommendation = d.pop("recommendation", UNSET)

        completed_at = d.pop("completedAt", UNSET)

        warnings = cast(list[str], d.pop("warnings", UNSET))

        test_response = cls(
            test_id=test_id,
            risk_score=risk_score,
            risk_level=risk_level,
            patient_id=patient_id,
            recommendation=recommendation,
            completed_at=completed_at,
            warnings=warnings,
        )

        test_response.additional_properties = d
        return test_response

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
