"""The specs say what the providers' documents say (issue 14, items 2-7).

The documents are ``shared/seeds/`` (the providers' authentication pages) and
``shared/providers.md`` next to the repository; the checks that need them are skipped where
they are absent. Everything else pins the documents' facts as constants copied from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from keyhouse_sandbox._spec import Spec, load_spec

from tests.specdata import PROVIDERS, ROOT, Example, examples, resolve

#: IMIASSIST's access-token example exactly as far as its page publishes it (the page wraps
#: it with spaces, removed here): the header, then the payload up to ``...MDAwZ``.
IMIASSIST_PUBLISHED_ACCESS = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiYWNjZXNzIiwiZXhwIjoxNjI3NzIzMTU4LCJqdGki"
    "OiJhOTJkN2I2YWZlNjU0NDA5YWNlMWI1Y2FhZjE5MDA0OCIsInN1YiI6IjVlNDY3YjI3MjZmMDRhMDAwZ"
)


@cache
def _documents() -> str | None:
    """The providers' documents as one string without whitespace, or ``None``."""
    for parent in ROOT.parents:
        shared = parent / "shared"
        if (shared / "seeds").is_dir():
            files = [*sorted((shared / "seeds").iterdir()), shared / "providers.md"]
            text = "".join(f.read_text(encoding="utf-8") for f in files if f.is_file())
            return re.sub(r"\s+", "", text)
    return None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _all_examples() -> list[Example]:
    return [ex for p in PROVIDERS for kind in ("request", "response") for ex in examples(p, kind)]


@cache
def _spec(provider: str) -> Spec:
    spec = load_spec(provider, ROOT / "specs")
    assert spec is not None
    return spec


def _schema(provider: str, name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


# --- item 6: an example called documented is the document's ----------------------------------


@pytest.mark.parametrize("example", _all_examples(), ids=str)
def test_example_label_matches_its_summary(example: Example) -> None:
    """``documented`` examples are the document's; a made-up (or partly made-up) one says so
    in its summary ("keyhouse: ...") and is keyed otherwise (``keyhouse``)."""
    made_up = example.summary.startswith("keyhouse:")
    assert not (made_up and example.name == "documented"), f"{example}: made up, not documented"


@pytest.mark.parametrize(
    "example", [ex for ex in _all_examples() if ex.name == "documented"], ids=str
)
def test_documented_examples_quote_the_documents(example: Example) -> None:
    """Every string in a ``documented`` example appears in the providers' documents."""
    documents = _documents()
    if documents is None:
        pytest.skip("the providers' documents (shared/seeds) are not next to this checkout")
    missing = [
        s
        for s in _strings(example.value)
        if re.sub(r"\s+", "", s) not in documents
        and re.sub(r"\s+", "", json.dumps(s)[1:-1]) not in documents  # quoted JSON in JSON
    ]
    assert missing == [], f"{example}: not in the documents: {missing}"


def test_imiassist_access_example_keeps_the_published_prefix() -> None:
    (login,) = [
        ex for ex in examples("imiassist", "response") if ex.where == "POST /api/v1/auth/login 200"
    ]
    access = login.value.get("access") or login.value.get("ACCESS")
    assert access.startswith(IMIASSIST_PUBLISHED_ACCESS), "differs from the published token"


def test_imiassist_published_prefix_is_the_documents() -> None:
    documents = _documents()
    if documents is None:
        pytest.skip("the providers' documents (shared/seeds) are not next to this checkout")
    assert IMIASSIST_PUBLISHED_ACCESS + "”" in documents


# --- item 2: IMIASSIST's documented spellings -------------------------------------------------

IMIASSIST_BODIES = {
    "AuthenticateResponse": [
        {"REFRESH": "r", "ACCESS": IMIASSIST_PUBLISHED_ACCESS + "Q.sig"},  # the node outputs
        {"refresh": "r", "access": IMIASSIST_PUBLISHED_ACCESS + "Q.sig"},  # SimpleJWT style
    ],
    "ApiToken": [
        {  # Get New Token's output names
            "api_key": "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            "token": "ab" * 32,
            "Created_at": "2026-07-01T10:00:00+01:00",
            "Expires_at": "2026-07-02T10:00:00+01:00",
        },
        {  # Get Existing Token's output names
            "api_key": "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            "Token": "ab" * 32,
            "Created_at": "2026-07-01T10:00:00+01:00",
            "Expires_at": "2026-07-02T10:00:00+01:00",
        },
        {  # all lower case (inferred)
            "api_key": "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            "token": "ab" * 32,
            "created_at": "2026-07-01T10:00:00+01:00",
            "expires_at": "2026-07-02T10:00:00+01:00",
        },
    ],
}


@pytest.mark.parametrize(
    ("name", "body"),
    [(name, body) for name, bodies in IMIASSIST_BODIES.items() for body in bodies],
    ids=lambda v: v if isinstance(v, str) else ",".join(v),
)
def test_imiassist_documented_spellings_are_valid(name: str, body: dict[str, Any]) -> None:
    assert _spec("imiassist").errors(_schema("imiassist", name), body, closed=True) == []


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("AuthenticateResponse", {"REFRESH": "r"}),
        ("ApiToken", {"api_key": "k", "Created_at": "2026-07-01T10:00:00Z"}),
    ],
)
def test_imiassist_one_spelling_of_each_output_is_required(name: str, body: dict[str, Any]) -> None:
    assert _spec("imiassist").errors(_schema("imiassist", name), body, closed=True) != []


