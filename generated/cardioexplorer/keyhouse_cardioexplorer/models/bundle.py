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

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bundle_entry import BundleEntry


T = TypeVar("T", bound="Bundle")


@_attrs_define
class Bundle:
    """A FHIR R4 Bundle of type `collection` holding one Patient and its Observations."""

    resource_type: Literal["Bundle"]
    type_: Literal["collection"]
    entry: list[BundleEntry]
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        resource_type = self.resource_type

        type_ = self.type_

        entry = []
        for entry_item_data in self.entry:
            entry_item = entry_item_data.to_dict()
            entry.append(entry_item)

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resourceType": resource_type,
                "type": type_,
                "entry": entry,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.bundle_entry import BundleEntry  # noqa: PLC0415

        d = dict(src_dict)
        resource_type = cast(Literal["Bundle"], d.pop("resourceType"))
        if resource_type != "Bundle":
            raise ValueError(
                f"resourceType must match const 'Bundle', got '{resource_type}'"
            )

        type_ = cast(Literal["collection"], d.pop("type"))
        if type_ != "collection":
            raise ValueError(f"type must match const 'collection', got '{type_}'")

        entry = []
        _entry = d.pop("entry")
        for entry_item_data in _entry:
            entry_item = BundleEntry.from_dict(entry_item_data)

            entry.append(entry_item)

        id = d.pop("id", UNSET)

        bundle = cls(
            resource_type=resource_type,
            type_=type_,
            entry=entry,
            id=id,
        )

        bundle.additional_properties = d
        return bundle

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
