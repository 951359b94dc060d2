"""Contains all the data models used in inputs/outputs"""

from .add_auth_header_request import AddAuthHeaderRequest
from .auth_header import AuthHeader
from .authorization import Authorization
from .company import Company
from .delete_auth_header_request import DeleteAuthHeaderRequest
from .error_body import ErrorBody
from .intel_feed_page import IntelFeedPage
from .intel_item import IntelItem
from .login_request import LoginRequest
from .login_response import LoginResponse
from .message_response import MessageResponse
from .role import Role
from .user_properties import UserProperties

__all__ = (
    "AddAuthHeaderRequest",
    "AuthHeader",
    "Authorization",
    "Company",
    "DeleteAuthHeaderRequest",
    "ErrorBody",
    "IntelFeedPage",
    "IntelItem",
    "LoginRequest",
    "LoginResponse",
    "MessageResponse",
    "Role",
    "UserProperties",
)
