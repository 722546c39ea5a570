"""zeep's WS-Security X.509 signatures (xmlsec) against a soapkit server that requires
signed requests and signs its replies: calls CreateTemporaryKeyWithPayload of person.wsdl
at the URL given, over the SOAP version given, signed with the test client key (its
certificate in a BinarySecurityToken), first with RSA-SHA256 and SHA-256 digests, then
with zeep's default RSA-SHA1, then with zeep's `Signature`, which names the certificate by
issuer and serial number instead of sending it; each reply's signature is verified by
xmlsec against the test server's certificate. Exits non-zero on the first difference.

    python zeep_signed_client.py URL 11|12 X509_DIR
"""

import datetime
import sys

import xmlsec
import zeep
from zeep.wsse.signature import BinarySignature, Signature, verify_envelope

WSDL = __file__.rsplit("/", 1)[0] + "/person.wsdl"
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"


class VerifyWithServerCert:
    """Replies verified with another certificate than the one requests are signed with:
    the server's (zeep's own verify uses the client's)."""

    def __init__(self, key, cert, server_cert, signature, digest):
        super().__init__(key, cert, signature_method=signature, digest_method=digest)
        self.server_cert = server_cert
        self.verified = 0

    def verify(self, envelope):
        verify_envelope(envelope, self.server_cert)
        self.verified += 1


class SignAndVerify(VerifyWithServerCert, BinarySignature):
    """The certificate in a BinarySecurityToken."""


class SignByIssuerSerialAndVerify(VerifyWithServerCert, Signature):
    """The certificate named by X509IssuerSerial in the SecurityTokenReference."""


def main():
    url, version, x509 = sys.argv[1], sys.argv[2], sys.argv[3]
    binding = "BasicHttpBinding_Person" if version == "11" else "Soap12Binding_Person"
    expires = datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc)
    sha256 = (xmlsec.Transform.RSA_SHA256, xmlsec.Transform.SHA256)
    for name, kind, (signature, digest) in [("RSA-SHA256", SignAndVerify, sha256),
                                            ("RSA-SHA1", SignAndVerify, (None, None)),
                                            ("issuer-serial", SignByIssuerSerialAndVerify, sha256)]:
        wsse = kind(f"{x509}/client.key", f"{x509}/client.pem", f"{x509}/server.pem", signature, digest)
        client = zeep.Client(WSDL, wsse=wsse)
        service = client.create_service(f"{{{NS}}}{binding}", url)
        key = service.CreateTemporaryKeyWithPayload(
            Domain="LoginCustomerCenter", TargetId=7, PersonId=123, Expires=expires, Payload=name,
            _soapheaders={"ApplicationToken": "1234567-1234-9876"})
        if key != f"LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|{name}":
            sys.exit(f"zeep signed client: {name}: wrong answer {key!r}")
        if wsse.verified != 1:
            sys.exit(f"zeep signed client: {name}: the reply was not verified")
    print(f"zeep signed client over SOAP {version[0]}.{version[1]}: signed requests accepted, signed replies verified")


if __name__ == "__main__":
    main()
