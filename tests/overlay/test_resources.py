"""The generated resource clients (``kh.ovok.sessions.list_sessions()``), against the sandbox.

Every operation of every provider is called once through the facade, sync and async, and
returns its success model; error statuses raise the class of their status with the parsed
body; a provider package works alone with a static token.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import io
import typing
from collections.abc import Callable, Iterator
from typing import Any

import keyhouse
import pytest
from keyhouse import Keyhouse
from keyhouse._registry import REGISTRY
from keyhouse_sandbox import DEMO_CREDENTIALS, Sandbox, env_for

from tests.specdata import PROVIDERS, examples, operations, resolve

# --- helpers -------------------------------------------------------------------------------


def _package(provider: str) -> Any:
    return importlib.import_module(f"keyhouse_{provider}")


def _resources(provider: str) -> dict[str, type]:
    """tag -> resource class, from the client class's annotations (what IDEs see)."""
    package = _package(provider)
    cls = getattr(package, provider.capitalize())
    hints = typing.get_type_hints(cls)
    return {tag: hint for tag, hint in hints.items() if tag != "client"}


def _operations_of(provider: str) -> set[tuple[str, str]]:
    found = set()
    for tag, cls in _resources(provider).items():
        for name, member in vars(cls).items():
            if callable(member) and not name.startswith("_") and not name.endswith("_async"):
                found.add((tag, name))
    return found


def _snake(operation_id: str) -> str:
    out = ""
    for char in operation_id:
        out += f"_{char.lower()}" if char.isupper() else char
    return out.lstrip("_").replace("b2_b", "b2b")


def _returns_success_model(method: Callable[..., Any], value: Any) -> None:
    """``value`` is an instance of the method's annotated return type, and of nothing else."""
    expected = typing.get_type_hints(method)["return"]
    options = typing.get_args(expected) if typing.get_origin(expected) is not list else ()
    if typing.get_origin(expected) is list:
        assert isinstance(value, list), value
        (item,) = typing.get_args(expected)
        assert all(isinstance(v, item) for v in value), value
    elif options:  # a union of success models (e.g. RevokeSessionResponse | None)
        assert isinstance(value, tuple(type(None) if o is type(None) else o for o in options))
    else:
        assert isinstance(value, expected), (value, expected)


def _json_example(provider: str, method: str, path: str) -> dict[str, Any]:
    where = f"{method.upper()} {path} request"
    for example in examples(provider, "request"):
        if example.where == where:
            value: dict[str, Any] = example.value
            return value
    raise AssertionError(f"no request example for {where}")


def _wav() -> bytes:
    from keyhouse_sandbox.demo import wav_bytes

    return wav_bytes()


# --- the calls: one step per operation, in an order the sandbox's state allows -------------

Step = tuple[str, str, Callable[[dict[str, Any]], dict[str, Any]]]


def _body(provider: str, model: str, value: dict[str, Any]) -> Any:
    return getattr(importlib.import_module(f"keyhouse_{provider}.models"), model).from_dict(value)


