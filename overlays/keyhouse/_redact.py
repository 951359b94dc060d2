"""Keeping secrets out of reprs, logs and error messages.

* :class:`Secret` holds a password, client secret, API key or token. Its ``repr``/``str`` show
  only the length; :meth:`Secret.reveal` returns the value for the one place that sends it.
  Creating a ``Secret`` registers its value for redaction.
* :func:`register` adds a value (a freshly issued token, say) to the process-wide registry;
  :func:`redact` replaces every registered (and every explicitly given) value in a text, in
  its plain form and in the forms an error body echoes it in: JSON-escaped, HTML-escaped and
  URL-encoded (a password ``p"a&ss/`` comes back as ``p\\"a&ss\\/``, ``p&quot;a&amp;ss/`` or
  ``p%22a%26ss%2F``).
* Issued tokens rotate, so the registry keeps the most recent ones; a token still held by a
  live :class:`~keyhouse.Credential` (``owner=``) is never forgotten, however many newer ones
  come after it.
* A :class:`RedactingFilter` is installed on ``logging.getLogger("keyhouse")`` at import, so
  every record logged there is scrubbed. Logger filters do not see records of child loggers,
  so keyhouse logs through that one logger only (:data:`logger`).
"""

from __future__ import annotations

import hmac
import html
import json
import logging
import os
import re
import threading
import urllib.parse
import weakref
from collections import Counter, OrderedDict, deque
from collections.abc import Iterable

__all__ = [
    "RedactingFilter",
    "Secret",
    "logger",
    "redact",
    "register",
    "reveal",
    "safe_url",
]

MASK = "[REDACTED]"
_MIN_LENGTH = 4  # shorter values would scrub ordinary words; they are not registered
_MAX_REGISTERED = 4096  # tokens rotate; keep the most recent ones

_lock = threading.Lock()
_pinned: set[str] = set()  # configured secrets (Secret): kept for the life of the process
_registry: OrderedDict[str, None] = OrderedDict()  # issued tokens: the most recent ones
_held: Counter[str] = Counter()  # tokens of live credentials: never evicted
_released: deque[tuple[str, ...]] = deque()  # of credentials collected since; see _release
_forms: dict[str, tuple[str, ...]] = {}  # value -> its encoded forms (itself included)
_snapshot: tuple[str, ...] = ()
_LOWER_HEX = re.compile(r"%[0-9A-F]{2}")


def encoded_forms(value: str) -> tuple[str, ...]:
    """``value`` and the ways an error body may echo it: JSON string escapes (with and
    without ``ensure_ascii``, ``/`` escaped or not), HTML escapes, URL encodings; and its
    whitespace collapsed, as :func:`keyhouse._errors.snippet` shows bodies."""
    forms = {value, " ".join(value.split())}
    for ascii_only in (True, False):
        escaped = json.dumps(value, ensure_ascii=ascii_only)[1:-1]
        forms.update((escaped, escaped.replace("/", "\\/")))
    escaped_html = html.escape(value, quote=True)
    forms.update(
        (escaped_html, escaped_html.replace("&#x27;", "&#39;"), html.escape(value, quote=False))
    )
    for quoted in (urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value, safe="")):
        forms.update((quoted, _LOWER_HEX.sub(lambda m: m.group().lower(), quoted)))
    return tuple(f for f in forms if len(f) >= _MIN_LENGTH)


def _rebuild() -> None:
    global _snapshot  # noqa: PLW0603 - one immutable tuple swapped atomically, read lock-free
    values = {*_pinned, *_registry}
    for gone in [v for v in _forms if v not in values]:
        del _forms[gone]
    for value in values:
        if value not in _forms:
            _forms[value] = encoded_forms(value)
    forms = {f for v in values for f in _forms[v]}
    _snapshot = tuple(sorted(forms, key=len, reverse=True))


