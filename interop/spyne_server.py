"""The Person service on spyne, a Python SOAP server stack with its own (code-first) model.

Schema validation is on (`validator="lxml"`): a request with a wrongly qualified or
misplaced element is refused with a Client fault instead of being half-read.

    python spyne_server.py PORT 11|12
"""

import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spyne import (Application, Array, Boolean, ByteArray, ComplexModel, Date, DateTime, Double, Enum, Fault,
                   Integer, Mandatory, ServiceBase, Unicode, rpc)
from spyne.protocol.soap import Soap11, Soap12
from spyne.server.wsgi import WsgiApplication

NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"

TemporaryKeyDomain = Enum("Unknown", "MailingRecipient", "LoginCustomerCenter", "PublicFaq",
                          type_name="TemporaryKeyDomain")


class Base(ComplexModel):
    __namespace__ = NS


class EntityElement(Base):
    _type_info = [("Value", Unicode), ("Description", Unicode)]


class ArrayOfint(ComplexModel):
    """WCF's primitive array: items in the Arrays namespace, which validation enforces."""
    __namespace__ = ARRAYS
    _type_info = [("int", Integer.customize(max_occurs="unbounded"))]


class PersonEntity(Base):
    _type_info = [
        ("PersonId", Integer),
        ("Firstname", Unicode),
        ("MiddleName", Unicode),
        ("Emails", Array(EntityElement, wrapped=True)),
        ("Interests", ArrayOfint),
        ("Active", Boolean),
        ("Rank", Double),
        ("Picture", ByteArray),
        ("Born", Date),
    ]


class Credentials(Base):
    _type_info = [("Ticket", Unicode)]


class SoapFaultDetail(Base):
    _type_info = [("Message", Unicode), ("ErrorCode", Integer)]


class ApplicationToken(Unicode):
    __namespace__ = NS
    __type_name__ = "ApplicationToken"


class Person(ServiceBase):
    __in_header__ = ApplicationToken

    @rpc(Mandatory(TemporaryKeyDomain), Mandatory(Integer), Mandatory(Integer), Mandatory(DateTime), Unicode,
         _in_variable_names={"domain": "Domain", "target_id": "TargetId", "person_id": "PersonId",
                             "expires": "Expires", "payload": "Payload"},
         _returns=Unicode, _out_variable_name="Response")
    def CreateTemporaryKeyWithPayload(ctx, domain, target_id, person_id, expires, payload):
        stamp = expires.strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{domain}|{target_id}|{person_id}|{stamp}|{payload or ''}|{ctx.in_header or ''}"

    @rpc(PersonEntity, _in_variable_names={"person": "Person"}, _returns=PersonEntity,
         _out_variable_name="Response")
    def SavePerson(ctx, person):
        person.PersonId = (person.PersonId or 0) + 1
        return person

    @rpc(Unicode, Unicode, _in_variable_names={"user": "UserName", "password": "Password"},
         _returns=(Boolean, Credentials, Boolean),
         _out_variable_names=("Response", "Credentials", "AuthenticationSucceeded"),
         _out_message_name="AuthenticateResponse")
    def AuthenticateWithPassword(ctx, user, password):
        ok = password == "secret"
        return ok, Credentials(Ticket=f"7T:{user}" if ok else None), ok

    @rpc(Unicode, _in_variable_names={"reason": "Reason"}, _returns=Unicode, _out_variable_name="Response")
    def Fail(ctx, reason):
        raise Fault(faultcode="Client", faultstring=reason,
                    detail={"SoapFaultDetail": {"Message": reason, "ErrorCode": 42}})


def main():
    port, version = int(sys.argv[1]), sys.argv[2]
    protocol = Soap11 if version == "11" else Soap12
    app = Application([Person], tns=NS, name="Person",
                      in_protocol=protocol(validator="lxml"), out_protocol=protocol())

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    make_server("127.0.0.1", port, WsgiApplication(app), handler_class=Quiet).serve_forever()


if __name__ == "__main__":
    main()
