"""A STUB of the CKAN action API, in a thread, for tests that need no real catalog.

It is not CKAN: it knows the dozen actions a publish calls, keeps datasets in memory,
checks the key on writes, and fails on demand (``faults``). What it answers is close
enough to CKAN 2.11 for ckanapi to translate; the behaviour of the real catalog is
tested in test_ckan.py.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["StubCkan", "stub_ckan"]

ORGANIZATION = "t131202"


@dataclass
class StubCkan:
    """The stub's state: its URL, the key it accepts, its datasets, what it was sent."""

    url: str = ""
    key: str = "stub-key"
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Every call: (action, the Authorization header or None).
    calls: list[tuple[str, str | None]] = field(default_factory=list)
    #: action -> (status, body) answered instead, ``count`` times (-1: always).
    faults: dict[str, tuple[int, dict[str, Any], int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, action: str, status: int, body: dict[str, Any], count: int = -1) -> None:
        """Answer ``action`` with ``status`` and ``body`` (``count`` times; -1 always)."""
        self.faults[action] = (status, body, count)

    def actions(self) -> list[str]:
        """The actions called, in order."""
        return [action for action, _ in self.calls]

    def _fault(self, action: str) -> tuple[int, dict[str, Any]] | None:
        if action not in self.faults:
            return None
        status, body, count = self.faults[action]
        if count == 0:
            return None
        self.faults[action] = (status, body, count - 1 if count > 0 else count)
        return status, body

    def handle(self, action: str, data: dict[str, Any], auth: str | None) -> tuple[int, Any]:
        """The answer to one call: (HTTP status, JSON body)."""
        with self.lock:
            self.calls.append((action, auth))
            fault = self._fault(action)
            if fault is not None:
                return fault
            return self._answer(action, data, auth == self.key)

    def _answer(self, action: str, data: dict[str, Any], authorized: bool) -> tuple[int, Any]:
        read = action.endswith("_show") or action.endswith("_list_for_user")
        if not read and not authorized:
            return 403, _error("Authorization Error", "Access denied")
        if action == "status_show":
            return _ok({"ckan_version": "2.11.4"})
        if action == "organization_show":
            if data.get("id") != ORGANIZATION:
                return 404, _error("Not Found Error", "Not found")
            return _ok({"id": "org-id", "name": ORGANIZATION})
        if action == "organization_list_for_user":
            return _ok([{"name": ORGANIZATION}] if authorized else [])
        if action == "group_show":
            return 404, _error("Not Found Error", "Not found")
        if action == "package_show":
            found = self.datasets.get(str(data.get("id")))
            return _ok(found) if found else (404, _error("Not Found Error", "Not found"))
        return self._write(action, data)

    def _write(self, action: str, data: dict[str, Any]) -> tuple[int, Any]:
        if action == "package_create":
            package = {**data, "id": str(uuid.uuid4()), "owner_org": "org-id", "resources": []}
            self.datasets[str(data["name"])] = package
            return _ok(package)
        if action == "package_patch":
            package = self._package(str(data["id"]))
            package.update(data)
            return _ok(package)
        if action == "resource_create":
            resource = {**data, "id": str(uuid.uuid4()), "url_type": "upload"}
            self.datasets[str(data["package_id"])]["resources"].append(resource)
            return _ok(resource)
        if action == "resource_patch":
            for package in self.datasets.values():
                for resource in package["resources"]:
                    if resource["id"] == data["id"]:
                        resource.update(data)
                        return _ok(resource)
            return 404, _error("Not Found Error", "Resource not found")
        if action == "package_resource_reorder":
            package = self._package(str(data["id"]))
            rank = {rid: index for index, rid in enumerate(data["order"])}
            package["resources"].sort(key=lambda r: rank.get(r["id"], len(rank)))
            return _ok({"id": package["id"], "order": data["order"]})
        return 400, _error("Not Found Error", f"unknown action {action}")

    def _package(self, ident: str) -> dict[str, Any]:
        for package in self.datasets.values():
            if ident in (package["id"], package["name"]):
                return package
        raise KeyError(ident)


def _ok(result: Any) -> tuple[int, dict[str, Any]]:
    return 200, {"success": True, "result": result}


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"success": False, "error": {"__type": kind, "message": message}}


def _form(content_type: str, body: bytes) -> dict[str, Any]:
    """The text fields of a multipart body (the uploaded file is dropped)."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if name and not part.get_filename() and isinstance(payload, bytes):
            fields[str(name)] = payload.decode("utf-8")
    return fields


@contextmanager
def stub_ckan() -> Iterator[StubCkan]:
    """Run a stub CKAN on a free local port for the duration of the block."""
    state = StubCkan()

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            action = self.path.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
            content_type = self.headers.get("Content-Type") or ""
            if content_type.startswith("multipart/"):
                data = _form(content_type, body)
            else:
                data = json.loads(body or b"{}")
            status, answer = state.handle(action, data, self.headers.get("Authorization"))
            out = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = _reply

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
