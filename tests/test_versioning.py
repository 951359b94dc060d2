"""The spec-change classifier, the Python API comparison and the bump rules (codegen/).

Each case edits a copy of Ovok's spec the way a provider change would and checks the kind and
the name the change gets in the package's own terms (model, field, operation).
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "codegen"))
import generate as codegen  # noqa: E402
import versioning  # noqa: E402
from spec_diff import ADDITIVE, BREAKING, PATCH, Change, classify, snake_case, worst  # noqa: E402

SPEC = codegen.load_spec(ROOT / "specs" / "ovok.yaml")


def _edit() -> dict[str, Any]:
    return copy.deepcopy(SPEC)


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def _kinds(changes: list[Change]) -> set[tuple[str, str]]:
    return {(c.kind, c.text) for c in changes}


def test_identical_specs_have_no_changes() -> None:
    assert classify(SPEC, _edit()) == []


def test_response_property_removed_is_breaking() -> None:
    new = _edit()
    login = _schemas(new)["LoginResponse"]
    del login["properties"]["profile"]
    login["required"].remove("profile")
    assert (BREAKING, "LoginResponse.profile removed") in _kinds(classify(SPEC, new))


def test_response_property_made_optional_is_breaking() -> None:
    new = _edit()
    _schemas(new)["LoginResponse"]["required"].remove("profile")
    assert _kinds(classify(SPEC, new)) == {(BREAKING, "LoginResponse.profile made optional")}


def test_required_request_property_added_is_breaking_optional_is_additive() -> None:
    new = _edit()
    request = _schemas(new)["LoginRequest"]
    request["properties"]["deviceName"] = {"type": "string"}
    request["properties"]["otp"] = {"type": "string"}
    request["required"].append("otp")
    changes = _kinds(classify(SPEC, new))
    assert (BREAKING, "LoginRequest.otp added (required)") in changes
    assert (ADDITIVE, "LoginRequest.device_name added") in changes


def test_optional_response_property_added_is_additive() -> None:
    new = _edit()
    _schemas(new)["LoginResponse"]["properties"]["scope"] = {"type": "string"}
    changes = classify(SPEC, new)
    assert _kinds(changes) == {(ADDITIVE, "LoginResponse.scope added")}
    assert worst(changes) == ADDITIVE


def test_operation_removed_and_path_removed_are_breaking() -> None:
    new = _edit()
    del new["paths"]["/auth/session"]
    changes = _kinds(classify(SPEC, new))
    assert (BREAKING, "operation list_sessions removed") in changes
    assert (BREAKING, "path /auth/session removed") in changes


def test_method_changed_is_breaking() -> None:
    new = _edit()
    new["paths"]["/auth/session"]["post"] = new["paths"]["/auth/session"].pop("get")
    assert (
        BREAKING,
        "operation list_sessions: moved from GET /auth/session to POST /auth/session",
    ) in _kinds(classify(SPEC, new))


def test_type_and_format_changes_are_breaking() -> None:
    new = _edit()
    _schemas(new)["LoginResponse"]["properties"]["expiresIn"]["type"] = "string"
    _schemas(new)["LoginRequest"]["properties"]["clientId"]["format"] = "uuid"
    changes = _kinds(classify(SPEC, new))
    assert (BREAKING, "LoginResponse.expires_in: type changed") in changes
    assert (BREAKING, "LoginRequest.client_id: type changed") in changes


def test_request_constraint_breaks_response_constraint_is_a_patch() -> None:
    new = _edit()
    _schemas(new)["LoginRequest"]["properties"]["password"]["minLength"] = 8
    _schemas(new)["LoginResponse"]["properties"]["accessToken"]["minLength"] = 2
    changes = _kinds(classify(SPEC, new))
    assert (BREAKING, "LoginRequest.password: constraints changed") in changes
    assert (PATCH, "LoginResponse.access_token: constraints changed") in changes


def test_enum_value_removed_is_breaking_added_is_additive() -> None:
    old = _edit()
    _schemas(old)["Session"]["properties"]["authMethod"] = {
        "type": "string",
        "enum": ["password", "sso"],
    }
    new = copy.deepcopy(old)
    _schemas(new)["Session"]["properties"]["authMethod"]["enum"] = ["password", "passkey"]
    changes = _kinds(classify(old, new))
    assert (BREAKING, "Session.auth_method: enum value 'sso' removed") in changes
    assert (ADDITIVE, "Session.auth_method: enum value 'passkey' added") in changes


def test_security_changed_is_breaking() -> None:
    new = _edit()
    new["paths"]["/auth/session"]["get"]["security"] = []
    new["components"]["securitySchemes"]["bearerAuth"]["bearerFormat"] = "opaque"
    changes = _kinds(classify(SPEC, new))
    assert (BREAKING, "operation list_sessions: security changed") in changes
    assert (BREAKING, "security scheme bearerAuth changed") in changes


def test_required_parameter_added_is_breaking_optional_is_additive() -> None:
    new = _edit()
    op = new["paths"]["/auth/session"]["get"]
    op["parameters"] = [
        {"name": "pageSize", "in": "query", "schema": {"type": "integer"}},
        {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}},
    ]
    changes = _kinds(classify(SPEC, new))
    assert (ADDITIVE, "operation list_sessions: query parameter page_size added") in changes
    assert (
        BREAKING,
        "operation list_sessions: header parameter x_tenant added (required)",
    ) in changes


def test_new_operation_is_additive() -> None:
    new = _edit()
    new["paths"]["/auth/me"] = {"get": copy.deepcopy(SPEC["paths"]["/auth/session"]["get"])}
    new["paths"]["/auth/me"]["get"]["operationId"] = "get_me"
    assert _kinds(classify(SPEC, new)) == {(ADDITIVE, "operation get_me added")}


def test_descriptions_and_examples_are_a_patch() -> None:
    new = _edit()
    new["paths"]["/v2/auth/login"]["post"]["description"] = "Logs in."
    _schemas(new)["LoginResponse"]["properties"]["expiresIn"]["description"] = "Seconds."
    changes = classify(SPEC, new)
    assert worst(changes) == PATCH
    assert (PATCH, "operation login: documentation changed") in _kinds(changes)
    assert (PATCH, "model LoginResponse: documentation changed") in _kinds(changes)


def test_info_only_change_is_a_patch() -> None:
    new = _edit()
    new["info"]["version"] = "2027.1.0"
    assert worst(classify(SPEC, new)) == PATCH


@pytest.mark.parametrize(
    ("version", "kind", "expected"),
    [
        ("1.2.3", BREAKING, "2.0.0"),
        ("1.2.3", ADDITIVE, "1.3.0"),
        ("1.2.3", PATCH, "1.2.4"),
        ("1.2.3", None, "1.2.3"),
    ],
)
def test_bump(version: str, kind: str | None, expected: str) -> None:
    assert versioning.bump(version, kind) == expected
    if kind is not None:
        assert versioning.bump_kind(version, expected) == kind


def test_snake_case_matches_the_generated_names() -> None:
    assert snake_case("accessToken") == "access_token"
    assert snake_case("Chief Complaint") == "chief_complaint"
    assert snake_case("ICD-10 Code") == "icd_10_code"
    assert snake_case("refresh_token") == "refresh_token"


# ------------------------------------------------------------------------ Python API (griffe)


@pytest.fixture(scope="module")
def ovok_api() -> versioning.Surface:
    return versioning.api_surface(ROOT / "generated" / "ovok", "keyhouse_ovok")


def test_api_surface_reads_the_generated_package(ovok_api: versioning.Surface) -> None:
    field = ovok_api["keyhouse_ovok.models.login_response.LoginResponse.profile"]
    assert field == {"kind": "attribute", "annotation": "Reference", "default": False}
    sync = ovok_api["keyhouse_ovok.api.auth.login.sync"]
    assert sync["kind"] == "function"
    assert [p[0] for p in sync["params"]] == ["client", "body", "timeout"]


def test_api_comparison(ovok_api: versioning.Surface) -> None:
    module = "keyhouse_ovok"
    new = copy.deepcopy(ovok_api)
    model = "keyhouse_ovok.models.login_response.LoginResponse"
    del new[f"{model}.profile"]
    new[f"{model}.scope"] = {"kind": "attribute", "annotation": "str | Unset", "default": True}
    new[f"{model}.region"] = {"kind": "attribute", "annotation": "str", "default": False}
    new["keyhouse_ovok.api.auth.login.sync"]["params"].append(
        ["retries", "keyword-only", "int", True]
    )
    new["keyhouse_ovok.api.auth.login.asyncio"]["returns"] = "LoginResponse"
    changes = _kinds(versioning.compare_api(ovok_api, new, module))
    assert changes == {
        (BREAKING, "Python API: models.login_response.LoginResponse.profile removed"),
        (ADDITIVE, "Python API: models.login_response.LoginResponse.scope added"),
        (BREAKING, "Python API: models.login_response.LoginResponse.region added (required)"),
        (ADDITIVE, "Python API: api.auth.login.sync() parameter retries added"),
        (BREAKING, "Python API: api.auth.login.asyncio() return type changed to LoginResponse"),
    }
    assert versioning.compare_api(ovok_api, ovok_api, module) == []


# ------------------------------------------------------------------------ plan, changelog, lock


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A copy of the lock and its snapshots."""
    shutil.copy(versioning.LOCK, tmp_path / versioning.LOCK.name)
    shutil.copytree(versioning.snapshots(versioning.LOCK), tmp_path / "releases")
    return tmp_path / versioning.LOCK.name