def _example_body(
    provider: str, op_id: str, model: str
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    for operation in operations(provider):
        if operation.id == op_id:
            value = _json_example(provider, operation.method, operation.path)
            return lambda state: {"body": _body(provider, model, value)}
    raise AssertionError(op_id)


def _steps(provider: str) -> list[Step]:
    creds = DEMO_CREDENTIALS[provider]
    none: Callable[[dict[str, Any]], dict[str, Any]] = lambda state: {}  # noqa: E731
    if provider == "cardioexplorer":
        from keyhouse_sandbox.demo import bundle

        return [
            (
                "auth",
                "authenticate",
                _example_body(provider, "authenticate", "AuthenticateRequest"),
            ),
            ("auth", "generate_magic_link", none),
            (
                "tests",
                "create_draft_test",
                lambda s: {"body": _body(provider, "Bundle", bundle())},
            ),
            ("tests", "run_test", lambda s: {"id": str(s["create_draft_test"].draft_test_id)}),
            (
                "tests",
                "get_test_result",
                lambda s: {"id": str(s["create_draft_test"].draft_test_id)},
            ),
        ]
    if provider == "bforeai":
        return [
            ("auth", "login", _example_body(provider, "login", "LoginRequest")),
            ("auth", "renew_token", none),
            (
                "auth",
                "add_auth_header",
                lambda s: {"body": _body(provider, "AddAuthHeaderRequest", {"name": "t"})},
            ),
            ("auth", "list_auth_headers", none),
            (
                "auth",
                "delete_auth_header",
                lambda s: {
                    "body": _body(
                        provider, "DeleteAuthHeaderRequest", {"text": s["add_auth_header"].token}
                    )
                },
            ),
            ("intel", "get_intel_feed", lambda s: {"page": 1, "size": 5}),
            ("auth", "logout", none),
        ]
    if provider == "imiassist":
        contact = {"first_name": "Jane", "last_name": "Doe", "email": "jane@example.org"}
        return [
            (
                "auth",
                "authenticate",
                _example_body(provider, "authenticate", "AuthenticateRequest"),
            ),
            ("auth", "get_existing_token", none),
            ("auth", "get_new_token", none),
            (
                "contacts",
                "create_contact",
                lambda s: {"body": _body(provider, "ContactRequest", contact)},
            ),
            (
                "contacts",
                "update_contact",
                lambda s: {
                    "contact_id": str(s["create_contact"].contact_id),
                    "body": _body(provider, "ContactRequest", {"first_name": "Janet"}),
                },
            ),
            (
                "contacts",
                "delete_contact",
                lambda s: {"contact_id": str(s["create_contact"].contact_id)},
            ),
            (
                "appointments",
                "schedule_appointment",
                _example_body(provider, "schedule_appointment", "AppointmentRequest"),
            ),
            (
                "appointments",
                "cancel_appointment",
                lambda s: {"appointment_id": str(s["schedule_appointment"].appointment_id)},
            ),
        ]
    if provider == "ovok":
        return [
            ("auth", "login", _example_body(provider, "login", "LoginRequest")),
            ("auth", "login_unversioned", _example_body(provider, "login", "LoginRequest")),
            (
                "auth",
                "refresh_token",
                lambda s: {
                    "body": _body(
                        provider, "RefreshTokenRequest", {"refresh_token": s["login"].refresh_token}
                    )
                },
            ),
            ("auth", "register", _example_body(provider, "register", "RegisterRequest")),
            ("auth", "b2b_login", _example_body(provider, "b2b_login", "B2BLoginRequest")),
            ("sessions", "list_sessions", none),
            ("sessions", "revoke_session", lambda s: {"option": "other"}),
        ]
    if provider == "nuxera":
        from keyhouse_nuxera.models import DictateRequest, TranscribeRequest
        from keyhouse_nuxera.types import File

        def audio() -> File:
            return File(payload=io.BytesIO(_wav()), file_name="a.wav", mime_type="audio/wav")

        return [
            (
                "auth",
                "login",
                lambda s: {
                    "body": _body(
                        provider,
                        "LoginRequest",
                        {"username": creds["username"], "password": creds["password"]},
                    )
                },
            ),
            (  # staging only: the tests switch the sandbox's staging mode on for Nuxera
                "auth",
                "refresh_token",
                lambda s: {
                    "body": _body(
                        provider, "RefreshRequest", {"refreshToken": s["login"].refresh_token}
                    )
                },
            ),
            ("auth", "get_me", none),
            (
                "clinical",
                "transcribe",
                lambda s: {
                    "body": TranscribeRequest(audio=audio(), doctor_name="Dr", patient_name="P")
                },
            ),
            ("clinical", "dictate", lambda s: {"body": DictateRequest(audio=audio())}),
        ]
    raise AssertionError(provider)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_steps_cover_every_operation_of_the_spec(provider: str) -> None:
    in_spec = {_snake(op.id) for op in operations(provider)}
    generated = _operations_of(provider)
    assert {name for _, name in generated} == in_spec
    assert {(tag, name) for tag, name, _ in _steps(provider)} == generated


@pytest.fixture
def staging(sandbox: Sandbox) -> Iterator[None]:
    """Nuxera's refresh operation exists on its staging API only: play that."""
    nuxera = sandbox.provider("nuxera")
    nuxera.staging = True  # type: ignore[attr-defined]
    yield
    nuxera.staging = False  # type: ignore[attr-defined]


@pytest.mark.usefixtures("staging")
@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_operation_sync_returns_its_success_model(kh: Keyhouse, provider: str) -> None:
    api = getattr(kh, provider)
    state: dict[str, Any] = {}
    for tag, name, kwargs in _steps(provider):
        method = getattr(getattr(api, tag), name)
        state[name] = method(**kwargs(state))
        _returns_success_model(method, state[name])


@pytest.mark.usefixtures("staging")
@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_operation_async_returns_its_success_model(kh: Keyhouse, provider: str) -> None:
    api = getattr(kh, provider)

    async def run() -> None:
        state: dict[str, Any] = {}
        for tag, name, kwargs in _steps(provider):
            method = getattr(getattr(api, tag), f"{name}_async")
            state[name] = await method(**kwargs(state))
            _returns_success_model(getattr(getattr(api, tag), name), state[name])
        await kh.aclose()

    asyncio.run(run())


# --- errors ----------------------------------------------------------------------------------


def test_keyhouse_and_every_package_name_the_same_error_tree() -> None:
    for provider in PROVIDERS:
        errors = importlib.import_module(f"keyhouse_{provider}.errors")
        names = {  # the classes' own names (errors.UnexpectedStatus is an alias)
            value.__name__
            for value in vars(errors).values()
            if isinstance(value, type) and issubclass(value, errors.ProviderError)
        }
        names.discard("MalformedResponse")  # keyhouse raises its ProtocolError for it
        for name in names:
            ours = getattr(keyhouse, name)
            assert issubclass(ours, keyhouse.ProviderError), name
            parents = {c.__name__ for c in getattr(errors, name).__mro__}
            assert parents <= {c.__name__ for c in ours.__mro__} | {"object"}, name


def test_provider_names_are_the_registry() -> None:
    assert set(typing.get_args(keyhouse.ProviderName)) == set(REGISTRY)


def _documented_errors() -> Iterator[tuple[str, str, str, int, str | None]]:
    """(provider, tag, method, status, error model) for every documented non-2xx answer of
    the operations without path parameters (a fault answers before the handler runs)."""
    for provider in PROVIDERS:
        tags = {name: tag for tag, name in _operations_of(provider)}
        for operation in operations(provider):
            name = _snake(operation.id)
            for status, response in operation.op.get("responses", {}).items():
                if status.startswith("2"):
                    continue
                media = resolve(provider, response).get("content", {}).get("application/json")
                model = None
                if media and "$ref" in media.get("schema", {}):
                    model = media["schema"]["$ref"].rsplit("/", 1)[-1]
                yield provider, tags[name], name, int(status), model


CLASSES = {
    400: keyhouse.BadRequestError,
    401: keyhouse.AuthenticationError,
    403: keyhouse.PermissionDeniedError,
    404: keyhouse.NotFoundError,
    409: keyhouse.ConflictError,
    422: keyhouse.UnprocessableEntityError,
    429: keyhouse.RateLimitedError,
}


def test_error_class_by_status_in_the_generated_package() -> None:
    from keyhouse_ovok import errors

    for status, cls in CLASSES.items():
        assert errors.error_class(status).__name__ == cls.__name__
    assert errors.error_class(500) is errors.ServerError
    assert errors.error_class(520) is errors.ServerError
    assert errors.error_class(418) is errors.UnexpectedStatusError
    assert errors.error_class(302) is errors.UnexpectedStatusError


def _error_calls(kh: Keyhouse) -> list[tuple[str, Callable[[], object], type, str | None]]:
    """(what, call, class, error model) for documented error answers the sandbox gives."""
    from keyhouse_imiassist.models import ContactRequest

    return [
        (
            "imiassist 404",
            lambda: kh.imiassist.contacts.update_contact(
                "nope", body=ContactRequest(first_name="x")
            ),
            keyhouse.NotFoundError,
            "ErrorBody",
        ),
        (
            "imiassist 404 (path only)",
            lambda: kh.imiassist.appointments.cancel_appointment("nope"),
            keyhouse.NotFoundError,
            "ErrorBody",
        ),
        (
            "ovok 400",
            lambda: kh.ovok.sessions.revoke_session("bogus"),
            keyhouse.BadRequestError,
            "ErrorBody",
        ),
        (
            "bforeai 400",
            lambda: kh.bforeai.intel.get_intel_feed(size=5000),
            keyhouse.BadRequestError,
            None,
        ),
    ]


def test_documented_error_statuses_raise_their_class_with_the_parsed_body(kh: Keyhouse) -> None:
    for what, call, cls, model in _error_calls(kh):
        with pytest.raises(keyhouse.ProviderError) as caught:
            call()
        error = caught.value
        assert type(error) is cls, what
        assert error.response is not None, what
        assert error.status == error.response.status_code, what
        if model is not None:
            assert type(error.body).__name__ == model, what
        else:
            assert isinstance(error.body, dict), what
        assert str(error.status) in str(error)
        assert error.provider in str(error)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, keyhouse.BadRequestError),
        (403, keyhouse.PermissionDeniedError),
        (404, keyhouse.NotFoundError),
        (409, keyhouse.ConflictError),
        (422, keyhouse.UnprocessableEntityError),
        (500, keyhouse.ServerError),
    ],
)
def test_every_status_class(
    kh: Keyhouse, sandbox: Sandbox, status: int, cls: type[keyhouse.ProviderError]
) -> None:
    """Each status raises its class; a body that is not the documented model stays JSON."""
    kh.token("ovok")
    sandbox.faults("ovok").wrong_shape(1, status=status)
    with pytest.raises(cls) as caught:
        kh.ovok.sessions.list_sessions()
    assert caught.value.status == status
    assert caught.value.body == ["unexpected", "shape"]


