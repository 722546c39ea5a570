"""zeep's WS-Security UsernameTokens against a soapkit server that checks them: calls
CreateTemporaryKeyWithPayload of person.wsdl at the URL given, over the SOAP version
given, with the user `alice` and the password the server knows. Exits non-zero on the
first difference.

    python zeep_wsse_client.py URL 11|12

A digest with a Timestamp and a text password are accepted; a wrong password and the same
token sent twice (a replay) are refused with the WS-Security fault.
"""

import datetime
import sys

import zeep
import zeep.exceptions
from zeep.wsse.username import UsernameToken
from zeep.wsse.utils import WSU

WSDL = __file__.rsplit("/", 1)[0] + "/person.wsdl"
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
PASSWORD = "wonder&land<1>"
REFUSED = "The security token could not be authenticated or authorized"


def fail(what):
    sys.exit(f"zeep wsse client: {what}")


def timestamp():
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    token = WSU.Timestamp()
    token.extend([WSU.Created(now.isoformat().replace("+00:00", "Z")),
                  WSU.Expires((now + datetime.timedelta(minutes=5)).isoformat().replace("+00:00", "Z"))])
    return token


def call(url, binding, wsse):
    client = zeep.Client(WSDL, wsse=wsse)
    service = client.create_service(f"{{{NS}}}{binding}", url)
    expires = datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc)
    return service.CreateTemporaryKeyWithPayload(
        Domain="LoginCustomerCenter", TargetId=7, PersonId=123, Expires=expires, Payload="wsse",
        _soapheaders={"ApplicationToken": "1234567-1234-9876"})


def refused(url, binding, wsse, what):
    try:
        call(url, binding, wsse)
    except zeep.exceptions.Fault as fault:
        if fault.message != REFUSED:
            fail(f"{what}: the fault says {fault.message!r}")
        return
    fail(f"{what}: the call succeeded")


def main():
    url, version = sys.argv[1], sys.argv[2]
    binding = "BasicHttpBinding_Person" if version == "11" else "Soap12Binding_Person"
    expected = "LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|wsse"

    digest = UsernameToken("alice", PASSWORD, use_digest=True, timestamp_token=timestamp())
    if call(url, binding, digest) != expected:
        fail("a digest with a Timestamp: wrong answer")
    if call(url, binding, UsernameToken("alice", PASSWORD)) != expected:
        fail("a text password: wrong answer")
    refused(url, binding, UsernameToken("alice", "looking-glass", use_digest=True), "a wrong password")

    # zeep with a fixed nonce and creation time sends the same token twice.
    now = datetime.datetime.now(datetime.timezone.utc)
    replayed = UsernameToken("alice", PASSWORD, use_digest=True, nonce=f"nonce-{version}-{now.timestamp()}",
                             created=now)
    if call(url, binding, replayed) != expected:
        fail("the first use of a token: wrong answer")
    refused(url, binding, replayed, "the same token again")
    print(f"zeep wsse client over SOAP {version[0]}.{version[1]}: tokens accepted and refused as they should be")


if __name__ == "__main__":
    main()
