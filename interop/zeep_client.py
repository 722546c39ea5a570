"""zeep as a client of a soapkit server: calls every operation of person.wsdl at the URL
given, over the SOAP version given, and checks each answer on zeep's side (zeep reads
replies strictly against the WSDL's schema, so an element out of place fails the call).
Exits non-zero on the first difference.

    python zeep_client.py URL 11|12
"""

import base64
import datetime
import sys

import zeep
import zeep.exceptions

WSDL = __file__.rsplit("/", 1)[0] + "/person.wsdl"
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"


def check(what, got, expected):
    if got != expected:
        sys.exit(f"zeep client: {what}: got {got!r}, expected {expected!r}")


def main():
    url, version = sys.argv[1], sys.argv[2]
    binding = "BasicHttpBinding_Person" if version == "11" else "Soap12Binding_Person"
    client = zeep.Client(WSDL, settings=zeep.Settings(strict=True))
    service = client.create_service(f"{{{NS}}}{binding}", url)
    headers = {"ApplicationToken": "1234567-1234-9876"}

    expires = datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc)
    key = service.CreateTemporaryKeyWithPayload(
        Domain="LoginCustomerCenter", TargetId=7, PersonId=123, Expires=expires, Payload="<hello & bye> \u00e5",
        _soapheaders=headers)
    check("CreateTemporaryKeyWithPayload", key, "LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|<hello & bye> \u00e5")

    # Without the header the implementation refuses with a Sender fault.
    try:
        service.CreateTemporaryKeyWithPayload(Domain="Unknown", TargetId=0, PersonId=1, Expires=expires, Payload="")
        sys.exit("zeep client: a call without ApplicationToken succeeded")
    except zeep.exceptions.Fault as fault:
        check("fault without token", fault.message, "invalid application token")

    person = dict(
        PersonId=41, Firstname="\u00c5se", MiddleName=None,
        Emails={"EntityElement": [{"Value": "a@example.com", "Description": None}]},
        Interests={"int": [1, 2, 3]}, Active=True, Rank=2.5, Picture=base64.b64decode("AAEC/v8="),
        Born=datetime.date(1980, 2, 29))
    saved = service.SavePerson(Person=person, _soapheaders=headers)
    check("SavePerson.PersonId", saved.PersonId, 42)
    check("SavePerson.Firstname", saved.Firstname, "\u00c5se")
    check("SavePerson.MiddleName (nil)", saved.MiddleName, None)
    check("SavePerson.Emails", [(e.Value, e.Description) for e in saved.Emails.EntityElement],
          [("a@example.com", None)])
    check("SavePerson.Interests", list(saved.Interests.int), [1, 2, 3])
    check("SavePerson.Active", saved.Active, True)
    check("SavePerson.Rank", saved.Rank, 2.5)
    check("SavePerson.Picture", saved.Picture, base64.b64decode("AAEC/v8="))
    check("SavePerson.Born", saved.Born, datetime.date(1980, 2, 29))

    auth = service.AuthenticateWithPassword(UserName="ann", Password="secret", _soapheaders=headers)
    check("AuthenticateWithPassword.Response", auth.Response, True)
    check("AuthenticateWithPassword.Credentials", auth.Credentials.Ticket, "7T:ann")
    refused = service.AuthenticateWithPassword(UserName="ann", Password="wrong", _soapheaders=headers)
    check("AuthenticateWithPassword refused", (refused.Response, refused.Credentials), (False, None))

    try:
        service.Fail(Reason="ticket expired", _soapheaders=headers)
        sys.exit("zeep client: Fail succeeded")
    except zeep.exceptions.Fault as fault:
        check("Fail.message", fault.message, "ticket expired")
        code = fault.code if isinstance(fault.code, str) else str(fault.code)
        check("Fail.code is the sender's", code.endswith("Client") or code.endswith("Sender"), True)
        detail = fault.detail.find(f"{{{NS}}}SoapFaultDetail")
        check("Fail.detail ErrorCode", detail.find(f"{{{NS}}}ErrorCode").text, "42")
    print(f"zeep client, SOAP {version}: every operation checked")


if __name__ == "__main__":
    main()
