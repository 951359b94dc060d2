"""Contains all the data models used in inputs/outputs"""

from .classified_info import ClassifiedInfo
from .dictate_request import DictateRequest
from .dictation_result import DictationResult
from .error_body import ErrorBody
from .form_flag import FormFlag
from .login_request import LoginRequest
from .login_response import LoginResponse
from .login_user import LoginUser
from .refresh_request import RefreshRequest
from .refresh_response import RefreshResponse
from .transcribe_request import TranscribeRequest
from .transcription_result import TranscriptionResult
from .user_profile import UserProfile

__all__ = (
    "ClassifiedInfo",
    "DictateRequest",
    "DictationResult",
    "ErrorBody",
    "FormFlag",
    "LoginRequest",
    "LoginResponse",
    "LoginUser",
    "RefreshRequest",
    "RefreshResponse",
    "TranscribeRequest",
    "TranscriptionResult",
    "UserProfile",
)