def test_documented_500_body_parsed_as_the_error_model(kh: Keyhouse, sandbox: Sandbox) -> None:
    from keyhouse_ovok.models import ErrorBody

    kh.token("ovok")
    sandbox.faults("ovok").fail_5xx(1, status=500)
    with pytest.raises(keyhouse.ServerError) as caught:
        kh.ovok.sessions.list_sessions()
    assert isinstance(caught.value.body, ErrorBody)


def test_rate_limited_after_retries(kh: Keyhouse, sandbox: Sandbox) -> None:
    kh.token("ovok")
    sandbox.faults("ovok").rate_limit(20, retry_after=0)
    with pytest.raises(keyhouse.RateLimitedError):
        kh.ovok.sessions.list_sessions()


@pytest.mark.parametrize("status", [418, 520])
def test_undocumented_status_raises_by_status(kh: Keyhouse, sandbox: Sandbox, status: int) -> None:
    kh.token("ovok")
    if status >= 500:
        sandbox.faults("ovok").fail_5xx(1, status=status)
    else:
        sandbox.faults("ovok").wrong_shape(1, status=status)
    expected = keyhouse.ServerError if status >= 500 else keyhouse.UnexpectedStatusError
    with pytest.raises(expected) as caught:
        kh.ovok.sessions.revoke_session("other")
    assert caught.value.status == status
    if status < 500:
        assert caught.value.body == ["unexpected", "shape"]  # undocumented: the JSON itself


