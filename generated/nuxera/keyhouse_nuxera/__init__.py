"""Nuxera AI API: a typed client generated from keyhouse's spec.

    from keyhouse_nuxera import Nuxera

    api = Nuxera(base_url="https://...", token="...")
    api.auth.login(...)
    api.clinical.transcribe(...)

Every method returns the documented success model and raises a typed error from
:mod:`keyhouse_nuxera.errors` for every other answer. ``AuthenticatedClient`` and the
per-operation modules under ``keyhouse_nuxera.api`` are the generator's lower-level surface.
"""

from collections.abc import Mapping
from typing import Any, cast

import httpx

from . import errors
from .api.auth import get_me as _auth_get_me
from .api.auth import login as _auth_login
from .api.auth import refresh_token as _auth_refresh_token
from .api.clinical import dictate as _clinical_dictate
from .api.clinical import transcribe as _clinical_transcribe
from .client import AuthenticatedClient, Client
from .models.dictate_request import DictateRequest
from .models.dictation_result import DictationResult
from .models.error_body import ErrorBody
from .models.login_request import LoginRequest
from .models.login_response import LoginResponse
from .models.refresh_request import RefreshRequest
from .models.refresh_response import RefreshResponse
from .models.transcribe_request import TranscribeRequest
from .models.transcription_result import TranscriptionResult
from .models.user_profile import UserProfile
from .types import Response


class AuthResourceWithRawResponse:
    """The ``auth`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def login(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in with username and password

        Exchanges a username (or e-mail address) and password for a JWT valid for 24 hours.
        A staging version of the page also returns `refreshToken`, `expiresAt` and
        `refreshTokenExpiresAt` (with 15-minute access tokens); those fields are optional here.

        ``POST /api/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_login.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def login_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | LoginResponse]:
        """Log in with username and password

        Exchanges a username (or e-mail address) and password for a JWT valid for 24 hours.
        A staging version of the page also returns `refreshToken`, `expiresAt` and
        `refreshTokenExpiresAt` (with 15-minute access tokens); those fields are optional here.

        ``POST /api/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | LoginResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_login.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def refresh_token(
        self,
        *,
        body: RefreshRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | RefreshResponse]:
        """Exchange a staging refresh token for a new access token

        The staging version of the login page returns a `refreshToken` (with 15-minute access
        tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
        login gave a refresh token, it renews here first and falls back to a login on any
        refusal; a 404 (a host without this path, as production is assumed to be) makes it
        stop trying for that configuration.

        ``POST /api/auth/refresh``

        Args:
            body (RefreshRequest): The refresh token from a staging login.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | RefreshResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_refresh_token.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def refresh_token_async(
        self,
        *,
        body: RefreshRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | RefreshResponse]:
        """Exchange a staging refresh token for a new access token

        The staging version of the login page returns a `refreshToken` (with 15-minute access
        tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
        login gave a refresh token, it renews here first and falls back to a login on any
        refusal; a 404 (a host without this path, as production is assumed to be) makes it
        stop trying for that configuration.

        ``POST /api/auth/refresh``

        Args:
            body (RefreshRequest): The refresh token from a staging login.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | RefreshResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_refresh_token.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def get_me(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | UserProfile]:
        """Get the current user

        ``GET /api/auth/me``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | UserProfile]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_get_me.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def get_me_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | UserProfile]:
        """Get the current user

        ``GET /api/auth/me``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | UserProfile]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_get_me.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )


