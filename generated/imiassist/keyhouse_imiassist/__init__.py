"""IMIASSIST API: a typed client generated from keyhouse's spec.

    from keyhouse_imiassist import Imiassist

    api = Imiassist(base_url="https://...", token="...")
    api.appointments.schedule_appointment(...)
    api.auth.authenticate(...)
    api.contacts.create_contact(...)

Every method returns the documented success model and raises a typed error from
:mod:`keyhouse_imiassist.errors` for every other answer. ``AuthenticatedClient`` and the
per-operation modules under ``keyhouse_imiassist.api`` are the generator's lower-level surface.
"""

from collections.abc import Mapping
from typing import Any, cast

import httpx

from . import errors
from .api.appointments import cancel_appointment as _appointments_cancel_appointment
from .api.appointments import schedule_appointment as _appointments_schedule_appointment
from .api.auth import authenticate as _auth_authenticate
from .api.auth import get_existing_token as _auth_get_existing_token
from .api.auth import get_new_token as _auth_get_new_token
from .api.contacts import create_contact as _contacts_create_contact
from .api.contacts import delete_contact as _contacts_delete_contact
from .api.contacts import update_contact as _contacts_update_contact
from .client import AuthenticatedClient, Client
from .models.api_token import ApiToken
from .models.appointment_request import AppointmentRequest
from .models.appointment_response import AppointmentResponse
from .models.authenticate_request import AuthenticateRequest
from .models.authenticate_response import AuthenticateResponse
from .models.contact_request import ContactRequest
from .models.contact_response import ContactResponse
from .models.error_body import ErrorBody
from .types import Response


