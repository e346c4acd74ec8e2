#!/usr/bin/env python3
"""ch_hold_publish.py PORTFILE UPSTREAM SECONDS: an HTTP proxy in front of a
ClickHouse server that holds every INSERT into gha_hours (the request that
publishes an hour) for SECONDS before passing it on, and drops it if the
client has gone meanwhile. So a load has an hour's rows in and the hour
unpublished for SECONDS each time: a kill test can land there on purpose
instead of by luck. Every other request passes at once. Writes its port to
PORTFILE once it listens."""
import http.client
import http.server
import select
import socket
import sys
import time
import urllib.parse

UPSTREAM = urllib.parse.urlsplit(sys.argv[2])
HOLD = float(sys.argv[3])


def client_gone(sock):
    """True when the client closed its end (a kill closes the socket)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        query = urllib.parse.unquote(urllib.parse.urlsplit(self.path).query)
        if "INSERT INTO" in query and ".gha_hours" in query:
            time.sleep(HOLD)
            if client_gone(self.connection):
                self.close_connection = True
                return
        up = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=120)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "expect", "connection")}
        up.request(self.command, self.path, body=body, headers=headers)
        r = up.getresponse()
        data = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "keep-alive"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        up.close()

    do_GET = do_POST = forward


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a killed load resets its connection: expected here


server = Server(("127.0.0.1", 0), Proxy)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
