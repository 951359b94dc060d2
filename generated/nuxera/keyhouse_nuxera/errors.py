"""Contains shared errors types that can be raised from API functions"""

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class MalformedResponse(Exception):
    """Raised by api functions when a response body does not match the spec (bad JSON, missing
    fields, wrong types). Clients may supply their own error through a ``malformed_response``
    method (keyhouse raises its ``ProtocolError``)."""

    def __init__(self, status_code: int, reason: str):
        self.status_code = status_code
        self.reason = reason
        super().__init__(f"Malformed response body (status {status_code}): {reason}")


def malformed_response(
    client: object, response: httpx.Response, error: Exception
) -> Exception:
    """The exception to raise for a body that does not match the spec.

    Only the exception type is named, never the body: it may carry credentials."""
    reason = f"{type(error).__name__} while parsing the documented {response.status_code} body"
    hook = getattr(client, "malformed_response", None)
    if callable(hook):
        custom = hook(response, reason)
        if isinstance(custom, Exception):
            return custom
    return MalformedResponse(response.status_code, reason)


__all__ = ["MalformedResponse", "UnexpectedStatus", "malformed_response"]
