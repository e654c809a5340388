"""A webhook and Slack receiver for the notification tests: HTTPS on loopback with a certificate
from the test's own CA. Every POST is checked (a webhook's signature, HMAC-SHA-256 over
"<timestamp>.<body>", and a timestamp within five minutes) and appended to the log file as one
JSON line. How it answers is read from the mode file at each request: ok, 500, 429, 400 or hang.

Usage: https_receiver.py PORT_FILE LOG_FILE MODE_FILE CERT KEY SIGNING_SECRET
"""
import hashlib
import hmac
import http.server
import json
import ssl
import sys
import threading
import time

port_file, log_file, mode_file, cert, key, secret = sys.argv[1:7]
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        try:
            mode = open(mode_file).read().strip()
        except OSError:
            mode = "ok"
        signature = self.headers.get("Tenancy-Signature")
        timestamp = self.headers.get("Tenancy-Timestamp")
        verified = None
        if signature is not None:
            parts = dict(p.split("=", 1) for p in signature.split(","))
            expected = hmac.new(secret.encode(), (parts.get("t", "") + ".").encode() + body, hashlib.sha256).hexdigest()
            fresh = abs(time.time() - int(parts.get("t", "0"))) <= 300
            verified = hmac.compare_digest(expected, parts.get("v1", "")) and fresh and parts.get("t") == timestamp
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        with lock, open(log_file, "a") as log:
            log.write(json.dumps({"path": self.path, "mode": mode, "verified": verified, "payload": payload,
                                  "idempotency": self.headers.get("Tenancy-Idempotency-Key"),
                                  "headers": dict(self.headers)}) + "\n")
        if mode == "hang":
            time.sleep(3600)
            return
        status = {"ok": 200, "500": 500, "429": 429, "400": 400, "echo404": 404}.get(mode, 200)
        if verified is False:
            status = 401
        answer = b"ok" if status == 200 else b"no"
        if mode == "echo404":
            import urllib.parse
            every = "".join("%%%02x" % b for b in self.path.encode())
            answer = ("The requested URL " + self.path + " was not found (" + urllib.parse.quote(self.path, safe="") + ", " + every + ")").encode()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
