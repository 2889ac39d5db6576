"""A real HTTP server on 127.0.0.1 for the tests: routes map a path to responses, and every request is recorded."""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One response: status, headers, body, a delay before answering and an optional slow drip."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    conditional: bool = False  # answer If-None-Match / If-Modified-Since with 304
    drip: float = 0.0  # seconds between bytes of the body: a server that trickles
    drip_headers: bool = False  # trickle the status line and headers too


class QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (timeouts, size caps) are expected here: no tracebacks."""

    def handle_error(self, request, client_address) -> None:
        pass


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


Route = Callable[[Seen, int], Reply] | Reply | list[Reply]


class FixtureServer:
    """Serve routes on 127.0.0.1 on a free port; `.url(path)` gives the address, `.seen` the requests."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self.httpd = QuietServer((host, 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def route(self, path: str, reply: Route) -> str:
        self.routes[path] = reply
        return self.url(path)

    def requests_to(self, path: str) -> list[Seen]:
        """Requests for `path` (the query string, if any, is ignored)."""
        return [seen for seen in self.seen if seen.path.split("?", 1)[0] == path]

    def _reply(self, seen: Seen) -> Reply:
        path = seen.path.split("?", 1)[0]
        with self._lock:
            self.seen.append(seen)
            count = self.counts[path] = self.counts.get(path, 0) + 1
        route = self.routes.get(path)
        if route is None:
            return Reply(b"not found", status=404)
        if isinstance(route, list):
            return route[min(count, len(route)) - 1]
        return route(seen, count) if callable(route) else route

    def _handler(server_self) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()})
                reply = server_self._reply(seen)
                time.sleep(reply.delay)
                headers = dict(reply.headers)
                if reply.conditional:
                    etag = '"' + hashlib.sha1(reply.body).hexdigest()[:16] + '"'
                    headers.setdefault("ETag", etag)
                    headers.setdefault("Last-Modified", email.utils.formatdate(1_780_000_000, usegmt=True))
                    if seen.headers.get("if-none-match") == etag or seen.headers.get("if-modified-since"):
                        return self._send(304, headers, b"")
                self._send(reply.status, headers, reply.body, reply)

            def _send(self, status: int, headers: dict[str, str], body: bytes, reply: Reply | None = None) -> None:
                reply = reply or Reply()
                if reply.drip_headers:
                    return self._drip(f"HTTP/1.1 {status} OK\r\nX-Slow: {'x' * 200}\r\n\r\n".encode(), reply.drip)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if "Transfer-Encoding" in headers:
                        self._chunked(body)
                    elif status != 304 and reply.drip:
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    elif status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _drip(self, data: bytes, pause: float) -> None:
                try:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _chunked(self, body: bytes) -> None:
                for start in range(0, len(body), 65536):
                    piece = body[start : start + 65536]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

        return Handler
