from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patient_info import PatientInfo


T = TypeVar("T", bound="PatientReport")


@_attrs_define
class PatientReport:
    """A test's patient report. Only `testId`, `patientInfo` and `testDate` are public; the
    provider may add more fields (allowed and kept).

    """

    test_id: str
    patient_info: PatientInfo | Unset = UNSET
    """ The patient the report is about. """
    test_date: str | Unset = UNSET
    """ When the test ran. Its format is not documented (probably zone-less like `completedAt`). """
    risk_score: float | Unset = UNSET
    risk_level: str | Unset = UNSET
    """ Risk category as in `TestResponse.riskLevel` (localised). """
    recommendation: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        test_id = self.test_id

        patient_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.patient_info, Unset):
            patient_info = self.patient_info.to_dict()

        test_date = self.test_date

        risk_score = self.risk_score

        risk_level = self.risk_level

        recommendation = self.recommendation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "testId": test_id,
            }
        )
        if patient_info is not UNSET:
            field_dict["patientInfo"] = patient_info
        if test_date is not UNSET:
            field_dict["testDate"] = test_date
        if risk_score is not UNSET:
            field_dict["riskScore"] = risk_score
        if risk_level is not UNSET:
            field_dict["riskLevel"] = risk_level
        if recommendation is not UNSET:
            field_dict["recommendation"] = recommendation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.patient_info import PatientInfo  # noqa: PLC0415

        d = dict(src_dict)
        test_id = d.pop("testId")

        _patient_info = d.pop("patientInfo", UNSET)
        patient_info: PatientInfo | Unset
        if isinstance(_patient_info, Unset):
            patient_info = UNSET
        else:
            patient_info = PatientInfo.from_dict(_patient_info)

        test_date = d.pop("testDate", UNSET)

        risk_score = d.pop("riskScore", UNSET)

        risk_level = d.pop("riskLevel", UNSET)

        recommendation = d.pop("recommendation", UNSET)

        patient_report = cls(
            test_id=test_id,
            patient_info=patient_info,
            test_date=test_date,
            risk_score=risk_score,
            risk_level=risk_level,
            recommendation=recommendation,
        )

        patient_report.additional_properties = d
        return patient_report

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
