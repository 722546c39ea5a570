"""An NTLM-protected SOAP endpoint for soapkit's NTLM client, built on pyspnego's acceptor
(spnego.server with protocol "ntlm", which checks the user against the file named by
NTLM_USER_FILE: lines of DOMAIN:USER:PASSWORD). Like IIS, it authenticates the connection:
the handshake's state lives with the connection, so an AUTHENTICATE message that arrives
on another connection than its NEGOTIATE fails, and once a connection is authenticated
its later requests need no credentials. Answers every authenticated POST with an empty
DeleteTemporaryKeysOfDomainResponse, and reports in an `X-Ntlm-User` header who it
authenticated and in `X-Ntlm-Connection` how many requests that connection has carried.
With `negotiate`, it offers only the Negotiate scheme.

    NTLM_USER_FILE=users python ntlm_server.py PORT [negotiate]
"""

import base64
import http.server
import sys

import spnego

REPLY = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
         b'<DeleteTemporaryKeysOfDomainResponse xmlns="http://www.superoffice.net/ws/crm/NetServer/Services88"/>'
         b'</s:Body></s:Envelope>')
SCHEMES = ["Negotiate"] if len(sys.argv) > 2 and sys.argv[2] == "negotiate" else ["NTLM", "Negotiate"]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.context = None
        self.user = None
        self.requests = 0

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.requests += 1
        if self.user is None:
            scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
            if scheme not in SCHEMES or not token:
                return self.send(401, b"", [("WWW-Authenticate", s) for s in SCHEMES])
            if self.context is None:
                self.context = spnego.server(protocol="ntlm")
            try:
                answer = self.context.step(base64.b64decode(token))
            except Exception:
                self.context = None
                return self.send(401, b"wrong credentials", [("WWW-Authenticate", s) for s in SCHEMES])
            if not self.context.complete:
                return self.send(401, b"", [("WWW-Authenticate", f"{scheme} {base64.b64encode(answer).decode()}")])
            self.user = self.context.client_principal
        self.send(200, REPLY, [("Content-Type", "text/xml; charset=utf-8"), ("X-Ntlm-User", self.user),
                               ("X-Ntlm-Connection", str(self.requests))])


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    server.serve_forever()
