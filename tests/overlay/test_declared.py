"""Issue 9.1: each provider's token dance is declared in its spec and nowhere else.

* No provider path, field name or header name is written in ``overlays/`` (a scan).
* A login path, request field and answer field renamed in a spec reach the token flow by
  regenerating, with no Python edit (a renamed copy of Ovok's spec, generated into a temporary
  folder as ``keyhouse_ovokrenamed``).
* ``x-keyhouse`` naming what the spec does not have stops generation.
* bfore.ai with ``API_KEY`` (the audit defect): bearer-only operations work when a login is
  configured too, and say what to set when it is not, instead of a 401.
* Overlay and sandbox default lifetimes are the spec's.
"""

from __future__ import annotations

import copy
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from keyhouse import ConfigurationError, Keyhouse
from keyhouse._credential import Credential
from keyhouse._flow import drive_sync
from keyhouse._registry import discover, entry
from keyhouse._settings import ProviderSettings
from keyhouse_sandbox import BFOREAI_DEMO_API_KEY, Sandbox

from tests.specdata import PROVIDERS, load, x_keyhouse

from .conftest import environment

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "overlays" / "keyhouse"
CODEGEN = ROOT / "codegen"


def _codegen(module: str) -> Any:
    sys.path.insert(0, str(CODEGEN))
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(str(CODEGEN))


# --- nothing of a provider in the overlay --------------------------------------------------------


def _provider_words() -> set[str]:
    """Every path, request/answer field and credential header name the specs' auth uses."""
    words: set[str] = set()
    for provider in PROVIDERS:
        spec = load(provider)
        block = x_keyhouse(provider)
        steps = [*block["login"], block.get("refresh"), block.get("revoke")]
        for step in filter(None, steps):
            words.update(step.get("body", {}))
            for paths in step.get("answer", {}).values():
                words.update([paths] if isinstance(paths, str) else paths)
        words.update(spec["paths"])
        for scheme in spec["components"]["securitySchemes"].values():
            if scheme.get("type") == "apiKey":
                words.add(scheme["name"])
    # Not a provider's: plain words and standard HTTP, keyhouse's own vocabulary (the answer
    # roles of x-keyhouse, the cached record's keys) and RFC 6749's names (oauth2.py).
    own = {"token", "email", "password", "username", "Authorization", "scope"}
    own |= {"expiresIn", "expiresAt", "refreshToken", "refreshExpiresAt", "passwordExpiresAt"}
    own |= {"expires_at", "refresh_token", "access_token", "expires_in"}
    return words - own


def test_no_provider_literal_in_the_overlay() -> None:
    words = _provider_words()
    assert {"/v2/auth/login", "clientId", "data.accessToken", "X-Api-Key", "Token"} <= words
    found = []
    for path in OVERLAY.rglob("*.py"):
        literals = re.findall(r"""(?<![A-Za-z0-9_])["']([^"'\n]+)["']""", path.read_text())
        found += [f"{path.name}: {lit!r}" for lit in literals if lit in words]
    assert found == []


