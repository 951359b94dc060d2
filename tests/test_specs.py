"""The specs are test data: their examples must survive both generated model layers exactly."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, SecretStr, TypeAdapter

from tests.specdata import (
    PROVIDERS,
    PUBLIC_OPERATIONS,
    Example,
    load,
    operations,
    resolve,
    schema_name,
)
from tests.specdata import examples as spec_examples


def _dump(model: BaseModel) -> Any:
    """JSON-mode dump with ``SecretStr`` values (``format: password``) shown, not masked."""

    def unmask(json_value: Any, py_value: Any) -> Any:
        if isinstance(py_value, SecretStr):
            return py_value.get_secret_value()
        if isinstance(json_value, dict) and isinstance(py_value, dict):
            return {k: unmask(v, py_value.get(k)) for k, v in json_value.items()}
        if isinstance(json_value, list) and isinstance(py_value, list):
            return [unmask(j, p) for j, p in zip(json_value, py_value, strict=True)]
        return json_value

    options: dict[str, Any] = {"by_alias": True, "exclude_unset": True}
    return unmask(model.model_dump(mode="json", **options), model.model_dump(**options))


def _all(kind: str) -> list[Example]:
    return [ex for p in PROVIDERS for ex in spec_examples(p, kind)]


def _attrs_class(provider: str, name: str) -> Any:
    models = importlib.import_module(f"keyhouse_{provider}.models")
    return getattr(models, name)


def _pydantic_class(provider: str, name: str) -> type[BaseModel]:
    module = importlib.import_module(f"keyhouse_models.{provider}")
    cls = getattr(module, name)
    assert issubclass(cls, BaseModel)
    return cls


def _element(example: Example) -> tuple[str, bool]:
    """The component a body example is an instance of, and whether the body is a list of it."""
    schema = example.schema
    name = schema_name(schema)
    target = resolve(example.provider, schema)
    if name and target.get("type") != "array":
        return name, False
    schema = target  # an array, inline or a named array component (no attrs class of its own)
    if schema.get("type") == "array":
        item = schema_name(schema.get("items", {}))
        if item:
            return item, True
    pytest.fail(f"{example}: body schemas must be $refs to components (see CONVENTIONS.md)")


def test_every_spec_has_examples() -> None:
    for provider in PROVIDERS:
        assert list(spec_examples(provider, "response")), f"{provider}: no response examples"
        assert list(spec_examples(provider, "request")), f"{provider}: no request examples"


@pytest.mark.parametrize("example", _all("response"), ids=str)
def test_response_example_round_trips(example: Example) -> None:
    name, many = _element(example)
    attrs_cls = _attrs_class(example.provider, name)
    pyd_cls = _pydantic_class(example.provider, name)
    if many:
        assert [attrs_cls.from_dict(v).to_dict() for v in example.value] == example.value
        adapter = TypeAdapter(list[pyd_cls])  # type: ignore[valid-type]
        dumped = adapter.dump_python(
            adapter.validate_python(example.value), mode="json", by_alias=True, exclude_unset=True
        )
    else:
        assert attrs_cls.from_dict(example.value).to_dict() == example.value
        dumped = _dump(pyd_cls.model_validate(example.value))
    assert dumped == example.value


def _placeholder(provider: str, parameter: dict[str, Any]) -> Any:
    schema = resolve(provider, parameter.get("schema", {}))
    if "example" in parameter:
        return parameter["example"]
    if schema.get("format") == "uuid":
        return uuid.UUID(int=1)
    if schema.get("type") == "integer":
        return 1
    return "x"


def _endpoint(provider: str, op: dict[str, Any]) -> Any:
    tag = op["tags"][0]
    return importlib.import_module(f"keyhouse_{provider}.api.{tag}.{op['operationId']}")


@pytest.mark.parametrize("example", _all("request"), ids=str)
def test_request_example_builds_documented_json(example: Example) -> None:
    name, many = _element(example)
    assert not many, "request bodies are objects"
    body = _attrs_class(example.provider, name).from_dict(example.value)
    method, path, _ = example.where.split(" ", 2)
    op = next(
        o for o in operations(example.provider) if o.method == method.lower() and o.path == path
    )
    kwargs: dict[str, Any] = {"body": body}
    for parameter in op.parameters:
        if parameter.get("required"):
            kwargs[parameter["name"].replace("-", "_")] = _placeholder(example.provider, parameter)
    request = _endpoint(example.provider, op.op)._get_kwargs(**kwargs)
    assert request["json"] == example.value
    assert request["method"] == method.lower()
    # And the pydantic side accepts the same document unchanged.
    pyd = _pydantic_class(example.provider, name).model_validate(example.value)
    assert _dump(pyd) == example.value


def _ops() -> list[Any]:
    return [op for p in PROVIDERS for op in operations(p)]


@pytest.mark.parametrize("op", _ops(), ids=lambda o: f"{o.provider}.{o.id}")
def test_security_is_as_documented(op: Any) -> None:
    """Credential-obtaining operations say ``security: []``; everything else is secured."""
    assert "security" in op.op, f"{op.id}: state security per operation (CONVENTIONS.md)"
    if op.id in PUBLIC_OPERATIONS:
        assert op.op.get("security") == [], f"{op.id} must say security: [] explicitly"
    else:
        assert op.security, f"{op.id} is not secured"
        assert all(req for req in op.security), f"{op.id} allows anonymous access"
        schemes = load(op.provider)["components"]["securitySchemes"]
        for requirement in op.security:
            assert set(requirement) <= set(schemes)
    # The generated client agrees: secured operations demand an AuthenticatedClient.
    module = _endpoint(op.provider, op.op)
    annotation = str(inspect.signature(module.sync_detailed).parameters["client"].annotation)
    secured = op.id not in PUBLIC_OPERATIONS
    assert ("Client" in annotation.replace("AuthenticatedClient", "")) != secured, annotation


def _walk(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}/{i}")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_guess_is_marked_with_a_reason(provider: str) -> None:
    for where, node in _walk(load(provider)):
        if node.get("x-unverified") is True:
            reason = node.get("x-unverified-reason")
            assert isinstance(reason, str), f"{provider}{where}: no x-unverified-reason"
            assert reason.strip(), f"{provider}{where}: empty x-unverified-reason"
    if provider == "imiassist":  # no IMIASSIST REST path is public: every operation is a guess
        for op in operations(provider):
            assert op.op.get("x-unverified") is True, op.id


@pytest.mark.parametrize("provider", PROVIDERS)
def test_generated_package_names(provider: str) -> None:
    """The generator ignores config typos silently: check the names it actually produced.

    The package's version is its own semantic version (codegen/versioning.py), not the
    provider's ``info.version``, which is kept as metadata."""
    dist = importlib.metadata.distribution(f"keyhouse-{provider}")
    assert dist.metadata["Name"] == f"keyhouse-{provider}"
    root = Path(__file__).resolve().parent.parent / "generated" / provider
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", dist.version)
    assert dist.version == pyproject["project"]["version"]
    assert pyproject["tool"]["keyhouse"]["api-version"] == load(provider)["info"]["version"]
    package = importlib.import_module(f"keyhouse_{provider}")
    assert package.AuthenticatedClient.__module__ == f"keyhouse_{provider}.client"
    assert (Path(package.__file__).parent / "py.typed").is_file()


def test_imiassist_host_is_built_from_variables() -> None:
    (server,) = load("imiassist")["servers"]
    assert server["url"] == "https://{subdomain}.{domain}"
    assert set(server["variables"]) == {"subdomain", "domain"}
