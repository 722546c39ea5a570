// The Person service on node-soap (contract-first, from person.wsdl), on one port for
// each binding: PORT11 serves the SOAP 1.1 binding, PORT12 the SOAP 1.2 one.
//
//     node node_server.js PORT11 PORT12
"use strict";
const fs = require("fs");
const http = require("http");
const path = require("path");
const soap = require("soap");

const wsdl = fs.readFileSync(path.join(__dirname, "person.wsdl"), "utf8");

function operations() {
  return {
    CreateTemporaryKeyWithPayload(args, _cb, headers) {
      const token = (headers && headers.ApplicationToken) || "";
      const expires = args.Expires instanceof Date ? args.Expires.toISOString().replace(".000Z", "Z") : String(args.Expires);
      return { Response: `${args.Domain}|${args.TargetId}|${args.PersonId}|${expires}|${args.Payload || ""}|${token}` };
    },
    SavePerson(args) {
      const person = args.Person;
      person.PersonId = (person.PersonId || 0) + 1;
      // node-soap parses xs:date into a Date and then writes it back empty; send the
      // date as the text it came as.
      if (person.Born instanceof Date) person.Born = person.Born.toISOString().slice(0, 10);
      return { Response: person };
    },
    AuthenticateWithPassword(args) {
      const ok = args.Password === "secret";
      return { Response: ok, Credentials: { Ticket: ok ? `7T:${args.UserName}` : null }, AuthenticationSucceeded: ok };
    },
    Fail(args) {
      throw {
        Fault: {
          faultcode: "soap:Client",
          faultstring: args.Reason,
          detail: { SoapFaultDetail: { attributes: { xmlns: "http://www.superoffice.net/ws/crm/NetServer/Services88" }, Message: args.Reason, ErrorCode: 42 } },
        },
      };
    },
  };
}

// node-soap picks the WSDL port whose address path matches the request's, so each binding
// is served at its own address path (/Person11, /Person12).
function listen(port, portName, urlPath) {
  const server = http.createServer((req, res) => { res.statusCode = 404; res.end(); });
  server.listen(port, "127.0.0.1", () => {
    const services = { PersonService: { [portName]: operations() } };
    soap.listen(server, urlPath, services, wsdl);
  });
}

listen(Number(process.argv[2]), "BasicHttpBinding_Person", "/Person11");
listen(Number(process.argv[3]), "Soap12Binding_Person", "/Person12");