class AuthResource:
    """The ``auth`` operations of the Nuxera AI API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: AuthResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = AuthResourceWithRawResponse(client)

    def login(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in with username and password

        Exchanges a username (or e-mail address) and password for a JWT valid for 24 hours.
        A staging version of the page also returns `refreshToken`, `expiresAt` and
        `refreshTokenExpiresAt` (with 15-minute access tokens); those fields are optional here.

        ``POST /api/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login._get_kwargs(
            body=body,
        )
        return _auth_login._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def login_async(
        self,
        *,
        body: LoginRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> LoginResponse:
        """Log in with username and password

        Exchanges a username (or e-mail address) and password for a JWT valid for 24 hours.
        A staging version of the page also returns `refreshToken`, `expiresAt` and
        `refreshTokenExpiresAt` (with 15-minute access tokens); those fields are optional here.

        ``POST /api/auth/login``

        Args:
            body (LoginRequest):
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            LoginResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_login._get_kwargs(
            body=body,
        )
        return _auth_login._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def refresh_token(
        self,
        *,
        body: RefreshRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> RefreshResponse:
        """Exchange a staging refresh token for a new access token

        The staging version of the login page returns a `refreshToken` (with 15-minute access
        tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
        login gave a refresh token, it renews here first and falls back to a login on any
        refusal; a 404 (a host without this path, as production is assumed to be) makes it
        stop trying for that configuration.

        ``POST /api/auth/refresh``

        Args:
            body (RefreshRequest): The refresh token from a staging login.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RefreshResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_refresh_token._get_kwargs(
            body=body,
        )
        return _auth_refresh_token._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def refresh_token_async(
        self,
        *,
        body: RefreshRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> RefreshResponse:
        """Exchange a staging refresh token for a new access token

        The staging version of the login page returns a `refreshToken` (with 15-minute access
        tokens) but does not publish the path that takes it. keyhouse guesses this one: when a
        login gave a refresh token, it renews here first and falls back to a login on any
        refusal; a 404 (a host without this path, as production is assumed to be) makes it
        stop trying for that configuration.

        ``POST /api/auth/refresh``

        Args:
            body (RefreshRequest): The refresh token from a staging login.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            RefreshResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_refresh_token._get_kwargs(
            body=body,
        )
        return _auth_refresh_token._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def get_me(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> UserProfile:
        """Get the current user

        ``GET /api/auth/me``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            UserProfile

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_me._get_kwargs()
        return _auth_get_me._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def get_me_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> UserProfile:
        """Get the current user

        ``GET /api/auth/me``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            UserProfile

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_me._get_kwargs()
        return _auth_get_me._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class ClinicalResourceWithRawResponse:
    """The ``clinical`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def transcribe(
        self,
        *,
        body: TranscribeRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | TranscriptionResult]:
        """Transcribe a consultation recording

        Uploads a WAV or MP3 recording of a consultation and returns the transcription and the
        clinical information classified from it. Long recordings may be sent in chunks; the
        last chunk carries `isFinalChunk: "true"`.

        The authentication page's examples send `GET /api/transcribe` only to show the bearer
        header; no page documents a GET, so none is modelled (see specs/CONVENTIONS.md).

        Documentation versions disagree on the credential: the newest pages send the API key
        as `x-api-key`, older pages send the login JWT as Bearer. Both are listed as
        alternatives; the newest page (`x-api-key`) is listed first. The 200 body is from an
        older page.

        ``POST /api/transcribe``

        Args:
            body (TranscribeRequest): Multipart form for `/api/transcribe`. Form values are
                strings on the wire; flags are
                the strings `"true"` / `"false"`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | TranscriptionResult]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _clinical_transcribe.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def transcribe_async(
        self,
        *,
        body: TranscribeRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ErrorBody | TranscriptionResult]:
        """Transcribe a consultation recording

        Uploads a WAV or MP3 recording of a consultation and returns the transcription and the
        clinical information classified from it. Long recordings may be sent in chunks; the
        last chunk carries `isFinalChunk: "true"`.

        The authentication page's examples send `GET /api/transcribe` only to show the bearer
        header; no page documents a GET, so none is modelled (see specs/CONVENTIONS.md).

        Documentation versions disagree on the credential: the newest pages send the API key
        as `x-api-key`, older pages send the login JWT as Bearer. Both are listed as
        alternatives; the newest page (`x-api-key`) is listed first. The 200 body is from an
        older page.

        ``POST /api/transcribe``

        Args:
            body (TranscribeRequest): Multipart form for `/api/transcribe`. Form values are
                strings on the wire; flags are
                the strings `"true"` / `"false"`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ErrorBody | TranscriptionResult]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _clinical_transcribe.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def dictate(
        self,
        *,
        body: DictateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[DictationResult | ErrorBody]:
        """Process a dictation

        Uploads a WAV dictation and returns the processed dictation text, the raw recognised
        text and a timestamp in epoch milliseconds. The dictation page does not name the
        credential; the same alternatives as `/api/transcribe` are assumed.

        ``POST /api/dictate``

        Args:
            body (DictateRequest): Multipart form for `/api/dictate`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[DictationResult | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _clinical_dictate.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def dictate_async(
        self,
        *,
        body: DictateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[DictationResult | ErrorBody]:
        """Process a dictation

        Uploads a WAV dictation and returns the processed dictation text, the raw recognised
        text and a timestamp in epoch milliseconds. The dictation page does not name the
        credential; the same alternatives as `/api/transcribe` are assumed.

        ``POST /api/dictate``

        Args:
            body (DictateRequest): Multipart form for `/api/dictate`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[DictationResult | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _clinical_dictate.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )


class ClinicalResource:
    """The ``clinical`` operations of the Nuxera AI API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: ClinicalResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = ClinicalResourceWithRawResponse(client)

    def transcribe(
        self,
        *,
        body: TranscribeRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> TranscriptionResult:
        """Transcribe a consultation recording

        Uploads a WAV or MP3 recording of a consultation and returns the transcription and the
        clinical information classified from it. Long recordings may be sent in chunks; the
        last chunk carries `isFinalChunk: "true"`.

        The authentication page's examples send `GET /api/transcribe` only to show the bearer
        header; no page documents a GET, so none is modelled (see specs/CONVENTIONS.md).

        Documentation versions disagree on the credential: the newest pages send the API key
        as `x-api-key`, older pages send the login JWT as Bearer. Both are listed as
        alternatives; the newest page (`x-api-key`) is listed first. The 200 body is from an
        older page.

        ``POST /api/transcribe``

        Args:
            body (TranscribeRequest): Multipart form for `/api/transcribe`. Form values are
                strings on the wire; flags are
                the strings `"true"` / `"false"`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            TranscriptionResult

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _clinical_transcribe._get_kwargs(
            body=body,
        )
        return _clinical_transcribe._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def transcribe_async(
        self,
        *,
        body: TranscribeRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> TranscriptionResult:
        """Transcribe a consultation recording

        Uploads a WAV or MP3 recording of a consultation and returns the transcription and the
        clinical information classified from it. Long recordings may be sent in chunks; the
        last chunk carries `isFinalChunk: "true"`.

        The authentication page's examples send `GET /api/transcribe` only to show the bearer
        header; no page documents a GET, so none is modelled (see specs/CONVENTIONS.md).

        Documentation versions disagree on the credential: the newest pages send the API key
        as `x-api-key`, older pages send the login JWT as Bearer. Both are listed as
        alternatives; the newest page (`x-api-key`) is listed first. The 200 body is from an
        older page.

        ``POST /api/transcribe``

        Args:
            body (TranscribeRequest): Multipart form for `/api/transcribe`. Form values are
                strings on the wire; flags are
                the strings `"true"` / `"false"`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            TranscriptionResult

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _clinical_transcribe._get_kwargs(
            body=body,
        )
        return _clinical_transcribe._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def dictate(
        self,
        *,
        body: DictateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> DictationResult:
        """Process a dictation

        Uploads a WAV dictation and returns the processed dictation text, the raw recognised
        text and a timestamp in epoch milliseconds. The dictation page does not name the
        credential; the same alternatives as `/api/transcribe` are assumed.

        ``POST /api/dictate``

        Args:
            body (DictateRequest): Multipart form for `/api/dictate`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            DictationResult

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _clinical_dictate._get_kwargs(
            body=body,
        )
        return _clinical_dictate._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def dictate_async(
        self,
        *,
        body: DictateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> DictationResult:
        """Process a dictation

        Uploads a WAV dictation and returns the processed dictation text, the raw recognised
        text and a timestamp in epoch milliseconds. The dictation page does not name the
        credential; the same alternatives as `/api/transcribe` are assumed.

        ``POST /api/dictate``

        Args:
            body (DictateRequest): Multipart form for `/api/dictate`.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            DictationResult

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _clinical_dictate._get_kwargs(
            body=body,
        )
        return _clinical_dictate._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class Nuxera:
    """The Nuxera AI API, one attribute per group of operations.

    ``Nuxera(base_url=..., token=...)`` sends ``token`` in the ``Authorization``
    header (``prefix`` and ``auth_header_name`` change how; without ``token`` no credentials
    are sent, for the login operations); ``Nuxera(client=...)``
    uses a prepared :class:`AuthenticatedClient` (keyhouse passes one that keeps its token
    fresh). ``client`` is that client, for the generated module functions under ``api``.
    """

    __slots__ = (
        "client",
        "auth",
        "clinical",
    )

    client: AuthenticatedClient
    """The generated client every operation is sent with."""
    auth: AuthResource
    """``login``, ``refresh_token``, ``get_me``."""
    clinical: ClinicalResource
    """``transcribe``, ``dictate``."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        client: AuthenticatedClient | None = None,
        prefix: str = "Bearer",
        auth_header_name: str = "Authorization",
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
        httpx_args: Mapping[str, Any] | None = None,
    ) -> None:
        if client is None:
            if base_url is None:
                raise TypeError("Nuxera() needs base_url= (and token=), or client=")
            settings: dict[str, Any] = {
                "base_url": base_url,
                "timeout": httpx.Timeout(timeout)
                if isinstance(timeout, (int, float))
                else timeout,
                "headers": dict(headers or {}),
            }
            client = AuthenticatedClient(
                token=token or "",
                prefix=prefix,
                auth_header_name=auth_header_name,
                httpx_args=dict(httpx_args or {}),
                **settings,
            )
            if (
                not token
            ):  # no credentials at all (the login operations), not an empty header
                extra = dict(httpx_args or {})
                client.set_httpx_client(httpx.Client(**settings, **extra))
                client.set_async_httpx_client(httpx.AsyncClient(**settings, **extra))
        self.client = client
        self.auth = AuthResource(client)
        self.clinical = ClinicalResource(client)

    def close(self) -> None:
        """Close the sync httpx client (the async one: :meth:`aclose`)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async httpx client."""
        await self.client.get_async_httpx_client().aclose()

    def __repr__(self) -> str:
        return "<Nuxera client>"


__all__ = (
    "AuthenticatedClient",
    "Client",
    "Nuxera",
    "AuthResource",
    "AuthResourceWithRawResponse",
    "ClinicalResource",
    "ClinicalResourceWithRawResponse",
    "errors",
)