def test_undocumented_status_through_raw_response_is_an_int(sandbox: Sandbox) -> None:
    """Issue 12.9: HTTPStatus(520) raised a bare ValueError from the generated code."""
    from keyhouse_ovok import Client
    from keyhouse_ovok.api.auth import login
    from keyhouse_ovok.models import LoginRequest

    creds = DEMO_CREDENTIALS["ovok"]
    body = LoginRequest(
        email=creds["email"], password=creds["password"], client_id=creds["client_id"]
    )
    sandbox.faults("ovok").fail_5xx(1, status=520)
    with Client(base_url=sandbox.base_url("ovok")) as client:
        response = login.sync_detailed(client=client, body=body)
    assert response.status_code == 520
    assert response.parsed is None


def test_opted_in_unexpected_status_is_a_typed_error_without_the_body(
    kh: Keyhouse, sandbox: Sandbox
) -> None:
    """Issue 12 (low): with ``raise_on_unexpected_status`` the module functions raised the
    generator's ``UnexpectedStatus`` (not a keyhouse error, the raw body attached); now the
    typed error of the status: keyhouse's through keyhouse, the package's alone."""
    import attrs
    from keyhouse_ovok import AuthenticatedClient, errors
    from keyhouse_ovok.api.sessions import list_sessions

    kh.token("ovok")
    opted_in = attrs.evolve(kh.ovok.client, raise_on_unexpected_status=True)
    sandbox.faults("ovok").unsupported(1, status=405, endpoint="GET /auth/session")
    with pytest.raises(keyhouse.UnexpectedStatusError) as info:
        list_sessions.sync(client=opted_in)
    assert isinstance(info.value, keyhouse.ProviderError)
    assert info.value.status == 405

    token = kh.token("ovok")
    base = sandbox.base_url("ovok")
    with AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True) as alone:
        sandbox.faults("ovok").unsupported(1, status=405, endpoint="GET /auth/session")
        with pytest.raises(errors.UnexpectedStatus) as raw:
            list_sessions.sync(client=alone)
    assert isinstance(raw.value, errors.ProviderError)
    assert raw.value.status == 405
    assert "Unexpected status code" not in str(raw.value)


