"""Contains all the data models used in inputs/outputs"""

from .b2b_login_request import B2BLoginRequest
from .error_body import ErrorBody
from .login_request import LoginRequest
from .login_response import LoginResponse
from .reference import Reference
from .refresh_token_request import RefreshTokenRequest
from .refresh_token_response import RefreshTokenResponse
from .register_request import RegisterRequest
from .revoke_session_response import RevokeSessionResponse
from .session import Session
from .session_list import SessionList

__all__ = (
    "B2BLoginRequest",
    "ErrorBody",
    "LoginRequest",
    "LoginResponse",
    "Reference",
    "RefreshTokenRequest",
    "RefreshTokenResponse",
    "RegisterRequest",
    "RevokeSessionResponse",
    "Session",
    "SessionList",
)