def test_committed_lock_is_consistent() -> None:
    """Pending (unreleased) versions are fine to commit; a lock whose snapshots were edited is
    not."""
    assert versioning.verify_lock(codegen.PROVIDERS) == []


def _released_ovok(lock: Path = versioning.LOCK) -> str:
    """keyhouse-ovok's released version (what the committed lock records)."""
    version: str = json.loads(lock.read_text())["packages"]["ovok"]["version"]
    return version


def test_plan_and_changelog_name_the_change(released: Path) -> None:
    base = _released_ovok(released)
    new = _edit()
    login = _schemas(new)["LoginResponse"]
    del login["properties"]["profile"]
    login["required"].remove("profile")
    item = versioning.plan("ovok", new, ROOT / "generated" / "ovok", released)
    assert item.kind == BREAKING
    major = f"{int(base.split('.')[0]) + 1}.0.0"
    assert item.summary() == f"ovok {base} -> {major} (breaking: LoginResponse.profile removed)"
    text = versioning.changelog("keyhouse-ovok", item)
    assert text.index(f"## {major}") < text.index("### Breaking") < text.index(f"## {base}")
    assert "- LoginResponse.profile removed" in text


def test_edited_snapshot_is_refused(released: Path) -> None:
    snapshot = versioning.snapshots(released) / "ovok.spec.json"
    data = json.loads(snapshot.read_text())
    data["info"]["version"] = "1999.1.1"
    snapshot.write_text(json.dumps(data))
    problems = versioning.verify_lock(codegen.PROVIDERS, released)
    assert any("ovok" in p and "does not match its digest" in p for p in problems)