def test_imiassist_inferred_spellings_are_marked() -> None:
    """The lower-case names are keyhouse's inference, the capitalised ones the document's."""
    for name, inferred in (
        ("AuthenticateResponse", ("refresh", "access")),
        ("ApiToken", ("created_at", "expires_at")),
    ):
        props = resolve("imiassist", _schema("imiassist", name))["properties"]
        for prop, schema in props.items():
            assert (schema.get("x-unverified") is True) == (prop in inferred), (name, prop)


# --- item 4: Nuxera's GET /api/transcribe example -----------------------------------------------


def test_nuxera_get_transcribe_is_decided_and_recorded() -> None:
    """The auth page's `GET /api/transcribe` example is deliberately not modelled, and the
    reason is recorded where spec authors look (specs/CONVENTIONS.md) and on the operation."""
    item = _spec("nuxera").document["paths"]["/api/transcribe"]
    assert set(item) == {"post"}, "a GET was modelled: remove the decision from CONVENTIONS.md"
    conventions = (ROOT / "specs" / "CONVENTIONS.md").read_text(encoding="utf-8")
    assert "Nuxera `GET /api/transcribe` is not modelled" in conventions
    assert "GET /api/transcribe" in item["post"]["description"]


# --- item 5: formats the documents do not give --------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "schema", "body"),
    [
        ("cardioexplorer", "AuthenticateRequest", {"clientId": "my-org", "clientSecret": "s"}),
        ("ovok", "LoginRequest", {"email": "a@b.de", "password": "p", "clientId": "my-app"}),
        ("bforeai", "LoginResponse", {"Created": "2023-01-15T10:30:42Z"}),
        ("bforeai", "LoginResponse", {"PasswordExpiration": "2024-06-15T18:30:00+01:00"}),
        ("bforeai", "LoginResponse", {"PasswordExpiration": "2024-06-15T18:30:00"}),
    ],
    ids=str,
)
def test_values_the_documents_allow_are_valid(
    provider: str, schema: str, body: dict[str, Any]
) -> None:
    """Client ids are documented as strings (the examples happen to be UUIDs); bfore.ai's
    timestamps as date-time, which allows a zone (the examples have none)."""
    assert _spec(provider).errors(_schema(provider, schema), body, closed=True) == []