def test_raw_response_and_per_call_timeout(kh: Keyhouse, sandbox: Sandbox) -> None:
    raw = kh.ovok.sessions.with_raw_response.list_sessions()
    assert raw.status_code == 200
    assert raw.parsed is not None
    sandbox.faults("ovok").latency(1.0)
    with pytest.raises(keyhouse.ProviderTimeoutError):
        kh.ovok.sessions.list_sessions(timeout=0.1)
    sandbox.faults("ovok").clear()
    # The shared client's timeout is untouched.
    assert kh.ovok.client.get_httpx_client().timeout.read != 0.1
    kh.ovok.sessions.list_sessions()


# --- a provider package alone --------------------------------------------------------------


def test_provider_package_alone_with_a_static_token(sandbox: Sandbox) -> None:
    from keyhouse_nuxera import Nuxera, errors
    from keyhouse_nuxera.models import LoginRequest, UserProfile

    creds = DEMO_CREDENTIALS["nuxera"]
    base_url = sandbox.base_url("nuxera")
    anonymous = Nuxera(base_url=base_url)
    login = anonymous.auth.login(
        body=LoginRequest(username=creds["username"], password=creds["password"])
    )
    token = login.token
    api = Nuxera(base_url=base_url, token=token)
    assert isinstance(api.auth.get_me(), UserProfile)
    assert isinstance(asyncio.run(api.auth.get_me_async()), UserProfile)
    bad = Nuxera(base_url=base_url, token="not-a-token")
    with pytest.raises(errors.AuthenticationError) as caught:
        bad.auth.get_me()
    assert not isinstance(caught.value, keyhouse.ProviderError)  # the package's own class
    assert caught.value.status == 401
    assert caught.value.provider == "nuxera"
    sandbox.faults("nuxera").latency(1.0)
    with pytest.raises(errors.ProviderTimeoutError):
        api.auth.get_me(timeout=0.1)
    sandbox.faults("nuxera").clear()
    closed = Nuxera(base_url="http://127.0.0.1:9", token="t")
    with pytest.raises(errors.ProviderConnectionError):
        closed.auth.get_me()
    api.close()


def test_standalone_client_needs_url_and_token() -> None:
    from keyhouse_ovok import Ovok

    with pytest.raises(TypeError, match="base_url"):
        Ovok()


def test_demo_uses_the_resource_surface_without_narrowing() -> None:
    from keyhouse_sandbox import demo

    source = inspect.getsource(demo)
    assert "isinstance" not in source
    assert ".sync(" not in source


@pytest.mark.parametrize("provider", PROVIDERS)
def test_package_readme_lists_every_operation_by_resource(provider: str) -> None:
    from tests.specdata import ROOT

    readme = (ROOT / "generated" / provider / "README.md").read_text()
    assert "MyDataModel" not in readme
    assert "api.example.com" not in readme
    for tag, name in _operations_of(provider):
        assert f"### `{provider}.{tag}`" in readme
        assert f"| `{name}` |" in readme


def test_a_generated_client_used_alone_keeps_its_token_out_of_reprs(sandbox: Sandbox) -> None:
    """README: "Passwords, client secrets, API keys and every issued token ... reprs hide them";
    a token from ``kh.token`` is for "other clients", e.g. ``Ovok(base_url=..., token=...)``,
    which hides its own repr ("<Ovok client>"); its ``client``'s attrs repr printed
    ``token='eyJ…'`` (and so did a traceback's locals) until codegen/templates/client.py.jinja
    set repr=False on it."""
    with Keyhouse.from_env(env_for("ovok", sandbox.base_url("ovok"))) as kh:
        token = kh.token("ovok")
    from keyhouse_ovok import Ovok

    ovok = Ovok(base_url=sandbox.base_url("ovok"), token=token)
    try:
        assert ovok.sessions.list_sessions().sessions  # the token works alone
        shown = {"repr(ovok)": repr(ovok), "repr(ovok.client)": repr(ovok.client)}
        leaked = [where for where, text in shown.items() if token in text]
        assert not leaked, f"the token is in {leaked}"  # named, not printed
    finally:
        ovok.close()
