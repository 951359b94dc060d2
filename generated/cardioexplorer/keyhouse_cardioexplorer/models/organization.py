from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Organization")


@_attrs_define
class Organization:
    """The organisation the client credentials belong to."""

    organization_id: UUID | Unset = UNSET
    azure_client_id: UUID | Unset = UNSET
    """ The client id (equal to `clientId`). """
    organization_name: str | Unset = UNSET
    contact_email: str | Unset = UNSET
    access_level: int | Unset = UNSET
    is_active: bool | Unset = UNSET
    rate_limit_per_hour: int | Unset = UNSET
    """ Calls allowed per hour. Only reported here; no rate-limit headers are documented. """
    allowed_ip_addresses: str | Unset = UNSET
    """ IP allow-list in CIDR notation, e.g. `10.0.0.0/8`. """
    created_at: str | Unset = UNSET
    """ An RFC 3339 timestamp with zone (e.g. `2024-01-15T10:30:00Z`). Kept a string rather than
    `format: date-time` so that values round-trip byte for byte (a datetime round trip would
    turn `Z` into `+00:00`).
     """
    updated_at: str | Unset = UNSET
    """ An RFC 3339 timestamp with zone (e.g. `2024-01-15T10:30:00Z`). Kept a string rather than
    `format: date-time` so that values round-trip byte for byte (a datetime round trip would
    turn `Z` into `+00:00`).
     """
    last_accessed_at: str | Unset = UNSET
    """ An RFC 3339 timestamp with zone (e.g. `2024-01-15T10:30:00Z`). Kept a string rather than
    `format: date-time` so that values round-trip byte for byte (a datetime round trip would
    turn `Z` into `+00:00`).
     """
    total_api_calls: int | Unset = UNSET
    created_by_user_email: str | Unset = UNSET
    metadata: str | Unset = UNSET
    """ A JSON document serialised into a string, e.g. `{"department":"IT"}`; decode it yourself. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as the JSON the API sends and receives."""
        organization_id: str | Unset = UNSET
        if not isinstance(self.organization_id, Unset):
            organization_id = str(self.organization_id)

        azure_client_id: str | Unset = UNSET
        if not isinstance(self.azure_client_id, Unset):
            azure_client_id = str(self.azure_client_id)

        organization_name = self.organization_name

        contact_email = self.contact_email

        access_level = self.access_level

        is_active = self.is_active

        rate_limit_per_hour = self.rate_limit_per_hour

        allowed_ip_addresses = self.allowed_ip_addresses

        created_at = self.created_at

        updated_at = self.updated_at

        last_accessed_at = self.last_accessed_at

        total_api_calls = self.total_api_calls

        created_by_user_email = self.created_by_user_email

        metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if organization_id is not UNSET:
            field_dict["organizationId"] = organization_id
        if azure_client_id is not UNSET:
            field_dict["azureClientId"] = azure_client_id
        if organization_name is not UNSET:
            field_dict["organizationName"] = organization_name
        if contact_email is not UNSET:
            field_dict["contactEmail"] = contact_email
        if access_level is not UNSET:
            field_dict["accessLevel"] = access_level
        if is_active is not UNSET:
            field_dict["isActive"] = is_active
        if rate_limit_per_hour is not UNSET:
            field_dict["rateLimitPerHour"] = rate_limit_per_hour
        if allowed_ip_addresses is not UNSET:
            field_dict["allowedIpAddresses"] = allowed_ip_addresses
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if last_accessed_at is not UNSET:
            field_dict["lastAccessedAt"] = last_accessed_at
        if total_api_calls is not UNSET:
            field_dict["totalApiCalls"] = total_api_calls
        if created_by_user_email is not UNSET:
            field_dict["createdByUserEmail"] = created_by_user_email
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """An object from the JSON the API sends (KeyError/TypeError/ValueError if it does not fit)."""
        d = dict(src_dict)
        _organization_id = d.pop("organizationId", UNSET)
        organization_id: UUID | Unset
        if isinstance(_organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = UUID(_organization_id)

        _azure_client_id = d.pop("azureClientId", UNSET)
        azure_client_id: UUID | Unset
        if isinstance(_azure_client_id, Unset):
            azure_client_id = UNSET
        else:
            azure_client_id = UUID(_azure_client_id)

        organization_name = d.pop("organizationName", UNSET)

        contact_email = d.pop("contactEmail", UNSET)

        access_level = d.pop("accessLevel", UNSET)

        is_active = d.pop("isActive", UNSET)

        rate_limit_per_hour = d.pop("rateLimitPerHour", UNSET)

        allowed_ip_addresses = d.pop("allowedIpAddresses", UNSET)

        created_at = d.pop("createdAt", UNSET)

        updated_at = d.pop("updatedAt", UNSET)

        last_accessed_at = d.pop("lastAccessedAt", UNSET)

        total_api_calls = d.pop("totalApiCalls", UNSET)

        created_by_user_email = d.pop("createdByUserEmail", UNSET)

        metadata = d.pop("metadata", UNSET)

        organization = cls(
            organization_id=organization_id,
            azure_client_id=azure_client_id,
            organization_name=organization_name,
            contact_email=contact_email,
            access_level=access_level,
            is_active=is_active,
            rate_limit_per_hour=rate_limit_per_hour,
            allowed_ip_addresses=allowed_ip_addresses,
            created_at=created_at,
            updated_at=updated_at,
            last_accessed_at=last_accessed_at,
            total_api_calls=total_api_calls,
            created_by_user_email=created_by_user_email,
            metadata=metadata,
        )

        organization.additional_properties = d
        return organization

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
