from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.missing_item import MissingItem
    from ..models.rejected_item import RejectedItem


T = TypeVar("T", bound="DraftTestResponse")


@_attrs_define
class DraftTestResponse:
    """Result of mapping a bundle onto a draft test (not enveloped)."""

    success: bool
    draft_test_id: UUID
    items_mapped: int | Unset = UNSET
    items_rejected: int | Unset = UNSET
    items_missing: int | Unset = UNSET
    rejected_items: list[RejectedItem] | Unset = UNSET
    missing_items: list[MissingItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        success = self.success

        draft_test_id = str(self.draft_test_id)

        items_mapped = self.items_mapped

        items_rejected = self.items_rejected

        items_missing = self.items_missing

        rejected_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rejected_items, Unset):
            rejected_items = []
            for rejected_items_item_data in self.rejected_items:
                rejected_items_item = rejected_items_item_data.to_dict()
                rejected_items.append(rejected_items_item)

        missing_items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.missing_items, Unset):
            missing_items = []
            for missing_items_item_data in self.missing_items:
                missing_items_item = missing_items_item_data.to_dict()
                missing_items.append(missing_items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "success": success,
                "draftTestId": draft_test_id,
            }
        )
        if items_mapped is not UNSET:
            field_dict["itemsMapped"] = items_mapped
        if items_rejected is not UNSET:
            field_dict["itemsRejected"] = items_rejected
        if items_missing is not UNSET:
            field_dict["itemsMissing"] = items_missing
        if rejected_items is not UNSET:
            field_dict["rejectedItems"] = rejected_items
        if missing_items is not UNSET:
            field_dict["missingItems"] = missing_items

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        from ..models.missing_item import MissingItem  # noqa: PLC0415
        from ..models.rejected_item import RejectedItem  # noqa: PLC0415

        d = dict(src_dict)
        success = d.pop("success")

        draft_test_id = UUID(d.pop("draftTestId"))

        items_mapped = d.pop("itemsMapped", UNSET)

        items_rejected = d.pop("itemsRejected", UNSET)

        items_missing = d.pop("itemsMissing", UNSET)

        _rejected_items = d.pop("rejectedItems", UNSET)
        rejected_items: list[RejectedItem] | Unset = UNSET
        if _rejected_items is not UNSET:
            rejected_items = []
            for rejected_items_item_data in _rejected_items:
                rejected_items_item = RejectedItem.from_dict(rejected_items_item_data)

                rejected_items.append(rejected_items_item)

        _missing_items = d.pop("missingItems", UNSET)
        missing_items: list[MissingItem] | Unset = UNSET
        if _missing_items is not UNSET:
            missing_items = []
            for missing_items_item_data in _missing_items:
                missing_items_item = MissingItem.from_dict(missing_items_item_data)

                missing_items.append(missing_items_item)

        draft_test_response = cls(
            success=success,
            draft_test_id=draft_test_id,
            items_mapped=items_mapped,
            items_rejected=items_rejected,
            items_missing=items_missing,
            rejected_items=rejected_items,
            missing_items=missing_items,
        )

        draft_test_response.additional_properties = d
        return draft_test_response

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