class AppointmentsResourceWithRawResponse:
    """The ``appointments`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def schedule_appointment(
        self,
        *,
        body: AppointmentRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[AppointmentResponse | ErrorBody]:
        """Schedule an appointment

        "Schedule Appointment" node: books an appointment for a contact. Request and response
        fields are not public; the shapes below are keyhouse guesses that allow extra fields.

        ``POST /api/v1/appointments``

        Args:
            body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AppointmentResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _appointments_schedule_appointment.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def schedule_appointment_async(
        self,
        *,
        body: AppointmentRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[AppointmentResponse | ErrorBody]:
        """Schedule an appointment

        "Schedule Appointment" node: books an appointment for a contact. Request and response
        fields are not public; the shapes below are keyhouse guesses that allow extra fields.

        ``POST /api/v1/appointments``

        Args:
            body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AppointmentResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _appointments_schedule_appointment.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def cancel_appointment(
        self,
        appointment_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[AppointmentResponse | ErrorBody]:
        """Cancel an appointment

        "Cancel Appointment" node: cancels an appointment. The node accepts either the appointment
        id or its uid; keyhouse models both as the one path segment.

        ``DELETE /api/v1/appointments/{appointment_id}``

        Args:
            appointment_id (str): The appointment id or uid (the cancel node accepts either).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AppointmentResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _appointments_cancel_appointment.sync_detailed(
            appointment_id=appointment_id,
            client=self._client,
            timeout=timeout,
        )

    async def cancel_appointment_async(
        self,
        appointment_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[AppointmentResponse | ErrorBody]:
        """Cancel an appointment

        "Cancel Appointment" node: cancels an appointment. The node accepts either the appointment
        id or its uid; keyhouse models both as the one path segment.

        ``DELETE /api/v1/appointments/{appointment_id}``

        Args:
            appointment_id (str): The appointment id or uid (the cancel node accepts either).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AppointmentResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _appointments_cancel_appointment.asyncio_detailed(
            appointment_id=appointment_id,
            client=self._client,
            timeout=timeout,
        )


class AppointmentsResource:
    """The ``appointments`` operations of the IMIASSIST API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: AppointmentsResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = AppointmentsResourceWithRawResponse(client)

    def schedule_appointment(
        self,
        *,
        body: AppointmentRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AppointmentResponse:
        """Schedule an appointment

        "Schedule Appointment" node: books an appointment for a contact. Request and response
        fields are not public; the shapes below are keyhouse guesses that allow extra fields.

        ``POST /api/v1/appointments``

        Args:
            body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AppointmentResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _appointments_schedule_appointment._get_kwargs(
            body=body,
        )
        return _appointments_schedule_appointment._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def schedule_appointment_async(
        self,
        *,
        body: AppointmentRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> AppointmentResponse:
        """Schedule an appointment

        "Schedule Appointment" node: books an appointment for a contact. Request and response
        fields are not public; the shapes below are keyhouse guesses that allow extra fields.

        ``POST /api/v1/appointments``

        Args:
            body (AppointmentRequest): Appointment fields for schedule_appointment (extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AppointmentResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _appointments_schedule_appointment._get_kwargs(
            body=body,
        )
        return _appointments_schedule_appointment._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def cancel_appointment(
        self,
        appointment_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> AppointmentResponse:
        """Cancel an appointment

        "Cancel Appointment" node: cancels an appointment. The node accepts either the appointment
        id or its uid; keyhouse models both as the one path segment.

        ``DELETE /api/v1/appointments/{appointment_id}``

        Args:
            appointment_id (str): The appointment id or uid (the cancel node accepts either).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AppointmentResponse

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _appointments_cancel_appointment._get_kwargs(
            appointment_id=appointment_id,
        )
        return _appointments_cancel_appointment._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def cancel_appointment_async(
        self,
        appointment_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> AppointmentResponse:
        """Cancel an appointment

        "Cancel Appointment" node: cancels an appointment. The node accepts either the appointment
        id or its uid; keyhouse models both as the one path segment.

        ``DELETE /api/v1/appointments/{appointment_id}``

        Args:
            appointment_id (str): The appointment id or uid (the cancel node accepts either).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AppointmentResponse

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _appointments_cancel_appointment._get_kwargs(
            appointment_id=appointment_id,
        )
        return _appointments_cancel_appointment._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


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
    ) -> Response[AuthenticateResponse | ErrorBody]:
        """Authenticate the integration user

        "Authenticate" node: exchanges the integration user's email and password for a refresh
        token and an access token (an HS256 JWT whose payload starts `{"type": "access", "exp":
        ...}`). The access token is only used to obtain an API key and token. Path and method are
        a keyhouse guess.

        ``POST /api/v1/auth/login``

        Args:
            body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
                PASSWORD" node inputs).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AuthenticateResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

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
    ) -> Response[AuthenticateResponse | ErrorBody]:
        """Authenticate the integration user

        "Authenticate" node: exchanges the integration user's email and password for a refresh
        token and an access token (an HS256 JWT whose payload starts `{"type": "access", "exp":
        ...}`). The access token is only used to obtain an API key and token. Path and method are
        a keyhouse guess.

        ``POST /api/v1/auth/login``

        Args:
            body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
                PASSWORD" node inputs).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[AuthenticateResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_authenticate.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def get_existing_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiToken | ErrorBody]:
        """Get the last generated API key and token

        "Get Existing Token" node: returns the last generated API key and token. The documentation
        warns that the returned token may already have expired: check `expires_at`.

        ``GET /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiToken | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_get_existing_token.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def get_existing_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiToken | ErrorBody]:
        """Get the last generated API key and token

        "Get Existing Token" node: returns the last generated API key and token. The documentation
        warns that the returned token may already have expired: check `expires_at`.

        ``GET /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiToken | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_get_existing_token.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )

    def get_new_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiToken | ErrorBody]:
        """Generate a new API key and token

        "Get New Token" node: with the access token from `authenticate` as Bearer authorization,
        generates the API key and token required by every other IMIASSIST operation.

        ``POST /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiToken | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _auth_get_new_token.sync_detailed(
            client=self._client,
            timeout=timeout,
        )

    async def get_new_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ApiToken | ErrorBody]:
        """Generate a new API key and token

        "Get New Token" node: with the access token from `authenticate` as Bearer authorization,
        generates the API key and token required by every other IMIASSIST operation.

        ``POST /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ApiToken | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _auth_get_new_token.asyncio_detailed(
            client=self._client,
            timeout=timeout,
        )


class AuthResource:
    """The ``auth`` operations of the IMIASSIST API."""

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
    ) -> AuthenticateResponse:
        """Authenticate the integration user

        "Authenticate" node: exchanges the integration user's email and password for a refresh
        token and an access token (an HS256 JWT whose payload starts `{"type": "access", "exp":
        ...}`). The access token is only used to obtain an API key and token. Path and method are
        a keyhouse guess.

        ``POST /api/v1/auth/login``

        Args:
            body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
                PASSWORD" node inputs).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthenticateResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
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
    ) -> AuthenticateResponse:
        """Authenticate the integration user

        "Authenticate" node: exchanges the integration user's email and password for a refresh
        token and an access token (an HS256 JWT whose payload starts `{"type": "access", "exp":
        ...}`). The access token is only used to obtain an API key and token. Path and method are
        a keyhouse guess.

        ``POST /api/v1/auth/login``

        Args:
            body (AuthenticateRequest): The integration user's credentials ("USER EMAIL", "USER
                PASSWORD" node inputs).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            AuthenticateResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
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

    def get_existing_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ApiToken:
        """Get the last generated API key and token

        "Get Existing Token" node: returns the last generated API key and token. The documentation
        warns that the returned token may already have expired: check `expires_at`.

        ``GET /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ApiToken

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_existing_token._get_kwargs()
        return _auth_get_existing_token._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def get_existing_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ApiToken:
        """Get the last generated API key and token

        "Get Existing Token" node: returns the last generated API key and token. The documentation
        warns that the returned token may already have expired: check `expires_at`.

        ``GET /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ApiToken

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_existing_token._get_kwargs()
        return _auth_get_existing_token._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def get_new_token(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ApiToken:
        """Generate a new API key and token

        "Get New Token" node: with the access token from `authenticate` as Bearer authorization,
        generates the API key and token required by every other IMIASSIST operation.

        ``POST /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ApiToken

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_new_token._get_kwargs()
        return _auth_get_new_token._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def get_new_token_async(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ApiToken:
        """Generate a new API key and token

        "Get New Token" node: with the access token from `authenticate` as Bearer authorization,
        generates the API key and token required by every other IMIASSIST operation.

        ``POST /api/v1/auth/token``

        Args:
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ApiToken

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _auth_get_new_token._get_kwargs()
        return _auth_get_new_token._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class ContactsResourceWithRawResponse:
    """The ``contacts`` operations returning the whole :class:`Response` (status, headers,
    content, parsed) instead of raising for an error status."""

    __slots__ = ("_client",)

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def create_contact(
        self,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Create a contact

        "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are
        not public; the body below is a keyhouse guess that allows extra fields.

        ``POST /api/v1/contacts``

        Args:
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _contacts_create_contact.sync_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def create_contact_async(
        self,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Create a contact

        "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are
        not public; the body below is a keyhouse guess that allows extra fields.

        ``POST /api/v1/contacts``

        Args:
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _contacts_create_contact.asyncio_detailed(
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def update_contact(
        self,
        contact_id: str,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Update a contact

        "Update Contact" node: updates a contact and returns its `contact_id`.

        ``PUT /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _contacts_update_contact.sync_detailed(
            contact_id=contact_id,
            body=body,
            client=self._client,
            timeout=timeout,
        )

    async def update_contact_async(
        self,
        contact_id: str,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Update a contact

        "Update Contact" node: updates a contact and returns its `contact_id`.

        ``PUT /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _contacts_update_contact.asyncio_detailed(
            contact_id=contact_id,
            body=body,
            client=self._client,
            timeout=timeout,
        )

    def delete_contact(
        self,
        contact_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Delete a contact

        "Delete Contact" node: deletes a contact and returns its `contact_id`.

        ``DELETE /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return _contacts_delete_contact.sync_detailed(
            contact_id=contact_id,
            client=self._client,
            timeout=timeout,
        )

    async def delete_contact_async(
        self,
        contact_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> Response[ContactResponse | ErrorBody]:
        """Delete a contact

        "Delete Contact" node: deletes a contact and returns its `contact_id`.

        ``DELETE /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            Response[ContactResponse | ErrorBody]: any status; ``parsed`` is the model documented for it.

        Raises:
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        return await _contacts_delete_contact.asyncio_detailed(
            contact_id=contact_id,
            client=self._client,
            timeout=timeout,
        )


class ContactsResource:
    """The ``contacts`` operations of the IMIASSIST API."""

    __slots__ = ("_client", "with_raw_response")

    with_raw_response: ContactsResourceWithRawResponse
    """The same operations returning the whole :class:`Response` instead of raising."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client
        self.with_raw_response = ContactsResourceWithRawResponse(client)

    def create_contact(
        self,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Create a contact

        "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are
        not public; the body below is a keyhouse guess that allows extra fields.

        ``POST /api/v1/contacts``

        Args:
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_create_contact._get_kwargs(
            body=body,
        )
        return _contacts_create_contact._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def create_contact_async(
        self,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Create a contact

        "Create Contact" node: creates a contact and returns its `contact_id`. Request fields are
        not public; the body below is a keyhouse guess that allows extra fields.

        ``POST /api/v1/contacts``

        Args:
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_create_contact._get_kwargs(
            body=body,
        )
        return _contacts_create_contact._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def update_contact(
        self,
        contact_id: str,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Update a contact

        "Update Contact" node: updates a contact and returns its `contact_id`.

        ``PUT /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_update_contact._get_kwargs(
            contact_id=contact_id,
            body=body,
        )
        return _contacts_update_contact._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def update_contact_async(
        self,
        contact_id: str,
        *,
        body: ContactRequest,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Update a contact

        "Update Contact" node: updates a contact and returns its `contact_id`.

        ``PUT /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            body (ContactRequest): Contact fields for create/update (all optional; extra fields
                allowed).
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.BadRequestError: 400; ``body`` is the parsed ``ErrorBody``.
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_update_contact._get_kwargs(
            contact_id=contact_id,
            body=body,
        )
        return _contacts_update_contact._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )

    def delete_contact(
        self,
        contact_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Delete a contact

        "Delete Contact" node: deletes a contact and returns its `contact_id`.

        ``DELETE /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_delete_contact._get_kwargs(
            contact_id=contact_id,
        )
        return _contacts_delete_contact._unwrap(
            client=client, response=errors.send(client, kwargs, timeout)
        )

    async def delete_contact_async(
        self,
        contact_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
    ) -> ContactResponse:
        """Delete a contact

        "Delete Contact" node: deletes a contact and returns its `contact_id`.

        ``DELETE /api/v1/contacts/{contact_id}``

        Args:
            contact_id (str): The contact_id returned by create_contact.
            timeout: seconds (or an ``httpx.Timeout``) for this call only; ``None``: the client's.

        Returns:
            ContactResponse

        Raises:
            errors.AuthenticationError: 401; ``body`` is the parsed ``ErrorBody``.
            errors.NotFoundError: 404; ``body`` is the parsed ``ErrorBody``.
            errors.ProviderError: any other status that is not a success (the class of its status).
            errors.ProviderConnectionError: no answer (``ProviderTimeoutError``: not in time).
            errors.ProtocolError: the answer does not match the spec.

        """
        client = self._client
        kwargs = _contacts_delete_contact._get_kwargs(
            contact_id=contact_id,
        )
        return _contacts_delete_contact._unwrap(
            client=client, response=await errors.asend(client, kwargs, timeout)
        )


class Imiassist:
    """The IMIASSIST API, one attribute per group of operations.

    ``Imiassist(base_url=..., token=...)`` sends ``token`` in the ``Authorization``
    header (``prefix`` and ``auth_header_name`` change how; without ``token`` no credentials
    are sent, for the login operations); ``Imiassist(client=...)``
    uses a prepared :class:`AuthenticatedClient` (keyhouse passes one that keeps its token
    fresh). ``client`` is that client, for the generated module functions under ``api``.
    """

    __slots__ = (
        "client",
        "appointments",
        "auth",
        "contacts",
    )

    client: AuthenticatedClient
    """The generated client every operation is sent with."""
    appointments: AppointmentsResource
    """``schedule_appointment``, ``cancel_appointment``."""
    auth: AuthResource
    """``authenticate``, ``get_existing_token``, ``get_new_token``."""
    contacts: ContactsResource
    """``create_contact``, ``update_contact``, ``delete_contact``."""

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
                raise TypeError("Imiassist() needs base_url= (and token=), or client=")
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
        self.appointments = AppointmentsResource(client)
        self.auth = AuthResource(client)
        self.contacts = ContactsResource(client)

    def close(self) -> None:
        """Close the sync httpx client (the async one: :meth:`aclose`)."""
        self.client.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async httpx client."""
        await self.client.get_async_httpx_client().aclose()

    def __repr__(self) -> str:
        return "<Imiassist client>"


__all__ = (
    "AuthenticatedClient",
    "Client",
    "Imiassist",
    "AppointmentsResource",
    "AppointmentsResourceWithRawResponse",
    "AuthResource",
    "AuthResourceWithRawResponse",
    "ContactsResource",
    "ContactsResourceWithRawResponse",
    "errors",
)
