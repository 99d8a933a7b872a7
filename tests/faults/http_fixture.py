"""A local HTTP server on 127.0.0.1 that misbehaves on purpose (truncated bodies with and
without Content-Length, HTML pages with status 200, gzip transfer encoding whether asked for or
not), for download fault tests."""

from __future__ import annotations

import dataclasses
import gzip
import http.server
import threading
from dataclasses import dataclass


@dataclass
class Route:
    body: bytes
    content_type: str = "text/csv"
    send_length: bool = True
    cut_at: int | None = None  # bytes actually sent (the rest is lost)
    gzip: bool = False  # sent gzip-encoded (Content-Encoding: gzip), even to "identity"
    hits: int = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the connection closes after each body: no length needed
    routes: dict[str, Route] = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        route.hits += 1
        body = gzip.compress(route.body, mtime=0) if route.gzip else route.body
        self.send_response(200)
        self.send_header("Content-Type", route.content_type)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.send_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: route.cut_at] if route.cut_at is not None else body)
        self.wfile.flush()

    def log_message(self, *a):
        pass


class Server:
    """``with Server() as s: s.route("/x.csv", Route(...)); url = s.url("/x.csv")``."""

    def __enter__(self):
        handler = type("Handler", (_Handler,), {"routes": {}})
        self.routes = handler.routes
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        return False

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def route(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)


def point_registry(monkeypatch, source: str, urls: dict[str, str]) -> None:
    """Make registry files of ``source`` download from ``urls`` (file name -> URL)."""
    from gvc.sources.registry import SOURCES

    src = SOURCES[source]
    files = tuple(
        dataclasses.replace(f, url=urls[f.name]) if f.name in urls else f for f in src.files
    )
    monkeypatch.setitem(SOURCES, source, dataclasses.replace(src, files=files))
