"""zeep as an independent reference encoder: for each operation of person.wsdl and the
fixed arguments below (the same the Rust test passes), writes the request envelope zeep
builds, as JSON {operation: envelope}, to the file named on the command line.

    python zeep_bodies.py OUT.json
"""

import base64
import datetime
import json
import sys

import zeep
from lxml import etree

WSDL = __file__.rsplit("/", 1)[0] + "/person.wsdl"

CALLS = {
    "CreateTemporaryKeyWithPayload": dict(
        Domain="LoginCustomerCenter", TargetId=0, PersonId=123,
        Expires=datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc), Payload="<hello & bye>"),
    "SavePerson": dict(Person=dict(
        PersonId=41, Firstname="Åse", Emails={"EntityElement": [{"Value": "a@example.com", "Description": "work"}]},
        Interests={"int": [1, 2, 3]}, Active=True, Rank=2.5, Picture=base64.b64decode("AAEC/v8="),
        Born=datetime.date(1980, 2, 29))),
    "AuthenticateWithPassword": dict(UserName="ann", Password="secret"),
    "Fail": dict(Reason="ticket expired"),
}


def main():
    client = zeep.Client(WSDL)
    out = {}
    for operation, args in CALLS.items():
        message = client.create_message(client.service, operation, _soapheaders={"ApplicationToken": "tok"}, **args)
        out[operation] = etree.tostring(message, encoding="unicode")
    with open(sys.argv[1], "w") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
