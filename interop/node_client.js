// node-soap as a client of a soapkit server: calls every operation of person.wsdl at the
// URL given (SOAP 1.1) and checks each answer on node-soap's side. Exits non-zero on the
// first difference.
//
//     node node_client.js URL
"use strict";
const soap = require("soap");
const path = require("path");

const NS = "http://www.superoffice.net/ws/crm/NetServer/Services88";

function check(what, got, expected) {
  const [g, e] = [JSON.stringify(got), JSON.stringify(expected)];
  if (g !== e) {
    console.error(`node-soap client: ${what}: got ${g}, expected ${e}`);
    process.exit(1);
  }
}

async function main() {
  const url = process.argv[2];
  const client = await soap.createClientAsync(path.join(__dirname, "person.wsdl"), { endpoint: url });
  client.addSoapHeader({ ApplicationToken: "1234567-1234-9876" }, "", "tns", NS);

  const [key] = await client.CreateTemporaryKeyWithPayloadAsync({
    Domain: "PublicFaq", TargetId: 7, PersonId: 123, Expires: "2025-09-19T01:40:55Z", Payload: "<hello & bye>",
  });
  check("CreateTemporaryKeyWithPayload", key.Response, "PublicFaq|7|123|2025-09-19T01:40:55Z|<hello & bye>");

  const [saved] = await client.SavePersonAsync({
    Person: {
      PersonId: 41, Firstname: "Åse", Emails: { EntityElement: [{ Value: "a@example.com", Description: "work" }] },
      Interests: { int: [1, 2, 3] }, Active: true, Rank: 2.5, Picture: "AAEC/v8=", Born: "1980-02-29",
    },
  });
  const person = saved.Response;
  check("SavePerson.PersonId", person.PersonId, 42);
  check("SavePerson.Firstname", person.Firstname, "Åse");
  check("SavePerson.Emails", person.Emails.EntityElement.map((e) => [e.Value, e.Description]),
    [["a@example.com", "work"]]);
  check("SavePerson.Active", person.Active, true);
  check("SavePerson.Rank", person.Rank, 2.5);
  check("SavePerson.Picture", person.Picture, "AAEC/v8=");

  const [auth] = await client.AuthenticateWithPasswordAsync({ UserName: "ann", Password: "secret" });
  check("AuthenticateWithPassword", [auth.Response, auth.Credentials.Ticket], [true, "7T:ann"]);

  try {
    await client.FailAsync({ Reason: "ticket expired" });
    console.error("node-soap client: Fail succeeded");
    process.exit(1);
  } catch (error) {
    const fault = error.root.Envelope.Body.Fault;
    check("Fail.faultstring", fault.faultstring, "ticket expired");
    // node-soap parses a fault detail without the schema: its values stay text.
    check("Fail.detail", fault.detail.SoapFaultDetail.ErrorCode, "42");
  }
  console.log("node-soap client, SOAP 1.1: every operation checked");
}

main().catch((error) => {
  console.error("node-soap client:", error);
  process.exit(1);
});
