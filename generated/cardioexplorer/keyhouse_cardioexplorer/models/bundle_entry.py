from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.observation import Observation
    from ..models.patient import Patient


T = TypeVar("T", bound="BundleEntry")


@_attrs_define
class BundleEntry:
    """One entry of a Bundle."""

    resource: Observation | Patient
    full_url: str | Unset = UNSET
    """ Entry URL, e.g. `urn:uuid:…`; echoed as `entryUrl` in rejected items. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        from ..models.patient import Patient  # noqa: PLC0415

        resource: dict[str, Any]
        if isinstance(self.resource, Patient):
            resource = self.resource.to_dict()
        else:
            resource = self.resource.to_dict()

        full_url = self.full_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resource": resource,
            }
        )
        if full_url is not UNSET:
            field_dict["fullUrl"] = full_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.observation import Observation  # noqa: PLC0415
        from ..models.patient import Patient  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_resource(data: object) -> Observation | Patient:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resource_type_0 = Patient.from_dict(data)

                return resource_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            resource_type_1 = Observation.from_dict(data)

            return resource_type_1

        resource = _parse_resource(d.pop("resource"))

        full_url = d.pop("fullUrl", UNSET)

        bundle_entry = cls(
            resource=resource,
            full_url=full_url,
        )

        bundle_entry.additional_properties = d
        return bundle_entry

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
