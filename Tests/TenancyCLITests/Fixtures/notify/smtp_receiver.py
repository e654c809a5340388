"""An SMTP server for the notification tests (aiosmtpd): STARTTLS required before AUTH, with a
certificate from the test's own CA, one user and password. Each message accepted is appended to
the log file as one JSON line (envelope, and the message's text).

Usage: smtp_receiver.py PORT_FILE LOG_FILE CERT KEY USER PASSWORD
"""
import json
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port_file, log_file, cert, key, user, password = sys.argv[1:7]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(log_file, "a") as log:
            log.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                  "text": envelope.content.decode("utf-8", "replace")}) + "\n")
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        authenticator=authenticator, auth_required=True, auth_require_tls=True)
controller.start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(port_file + ".tmp", port_file)
threading.Event().wait()
