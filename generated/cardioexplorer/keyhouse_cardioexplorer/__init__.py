"""CardioExplorer API: a typed client generated from keyhouse's spec.

    from keyhouse_cardioexplorer import Cardioexplorer

    api = Cardioexplorer(base_url="https://...", token="...")
    api.auth.authenticate(...)
    api.tests.create_draft_test(...)

Every method returns the documented success model and raises a typed error from
:mod:`keyhouse_cardioexplorer.errors` for every other answer. ``AuthenticatedClient`` and the
per-operation modules under ``keyhouse_cardioexplorer.api`` are the generator's lower-level surface.
"""

from collections.abc import Mapping
from typing import Any, cast

import httpx

from . import errors
from .api.auth import authenticate as _auth_authenticate
from .api.auth import generate_magic_link as _auth_generate_magic_link
from .api.tests import create_draft_test as _tests_create_draft_test
from .api.tests import get_test_result as _tests_get_test_result
from .api.tests import run_test as _tests_run_test
from .client import AuthenticatedClient, Client
from .models.api_response import ApiResponse
from .models.authenticate_envelope import AuthenticateEnvelope
from .models.authenticate_request import AuthenticateRequest
from .models.bundle import Bundle
from .models.draft_test_failure import DraftTestFailure
from .models.draft_test_response import DraftTestResponse
from .models.draft_test_validation_failure import DraftTestValidationFailure
from .models.language import Language
from .models.magic_link_envelope import MagicLinkEnvelope
from .models.patient_report import PatientReport
from .models.test_response import TestResponse
from .types import UNSET, Response, Unset