# --- a spec edit reaches the token flow ----------------------------------------------------------


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Ovok's spec with its login path, one request field and one answer field renamed,
    generated as ``keyhouse_ovokrenamed`` (importable as if installed)."""
    pytest.importorskip("openapi_python_client", reason="the tests session installs it")
    spec = copy.deepcopy(load("ovok"))
    spec["paths"]["/v3/auth/sign-in"] = spec["paths"].pop("/v2/auth/login")
    request = spec["components"]["schemas"]["LoginRequest"]
    request["properties"]["client_identifier"] = request["properties"].pop("clientId")
    request["required"] = [
        "client_identifier" if r == "clientId" else r for r in request["required"]
    ]
    answer = spec["components"]["schemas"]["LoginResponse"]
    answer["properties"]["jwt"] = answer["properties"].pop("accessToken")
    answer["required"] = ["jwt" if r == "accessToken" else r for r in answer["required"]]
    for media in spec["paths"]["/v3/auth/sign-in"]["post"]["responses"]["200"]["content"].values():
        for example in media.get("examples", {}).values():
            example["value"]["jwt"] = example["value"].pop("accessToken")
    for media in spec["paths"]["/v3/auth/sign-in"]["post"]["requestBody"]["content"].values():
        for example in media.get("examples", {}).values():
            example["value"]["client_identifier"] = example["value"].pop("clientId")
    login = spec["x-keyhouse"]["login"][0]
    login["body"]["client_identifier"] = login["body"].pop("clientId")
    login["answer"]["token"] = "jwt"
    folder = tmp_path_factory.mktemp("renamed")
    source = folder / "ovokrenamed.yaml"
    source.write_text(yaml.safe_dump(spec, sort_keys=False))
    project = _codegen("generate").generate_client(source, "ovokrenamed", folder / "out")
    sys.path.insert(0, str(project))
    importlib.invalidate_caches()
    try:
        yield "ovokrenamed"
    finally:
        sys.path.remove(str(project))
        for name in [m for m in sys.modules if m.startswith("keyhouse_ovokrenamed")]:
            del sys.modules[name]


def test_a_renamed_login_reaches_the_token_flow_by_regenerating(renamed: str) -> None:
    found = discover(renamed)
    assert found is not None
    settings = ProviderSettings(
        renamed,
        "https://api.example.test",
        {"email": "a@example.org", "password": "pw-123456", "client_id": "c-1"},
    )
    strategy = found.build_strategy(settings)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"jwt": "renamed-token-1", "expiresIn": 3600})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        credential = drive_sync(strategy.obtain(None), client, provider=renamed)
    assert [r.url.path for r in seen] == ["/v3/auth/sign-in"]
    assert json.loads(seen[0].content) == {
        "email": "a@example.org",
        "password": "pw-123456",
        "client_identifier": "c-1",
    }
    assert credential.token == "renamed-token-1"


def test_x_keyhouse_naming_what_the_spec_lacks_stops_generation() -> None:
    auth_facts = _codegen("auth_facts")
    spec = copy.deepcopy(load("ovok"))
    spec["x-keyhouse"]["login"][0]["body"]["clientID"] = "{CLIENT_ID}"
    with pytest.raises(auth_facts.AuthFactsError, match="no 'clientID'"):
        auth_facts.compile_auth(spec)
    spec = copy.deepcopy(load("nuxera"))
    spec["x-keyhouse"]["login"][0]["answer"]["token"] = "jwt"
    with pytest.raises(auth_facts.AuthFactsError, match="no field 'jwt'"):
        auth_facts.compile_auth(spec)
    spec = copy.deepcopy(load("bforeai"))
    spec["x-keyhouse"]["refresh"]["operationId"] = "renew"
    with pytest.raises(auth_facts.AuthFactsError, match="operationId"):
        auth_facts.compile_auth(spec)


# --- bfore.ai API key (audit) --------------------------------------------------------------------


def test_bforeai_key_and_login_together_serve_every_operation(sandbox: Sandbox) -> None:
    """The old strategy sent only X-Authorization once API_KEY was set (and refused USERNAME
    beside it): /authheader/* (bearer only) got 401."""
    env = {**environment(sandbox, "bforeai"), "KEYHOUSE_BFOREAI_API_KEY": BFOREAI_DEMO_API_KEY}
    with Keyhouse.from_env(env) as kh:
        http = kh.bforeai.client.get_httpx_client()
        listed = http.get("/authheader/list")
        assert listed.status_code == 200
        assert http.get("/v2/feed/intel").status_code == 200
    assert sandbox.counters("bforeai").logins == 1


def test_bforeai_key_alone_says_what_a_bearer_operation_needs(sandbox: Sandbox) -> None:
    env = {
        "KEYHOUSE_BFOREAI_API_KEY": BFOREAI_DEMO_API_KEY,
        "KEYHOUSE_BFOREAI_BASE_URL": sandbox.base_url("bforeai"),
    }
    before = sandbox.counters("bforeai").total
    with Keyhouse.from_env(env) as kh:
        http = kh.bforeai.client.get_httpx_client()
        feed = http.get("/v2/feed/intel")
        assert feed.status_code == 200  # the key alone: the sandbox checks X-Authorization
        with pytest.raises(ConfigurationError, match="USERNAME") as info:
            http.get("/authheader/list")
        assert BFOREAI_DEMO_API_KEY not in str(info.value)
    assert sandbox.counters("bforeai").total == before + 1  # the refused call was never sent
    assert sandbox.counters("bforeai").logins == 0


# --- lifetimes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_default_lifetimes_are_the_specs(provider: str) -> None:
    lifetimes = x_keyhouse(provider)["lifetimes"]
    for step in x_keyhouse(provider)["login"]:
        assert step["lifetime"] in lifetimes
    found = entry(provider)
    assert found.title
    auth = json.loads(
        (ROOT / "generated" / provider / f"keyhouse_{provider}" / "auth.json").read_text()
    )
    assert auth["keyhouse"]["lifetimes"] == {k: float(v) for k, v in lifetimes.items()}
    assert auth["keyhouse"]["login"][-1]["lifetime"] == float(
        lifetimes[x_keyhouse(provider)["login"][-1]["lifetime"]]
    )


# --- which scheme goes on which request ----------------------------------------------------------


def _imiassist() -> tuple[ProviderSettings, Any]:
    """IMIASSIST's settings and declared strategy, behind a base URL with a path prefix."""
    settings = ProviderSettings(
        "imiassist",
        "https://acme.imiassist.example/prefix",
        {"email": "a@example.org", "password": "pw-123456"},
    )
    return settings, entry("imiassist").build_strategy(settings)


def test_each_request_gets_its_operations_scheme() -> None:
    """The spec's per-operation security decides (public operations get nothing; a path the
    spec lacks gets the common scheme), and a new credential replaces the remembered plans."""
    settings, strategy = _imiassist()
    old = Credential(token="t-1", obtained_at=0.0, extra={"access": "a-1", "api_key": "k-1"})
    new = Credential(token="t-2", obtained_at=0.0, extra={"access": "a-2", "api_key": "k-2"})

    def sent(method: str, path: str, credential: Credential) -> dict[str, str]:
        request = httpx.Request(method, settings.base_url + path)
        request.headers["Authorization"] = "Bearer placeholder"
        strategy.apply(request, credential)
        return {k: v for k, v in request.headers.items() if k not in ("host", "content-length")}

    business = {"x-api-key": "k-1", "x-api-token": "t-1"}
    assert sent("DELETE", "/api/v1/contacts/c-9", old) == business
    assert sent("POST", "/api/v1/auth/token", old) == {"authorization": "Bearer a-1"}
    assert sent("POST", "/api/v1/auth/login", old) == {"authorization": "Bearer placeholder"}
    assert sent("GET", "/api/v1/not-in-the-spec", old) == business
    assert sent("DELETE", "/api/v1/contacts/c-9", new) == {"x-api-key": "k-2", "x-api-token": "t-2"}


def test_plans_are_kept_per_path_not_per_query() -> None:
    """A request's plan is worked out once per method and path: a paginated GET whose query
    changes on every call is planned once, and past the bound of remembered paths (ids in
    paths are unbounded) the paths in use are still remembered, not planned on every call."""
    settings, strategy = _imiassist()
    credential = Credential(token="t-1", obtained_at=0.0, extra={"access": "a", "api_key": "k"})
    planned: list[str] = []
    plan = strategy._plan  # type: ignore[attr-defined]

    def counting(method: str, path: str, credential: Credential) -> Any:
        planned.append(path)
        return plan(method, path, credential)

    strategy._plan = counting  # type: ignore[attr-defined]

    def send(path: str) -> httpx.Request:
        request = httpx.Request("GET", settings.base_url + path)
        strategy.apply(request, credential)
        return request

    for page in range(1, 301):
        assert send(f"/api/v1/contacts?page={page}").headers["x-api-token"] == "t-1"
    assert planned == ["/prefix/api/v1/contacts"]
    for n in range(3000):  # many ids, one hot path in between
        send(f"/api/v1/contacts/c-{n}")
        send("/api/v1/contacts")
    assert planned.count("/prefix/api/v1/contacts") <= 1 + 3000 // 1000  # once per start-over
