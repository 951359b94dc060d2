"""Contains all the data models used in inputs/outputs"""

from .api_token import ApiToken
from .appointment_request import AppointmentRequest
from .appointment_response import AppointmentResponse
from .authenticate_request import AuthenticateRequest
from .authenticate_response import AuthenticateResponse
from .contact_request import ContactRequest
from .contact_response import ContactResponse
from .error_body import ErrorBody

__all__ = (
    "ApiToken",
    "AppointmentRequest",
    "AppointmentResponse",
    "AuthenticateRequest",
    "AuthenticateResponse",
    "ContactRequest",
    "ContactResponse",
    "ErrorBody",
)