def _release(values: tuple[str, ...]) -> None:
    # A finalizer: it may run inside `with _lock` in this very thread, so it takes no lock;
    # deque.append is atomic and _evict settles the counts under the lock.
    _released.append(values)


logger = logging.getLogger("keyhouse")


def _new_lock_in_child() -> None:
    # A fork while another thread registered a token would leave the lock held for good.
    global _lock  # noqa: PLW0603
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def register(*values: str | None, pin: bool = False, owner: object = None) -> None:
    """Remember secret values so that :func:`redact` and the log filter scrub them.

    Issued tokens rotate, so only the most recent ``_MAX_REGISTERED`` are kept, except those
    of a live ``owner`` (the :class:`~keyhouse.Credential` holding them: a token in use is
    never forgotten). ``pin=True`` (what :class:`Secret` does for passwords, client secrets
    and API keys) keeps a value for good, however many tokens come after it.
    """
    new = tuple(v for v in values if v and len(v) >= _MIN_LENGTH)
    if not new:
        return
    with _lock:
        changed = False
        for value in new:
            if value in _pinned:
                continue
            if pin:
                _pinned.add(value)
                _registry.pop(value, None)
                changed = True
            elif value in _registry:
                _registry.move_to_end(value)
            else:
                _registry[value] = None
                changed = True
        if owner is not None and not pin:
            _held.update(new)
            weakref.finalize(owner, _release, new)
        changed = _evict() or changed
        if changed:
            _rebuild()


def _evict() -> bool:
    """Drop the oldest tokens beyond ``_MAX_REGISTERED`` that no live credential holds."""
    while _released:
        values = _released.popleft()
        _held.subtract(values)
        for value in values:
            if _held[value] <= 0:
                del _held[value]
    excess = len(_registry) - _MAX_REGISTERED
    if excess <= 0:
        return False
    for value in [v for v in _registry if v not in _held][:excess]:
        del _registry[value]
    return True


def redact(text: str, secrets: Iterable[str | None] = ()) -> str:
    """Return ``text`` with every registered secret and every value in ``secrets`` masked,
    in their plain and encoded forms (:func:`encoded_forms`)."""
    extra = [s for s in secrets if s and len(s) >= _MIN_LENGTH]
    candidates: Iterable[str] = _snapshot
    if extra:
        forms = {f for s in extra for f in encoded_forms(s)}
        candidates = sorted({*_snapshot, *forms}, key=len, reverse=True)
    for secret in candidates:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class Secret:
    """A secret string that does not show itself. Compare with ``==`` (constant time)."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        self._value = value.reveal() if isinstance(value, Secret) else str(value)
        register(self._value, pin=True)

    def reveal(self) -> str:
        """The secret value itself: only for the code that sends it to its provider."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret(<{len(self._value)} chars>)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            other = other._value
        if not isinstance(other, str):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other.encode())

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        return (Secret, (self._value,))


def reveal(value: Secret | str | None) -> str | None:
    """The plain value of a :class:`Secret` (or of a plain string)."""
    return value.reveal() if isinstance(value, Secret) else value


_SHOWN_QUERY = frozenset({"db"})  # query parameters whose value is never a secret


def safe_url(url: str) -> str:
    """``url`` fit to print: no user info, every query value but ``db`` masked (redis-py takes
    ``?password=…``), no fragment; a malformed URL shows its scheme only."""
    scheme, sep, _ = url.partition("://")
    if not sep:
        head = url.partition(":")[0]
        return head[:16] if head.isalnum() else "<malformed>"
    try:
        parts = urllib.parse.urlsplit(url)
        pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return f"{scheme[:16]}://<malformed>"
    host = parts.netloc.rpartition("@")[2]
    query = "&".join(
        f"{urllib.parse.quote(k, safe='')}={v if k in _SHOWN_QUERY else '***'}" for k, v in pairs
    )
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, query, ""))


class RedactingFilter(logging.Filter):
    """Scrub registered secrets from a record's message, arguments and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _snapshot:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _install() -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


_install()