@pytest.mark.slow
def test_verify_refuses_a_breaking_change_without_major_bump(tmp_path: Path) -> None:
    """CI's check (generate.py --verify): a spec change committed without regenerating, or with
    a version that does not step far enough, is refused with a message naming it."""
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs", specs)
    out = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__"))
    text = (specs / "ovok.yaml").read_text()
    text = text.replace("required: [accessToken, project, profile]", "required: [accessToken]")
    (specs / "ovok.yaml").write_text(text)
    codegen.generate(["ovok"], out, specs=specs)
    base = _released_ovok()
    number = int(base.split(".")[0])
    major, short = f"{number + 1}.0.0", f"{number}.{int(base.split('.')[1]) + 1}.0"
    pyproject = out / "ovok" / "pyproject.toml"
    assert f'version = "{major}"' in pyproject.read_text()
    pyproject.write_text(
        pyproject.read_text().replace(f'version = "{major}"', f'version = "{short}"')
    )

    problems = codegen.verify(out, specs)
    assert any("ovok/pyproject.toml" in p for p in problems)  # drift, named
    assert any(
        p.startswith(f"ovok: breaking changes since {base} (LoginResponse.profile made optional)")
        and f"need version {major}" in p
        and f"says {short}" in p
        for p in problems
    ), problems
    # and keyhouse's extra still says 1.x: the overlay must be looked at for the break
    assert any("keyhouse[ovok] requires keyhouse-ovok 1.x" in p for p in problems)