class AuthResourceWithRawResponse:
    """The ``auth`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def authenticate(
        self,
        *,
        body: AuthenticateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiResponse | AuthenticateEnvelope]:
        """Obtain access token

        Validates `clientId` and `clientSecret`, then returns a JWT access token wrapped in the
        response envelope. Send the returned `accessToken` as `Authorization: Bearer {token}`
        on subsequent calls. The token expires after 3600 seconds; there is no refresh token,
        so authenticate again.

        ``POST /api/organization-auth/authenticate``

        Args:
            body (AuthenticateRequest): Client credentials of an organisation.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiResponse | AuthenticateEnvelope]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_authenticate.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def authenticate_async(
        self,
        *,
        body: AuthenticateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiResponse | AuthenticateEnvelope]:
        """Obtain access token

        Validates `clientId` and `clientSecret`, then returns a JWT access token wrapped in the
        response envelope. Send the returned `accessToken` as `Authorization: Bearer {token}`
        on subsequent calls. The token expires after 3600 seconds; there is no refresh token,
        so authenticate again.

        ``POST /api/organization-auth/authenticate``

        Args:
            body (AuthenticateRequest): Client credentials of an organisation.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiResponse | AuthenticateEnvelope]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_authenticate.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def generate_magic_link(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MagicLinkEnvelope]:
        """Generate magic link

        Generates a one-time sign-in link for the authenticated organisation. No request body.
        The link points at `/api/auth/magic-links/verify?token=…`.

        ``POST /api/auth/magic-links/generate``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MagicLinkEnvelope]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_generate_magic_link.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def generate_magic_link_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | MagicLinkEnvelope]:
        """Generate magic link

        Generates a one-time sign-in link for the authenticated organisation. No request body.
        The link points at `/api/auth/magic-links/verify?token=…`.

        ``POST /api/auth/magic-links/generate``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | MagicLinkEnvelope]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_generate_magic_link.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )


class AuthResource:
    """The ``auth`` operations of the CardioExplorer API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: AuthResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = AuthResourceWithRawResponse(client)

    def authenticate(
        self,
        *,
        body: AuthenticateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AuthenticateEnvelope:
        """Obtain access token

        Validates `clientId` and `clientSecret`, then returns a JWT access token wrapped in the
        response envelope. Send the returned `accessToken` as `Authorization: Bearer {token}`
        on subsequent calls. The token expires after 3600 seconds; there is no refresh token,
        so authenticate again.

        ``POST /api/organization-auth/authenticate``

        Args:
            body (AuthenticateRequest): Client credentials of an organisation.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthenticateEnvelope

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ApiResponse``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ApiResponse``.
            errors.ServerError: 500; ``body`` is the parsed ``ApiResponse``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_authenticate._get_kwargs(
            body=body,
        )
        return _auth_authenticate._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def authenticate_async(
        self,
        *,
        body: AuthenticateRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AuthenticateEnvelope:
        """Obtain access token

        Validates `clientId` and `clientSecret`, then returns a JWT access token wrapped in the
        response envelope. Send the returned `accessToken` as `Authorization: Bearer {token}`
        on subsequent calls. The token expires after 3600 seconds; there is no refresh token,
        so authenticate again.

        ``POST /api/organization-auth/authenticate``

        Args:
            body (AuthenticateRequest): Client credentials of an organisation.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthenticateEnvelope

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ApiResponse``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ApiResponse``.
            errors.ServerError: 500; ``body`` is the parsed ``ApiResponse``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_authenticate._get_kwargs(
            body=body,
        )
        return _auth_authenticate._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def generate_magic_link(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> MagicLinkEnvelope:
        """Generate magic link

        Generates a one-time sign-in link for the authenticated organisation. No request body.
        The link points at `/api/auth/magic-links/verify?token=…`.

        ``POST /api/auth/magic-links/generate``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MagicLinkEnvelope

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_generate_magic_link._get_kwargs()
        return _auth_generate_magic_link._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def generate_magic_link_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> MagicLinkEnvelope:
        """Generate magic link

        Generates a one-time sign-in link for the authenticated organisation. No request body.
        The link points at `/api/auth/magic-links/verify?token=…`.

        ``POST /api/auth/magic-links/generate``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            MagicLinkEnvelope

        Raises:
            errors.AuthenticationError: 401.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_generate_magic_link._get_kwargs()
        return _auth_generate_magic_link._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class TestsResourceWithRawResponse:
    """The ``tests`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def create_draft_test(
        self,
        *,
        body: Bundle,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]:
        """Generate draft test

        Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
        `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
        Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
        test needs but the bundle lacks are listed in `missingItems`. Unlike the
        authentication endpoints the responses are NOT enveloped: they are `success` objects.

        ``POST /api/fhir/draft-test``

        Args:
            body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
                Observations.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _tests_create_draft_test.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def create_draft_test_async(
        self,
        *,
        body: Bundle,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]:
        """Generate draft test

        Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
        `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
        Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
        test needs but the bundle lacks are listed in `missingItems`. Unlike the
        authentication endpoints the responses are NOT enveloped: they are `success` objects.

        ``POST /api/fhir/draft-test``

        Args:
            body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
                Observations.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[DraftTestFailure | DraftTestResponse | DraftTestValidationFailure]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _tests_create_draft_test.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def run_test(
        self,
        id: str,
        *,
        language: Language | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | TestResponse]:
        """Run CCSTest

        Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
        and returns its risk score. `riskLevel` and `recommendation` are localised by the
        optional `language` query parameter. No request body.

        ``POST /api/ccs/v1/tests/{id}/run``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            language (Language | Unset): Language of localised fields.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | TestResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _tests_run_test.sync_detailed(
            id=id,
            language=language,
            client=self._client,
            timeout=timeout,
        )

    async def run_test_async(
        self,
        id: str,
        *,
        language: Language | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | TestResponse]:
        """Run CCSTest

        Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
        and returns its risk score. `riskLevel` and `recommendation` are localised by the
        optional `language` query parameter. No request body.

        ``POST /api/ccs/v1/tests/{id}/run``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            language (Language | Unset): Language of localised fields.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | TestResponse]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _tests_run_test.asyncio_detailed(
            id=id,
            language=language,
            client=self._client,
            timeout=timeout,
        )

    def get_test_result(
        self,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | PatientReport]:
        """Get CCSTest result

        Returns the `PatientReport` of a test that has run. Only the beginning of the report
        (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
        marked `x-unverified`, and the schema allows further properties.

        ``GET /api/ccs/v1/tests/{id}/result``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | PatientReport]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _tests_get_test_result.sync_detailed(
            id=id,
            client=self._client,
            timeout=timeout,
        )

    async def get_test_result_async(
        self,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[Any | PatientReport]:
        """Get CCSTest result

        Returns the `PatientReport` of a test that has run. Only the beginning of the report
        (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
        marked `x-unverified`, and the schema allows further properties.

        ``GET /api/ccs/v1/tests/{id}/result``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[Any | PatientReport]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _tests_get_test_result.asyncio_detailed(
            id=id,
            client=self._client,
            timeout=timeout,
        )


class TestsResource:
    """The ``tests`` operations of the CardioExplorer API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: TestsResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = TestsResourceWithRawResponse(client)

    def create_draft_test(
        self,
        *,
        body: Bundle,
        timeout: float | httpx.Timeout | None = None,
    ) -> DraftTestResponse:
        """Generate draft test

        Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
        `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
        Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
        test needs but the bundle lacks are listed in `missingItems`. Unlike the
        authentication endpoints the responses are NOT enveloped: they are `success` objects.

        ``POST /api/fhir/draft-test``

        Args:
            body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
                Observations.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            DraftTestResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``DraftTestValidationFailure``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``DraftTestFailure``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_create_draft_test._get_kwargs(
            body=body,
        )
        return _tests_create_draft_test._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def create_draft_test_async(
        self,
        *,
        body: Bundle,
        timeout: float | httpx.Timeout | None = None,
    ) -> DraftTestResponse:
        """Generate draft test

        Maps a FHIR R4 `Bundle` (`type: collection`) holding one `Patient` and its
        `Observation`s (LOINC codes) onto the CCS test's inputs and stores a draft test.
        Observations older than 90 days are rejected (listed in `rejectedItems`); inputs the
        test needs but the bundle lacks are listed in `missingItems`. Unlike the
        authentication endpoints the responses are NOT enveloped: they are `success` objects.

        ``POST /api/fhir/draft-test``

        Args:
            body (Bundle): A FHIR R4 Bundle of type `collection` holding one Patient and its
                Observations.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            DraftTestResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``DraftTestValidationFailure``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``DraftTestFailure``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_create_draft_test._get_kwargs(
            body=body,
        )
        return _tests_create_draft_test._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def run_test(
        self,
        id: str,
        *,
        language: Language | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> TestResponse:
        """Run CCSTest

        Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
        and returns its risk score. `riskLevel` and `recommendation` are localised by the
        optional `language` query parameter. No request body.

        ``POST /api/ccs/v1/tests/{id}/run``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            language (Language | Unset): Language of localised fields.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            TestResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.PermissionDeniedError: 403.
            errors.NotFoundError: 404.
            errors.ServerError: 500.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_run_test._get_kwargs(
            id=id,
            language=language,
        )
        return _tests_run_test._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def run_test_async(
        self,
        id: str,
        *,
        language: Language | Unset = UNSET,
        timeout: float | httpx.Timeout | None = None,
    ) -> TestResponse:
        """Run CCSTest

        Runs the CCS test for a draft test (the `draftTestId` returned by `create_draft_test`)
        and returns its risk score. `riskLevel` and `recommendation` are localised by the
        optional `language` query parameter. No request body.

        ``POST /api/ccs/v1/tests/{id}/run``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            language (Language | Unset): Language of localised fields.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            TestResponse

        Raises:
            errors.BadRequestError: 400.
            errors.AuthenticationError: 401.
            errors.PermissionDeniedError: 403.
            errors.NotFoundError: 404.
            errors.ServerError: 500.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_run_test._get_kwargs(
            id=id,
            language=language,
        )
        return _tests_run_test._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def get_test_result(
        self,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> PatientReport:
        """Get CCSTest result

        Returns the `PatientReport` of a test that has run. Only the beginning of the report
        (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
        marked `x-unverified`, and the schema allows further properties.

        ``GET /api/ccs/v1/tests/{id}/result``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            PatientReport

        Raises:
            errors.AuthenticationError: 401.
            errors.PermissionDeniedError: 403.
            errors.NotFoundError: 404.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_get_test_result._get_kwargs(
            id=id,
        )
        return _tests_get_test_result._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def get_test_result_async(
        self,
        id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> PatientReport:
        """Get CCSTest result

        Returns the `PatientReport` of a test that has run. Only the beginning of the report
        (`testId`, `patientInfo`, `testDate`) is public; the other fields are guesses and
        marked `x-unverified`, and the schema allows further properties.

        ``GET /api/ccs/v1/tests/{id}/result``

        Args:
            id (str): The test id (the `draftTestId` returned by `create_draft_test`).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            PatientReport

        Raises:
            errors.AuthenticationError: 401.
            errors.PermissionDeniedError: 403.
            errors.NotFoundError: 404.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _tests_get_test_result._get_kwargs(
            id=id,
        )
        return _tests_get_test_result._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class Cardioexplorer:
    """The CardioExplorer API, one attribute per group of operations.

    ``Cardioexplorer(base_url=..., token=...)`` sends ``token`` in the ``Authorization``
    header (``prefix`` and ``auth_header_name`` change how; without ``token`` no credentials
    are sent, for the login operations); ``Cardioexplorer(client=...)``
    uses a prepared :class:`AuthenticatedClient` (keyhouse passes one that keeps its token
    fresh). ``client`` is that client, for the generated module functions under ``api``.
    """

    __slots__ = (
        "client",
        "auth",
        "tests",
    )

    client: AuthenticatedClient
    """The generated client every operation is sent with."""
    auth: AuthResource
    """``authenticate``, ``generate_magic_link``."""
    tests: TestsResource
    """``create_draft_test``, ``run_test``, ``get_test_result``."""

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
                raise TypeError(
                    "Cardioexplorer() needs base_url= (and token=), or client="
                )
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
        self.tests = TestsResource(client)

    def close(self) -> None:
        """Close the sync httpx client (the async one: :meth:`aclose`)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async httpx client."""
        await self.client.get_async_httpx_client().aclose()

    def __repr__(self) -> str:
        return "<Cardioexplorer client>"


__all__ = (
    "AuthenticatedClient",
    "Client",
    "Cardioexplorer",
    "AuthResource",
    "AuthResourceWithRawResponse",
    "TestsResource",
    "TestsResourceWithRawResponse",
    "errors",
)
