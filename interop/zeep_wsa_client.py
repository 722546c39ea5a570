"""zeep's WS-Addressing plugin against a soapkit server: calls CreateTemporaryKeyWithPayload
of person.wsdl at the URL given, over the SOAP version given, with zeep's Action,
MessageID and To headers, and checks on zeep's side that the reply's RelatesTo is the
MessageID zeep sent and that its Action is the request's with `Response`. Exits non-zero
on the first difference.

    python zeep_wsa_client.py URL 11|12
"""

import datetime
import sys

import zeep
from zeep.plugins import HistoryPlugin
from zeep.wsa import WsAddressingPlugin

WSDL = __file__.rsplit("/", 1)[0] + "/person.wsdl"
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
WSA = "http://www.w3.org/2005/08/addressing"


def fail(what):
    sys.exit(f"zeep wsa client: {what}")


def main():
    url, version = sys.argv[1], sys.argv[2]
    binding = "BasicHttpBinding_Person" if version == "11" else "Soap12Binding_Person"
    history = HistoryPlugin()
    client = zeep.Client(WSDL, plugins=[WsAddressingPlugin(), history])
    service = client.create_service(f"{{{NS}}}{binding}", url)
    expires = datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc)
    key = service.CreateTemporaryKeyWithPayload(
        Domain="LoginCustomerCenter", TargetId=7, PersonId=123, Expires=expires, Payload="wsa",
        _soapheaders={"ApplicationToken": "1234567-1234-9876"})
    if key != "LoginCustomerCenter|7|123|2025-09-19T01:40:55Z|wsa":
        fail(f"wrong answer {key!r}")
    sent = history.last_sent["envelope"]
    received = history.last_received["envelope"]
    message_id = sent.find(f".//{{{WSA}}}MessageID").text
    action = sent.find(f".//{{{WSA}}}Action").text
    relates = received.find(f".//{{{WSA}}}RelatesTo")
    if relates is None or relates.text != message_id:
        fail(f"the reply relates to {None if relates is None else relates.text!r}, not {message_id!r}")
    reply_action = received.find(f".//{{{WSA}}}Action")
    if reply_action is None or reply_action.text != action + "Response":
        fail(f"the reply's Action is {None if reply_action is None else reply_action.text!r}")
    print(f"zeep wsa client over SOAP {version[0]}.{version[1]}: the reply relates to {message_id}")


if __name__ == "__main__":
    main()
