"""One CKAN action call with retries, error translation and a hidden API key.

Built on ``ckanapi.RemoteCKAN`` (https://github.com/ckan/ckanapi). Transient failures
(connection errors, timeouts, HTTP 429 and 5xx) are retried with exponential backoff;
everything else becomes a :class:`~nerima_opendata.publish.errors.PublishError` whose
message never contains the key: CKAN's errors are translated, and any other failure
of the request (``requests.RequestException``, ``ValueError``, ``UnicodeError``, e.g.
a header that cannot be sent) is reported with its text passed through
:meth:`Secret.redact`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nerima_opendata.files.deadline import DeadlineExceeded, Timeouts, within
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.publish._secret import Secret
from nerima_opendata.publish.errors import (
    CatalogAuthError,
    CatalogConfigError,
    CatalogUnreachableError,
    CatalogValidationError,
    PublishError,
)

if TYPE_CHECKING:
    import ckanapi  # type: ignore[import-untyped]
    import requests
else:
    ckanapi = LazyModule("ckan", "publish", "ckanapi")
    requests = LazyModule("ckan", "publish", "requests")

__all__ = ["NotFoundError", "RetryPolicy", "Secret", "Transport"]

_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
#: Connect and read timeouts and the deadline of a call, in seconds (a server that sends
#: a byte now and then ends the call at the deadline); uploads of large files need the
#: long read.
TIMEOUTS = Timeouts(connect=10.0, read=300.0, deadline=600.0)
#: A call that uploads a file has this many times the deadline (an hour by default).
UPLOAD_FACTOR = 6
#: A URL's user-info (``//user:password@``; all up to the last ``@``, so that a password
#: with an unencoded ``/`` is caught too), kept out of every message.
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^@]*@", re.DOTALL)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry transient failures.

    Attributes:
        attempts: Total attempts per call (1 = no retry).
        base_delay: Seconds before the first retry; doubled each time.
        max_delay: The longest wait between two attempts.
    """

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("attempts must be >= 1 and delays >= 0")

    def delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (0-based)."""
        return float(min(self.max_delay, self.base_delay * 2**retry))


class NotFoundError(PublishError):
    """CKAN answered 404 Not Found (the caller decides whether that is an error)."""


class _ServerError(Exception):
    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(f"HTTP {status}")


def _field_errors(error: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in error.items():
        if key.startswith("__") or key == "message":
            continue
        items = value if isinstance(value, list) else [value]
        out[key] = [str(item) for item in items if item]
    return out


class Transport:
    """Calls CKAN actions; counts read and write calls.

    Args:
        url: The catalog's base URL (without ``/api/3/action``).
        api_key: The API token, or ``None`` for anonymous reads.
        retry: The retry policy for transient failures.
        sleep: The function that waits between attempts (tests pass a fake).
        timeouts: Each call's connect and read timeouts and overall deadline (an
            upload has :data:`UPLOAD_FACTOR` times the deadline).

    Raises:
        CatalogConfigError: The URL holds credentials (``https://user:pass@host``).
    """

    def __init__(
        self,
        url: str,
        api_key: Secret,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeouts: Timeouts = TIMEOUTS,
    ) -> None:
        if _USERINFO.match(url):
            raise CatalogConfigError(
                "the catalog URL holds credentials (user:password@): they would be shown "
                "and would replace the API key's header; give the key with --api-key or "
                "CKAN_API_KEY and the URL without them",
                found=_USERINFO.sub(r"\1***@", url, count=1),
                expected="e.g. https://catalog.example.jp",
            )
        self.url = url.rstrip("/")
        self.timeouts = timeouts
        self._key = api_key
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self.reads = 0
        self.writes = 0
        self._status: int | None = None
        session = requests.Session()
        session.hooks["response"].append(self._on_response)
        self._ckan = ckanapi.RemoteCKAN(
            self.url,
            apikey=api_key.reveal(),
            user_agent="nerima-opendata (+https://github.com/ckan/ckanapi)",
            session=session,
        )

    def __repr__(self) -> str:
        return f"Transport(url={self.url!r}, api_key={self._key!r})"

    def close(self) -> None:
        """Close the HTTP session."""
        self._ckan.close()

    def _on_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        self._status = int(response.status_code)
        if self._status in _TRANSIENT_STATUS:
            response.close()  # give the connection back before retrying
            raise _ServerError(self._status)

    def call(
        self,
        action: str,
        data: dict[str, Any],
        *,
        upload: Path | None = None,
        write: bool = False,
        probe: Callable[[], Any] | None = None,
    ) -> Any:
        """Call one action, retrying transient failures.

        Args:
            action: The action name, e.g. ``package_show``.
            data: Its parameters.
            upload: A file to send as the ``upload`` field (multipart).
            write: Whether the call changes the catalog (counted separately).
            probe: For creating calls: before a retry, a read that returns the object
                if an earlier attempt created it after all (so no duplicate is made),
                or ``None``.

        Returns:
            The action's ``result``.

        Raises:
            NotFoundError: CKAN answered 404.
            CatalogAuthError: CKAN answered 401/403.
            CatalogValidationError: CKAN answered 409 with field errors.
            CatalogUnreachableError: No answer, not a CKAN action API, a server error
                that persisted through every retry, or a request that could not be made.
            PublishError: A request that could not be sent (a value it cannot encode).
        """
        last: BaseException = RuntimeError("no attempt made")
        for attempt in range(self.retry.attempts):
            try:
                if attempt and probe is not None:
                    found = probe()
                    if found is not None:
                        return found
                return self._once(action, data, upload, write)
            except (requests.ConnectionError, requests.Timeout, _ServerError) as exc:
                last = exc
                if attempt + 1 < self.retry.attempts:
                    self._sleep(self.retry.delay(attempt))
        raise self._give_up(action, last)

    def read_once(self, action: str, data: dict[str, Any]) -> Any:
        """One read call without retries (for probes inside :meth:`call`)."""
        return self._once(action, data, None, False)

    def _once(self, action: str, data: dict[str, Any], upload: Path | None, write: bool) -> Any:
        if write:
            self.writes += 1
        else:
            self.reads += 1
        self._status = None
        limits = self.timeouts
        try:
            if upload is None:
                kwargs = {"timeout": limits.for_requests()}
                return within(
                    limits.deadline,
                    lambda: self._ckan.call_action(action, data, requests_kwargs=kwargs),
                )
            upload_deadline = limits.deadline * UPLOAD_FACTOR
            return within(upload_deadline, lambda: self._upload(action, data, upload))
        except (requests.ConnectionError, requests.Timeout, _ServerError):
            raise
        except DeadlineExceeded as exc:
            raise CatalogUnreachableError(
                self._text(
                    f"the catalog at {self.url} gave no complete answer to {action} within "
                    f"{exc.seconds:g} s; nothing more was sent (check the catalog and the "
                    "network, then publish again)"
                )
            ) from None
        except ckanapi.NotFound as exc:
            raise NotFoundError(self._text(f"{action}: not found ({exc})")) from None
        except ckanapi.NotAuthorized as exc:
            raise self._auth(action, exc) from None
        except ckanapi.ValidationError as exc:
            raise CatalogValidationError(
                self._text(f"the catalog refused {action} (HTTP 409 validation error):"),
                field_errors={
                    self._text(k): [self._text(m) for m in v]
                    for k, v in _field_errors(exc.error_dict).items()
                },
            ) from None
        except (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError) as exc:
            if self._status in (401, 403):
                raise self._auth(action, exc) from None
            raise CatalogUnreachableError(
                self._text(
                    f"{self.url} did not answer {action} like a CKAN action API "
                    f"(HTTP {self._status}); check --ckan-url (the site's base URL, "
                    f"without /api/3/action)"
                )
            ) from None
        except requests.RequestException as exc:  # e.g. InvalidURL, InvalidHeader
            raise CatalogUnreachableError(
                self._text(
                    f"the request {action} to {self.url} could not be made: "
                    f"{type(exc).__name__}: {exc}; check --ckan-url and the API key"
                )
            ) from None
        except (ValueError, UnicodeError) as exc:  # e.g. a header that cannot be encoded
            raise PublishError(
                self._text(f"the request {action} could not be sent: {type(exc).__name__}: {exc}")
            ) from None

    def _upload(self, action: str, data: dict[str, Any], upload: Path) -> Any:
        with upload.open("rb") as stream:
            return self._ckan.call_action(
                action,
                data,
                files={"upload": (upload.name, stream)},
                requests_kwargs={"timeout": self.timeouts.for_requests()},
            )

    def _auth(self, action: str, exc: BaseException) -> CatalogAuthError:
        return CatalogAuthError(
            self._text(
                f"the catalog refused {action} (HTTP {self._status or 403} not authorized): "
                "check the API key (--api-key or CKAN_API_KEY) and that its user is an "
                "editor or admin of the organization"
            )
        )

    def _give_up(self, action: str, exc: BaseException) -> PublishError:
        tries = f"{self.retry.attempts} attempt(s)"
        if isinstance(exc, _ServerError):
            return CatalogUnreachableError(
                f"the catalog at {self.url} failed {action} with HTTP {exc.status} "
                f"({tries}); try again later"
            )
        kind = "timed out" if isinstance(exc, requests.Timeout) else "cannot be reached"
        return CatalogUnreachableError(
            self._text(
                f"the catalog at {self.url} {kind} ({action}, {tries}): "
                f"{type(exc).__name__}; check --ckan-url and the network"
            )
        )

    def _text(self, text: str) -> str:
        return self._key.redact(text)
