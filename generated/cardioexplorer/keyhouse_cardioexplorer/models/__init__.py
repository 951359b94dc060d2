"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .administrative_gender import AdministrativeGender
from .api_response import ApiResponse
from .authenticate_envelope import AuthenticateEnvelope
from .authenticate_request import AuthenticateRequest
from .bundle import Bundle
from .bundle_entry import BundleEntry
from .codeable_concept import CodeableConcept
from .coding import Coding
from .draft_test_failure import DraftTestFailure
from .draft_test_response import DraftTestResponse
from .draft_test_validation_failure import DraftTestValidationFailure
from .language import Language
from .magic_link import MagicLink
from .magic_link_envelope import MagicLinkEnvelope
from .missing_item import MissingItem
from .observation import Observation
from .observation_status import ObservationStatus
from .organization import Organization
from .patient import Patient
from .patient_info import PatientInfo
from .patient_report import PatientReport
from .quantity import Quantity
from .rejected_item import RejectedItem
from .test_response import TestResponse
from .validation_issue import ValidationIssue
from .validation_result import ValidationResult

__all__ = (
    "AccessToken",
    "AdministrativeGender",
    "ApiResponse",
    "AuthenticateEnvelope",
    "AuthenticateRequest",
    "Bundle",
    "BundleEntry",
    "CodeableConcept",
    "Coding",
    "DraftTestFailure",
    "DraftTestResponse",
    "DraftTestValidationFailure",
    "Language",
    "MagicLink",
    "MagicLinkEnvelope",
    "MissingItem",
    "Observation",
    "ObservationStatus",
    "Organization",
    "Patient",
    "PatientInfo",
    "PatientReport",
    "Quantity",
    "RejectedItem",
    "TestResponse",
    "ValidationIssue",
    "ValidationResult",
)
