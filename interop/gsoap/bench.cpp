// gSOAP as the benchmark counterpart (benches/instructions.py gsoap): the C++ that
// soapcpp2 generates from interop/person.wsdl, with no plugin, encoding the Person request
// and decoding the Services88 reply the codec bench uses, `count` times each, for callgrind.
//   bench encode COUNT         CreateTemporaryKeyWithPayload with its ApplicationToken
//                              header, written into a transport that drops it
//   bench decode COUNT FILE    the reply envelope in FILE read and deserialized from memory
//   bench serve PORT           the Person service on 127.0.0.1, a thread per keep-alive
//                              connection, answering CreateTemporaryKeyWithPayload with the
//                              key the other servers of benches/server.rs build
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "soapH.h"
#include "BasicHttpBinding_USCOREPerson.nsmap"
#include "person_request.h"

static int encode(long count) {
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
  send_nowhere(soap);
  for (long i = 0; i < count; i++) {
    _ns1__CreateTemporaryKeyWithPayload request;
    person_request(soap, request, 0, "<hello & bye>");
    if (soap_send___ns1__CreateTemporaryKeyWithPayload(soap, "http://127.0.0.1/Person.svc", NULL, &request)) {
      soap_print_fault(soap, stderr);
      return 1;
    }
    soap_destroy(soap);
    soap_end(soap);
    soap->header = NULL;
  }
  soap_free(soap);
  if (count > 0) fprintf(stderr, "%zu bytes a request, HTTP header included\n", dropped / count);
  return 0;
}

static int decode(long count, const char *file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream whole;
  whole << in.rdbuf();
  const std::string reply = whole.str();
  // Plain XML in: no HTTP header to read, as soapkit's decoder gets the body alone.
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING | SOAP_ENC_PLAIN);
  for (long i = 0; i < count; i++) {
    std::istringstream stream(reply);
    soap->is = &stream;
    _ns1__CreateTemporaryKeyWithPayloadResponse response;
    if (soap_recv___ns1__CreateTemporaryKeyWithPayload(soap, response) || !response.Response ||
        response.Response->size() != 24) {
      soap_print_fault(soap, stderr);
      return 1;
    }
    soap_destroy(soap);
    soap_end(soap);
  }
  soap_free(soap);
  return 0;
}

static int serve(int port) {
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
  soap->bind_flags = SO_REUSEADDR;
  if (!soap_valid_socket(soap_bind(soap, "127.0.0.1", port, 128))) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  for (;;) {
    if (!soap_valid_socket(soap_accept(soap))) continue;
    struct soap *connection = soap_copy(soap);
    if (!connection) continue;
    std::thread([connection] {
      soap_serve(connection);
      soap_destroy(connection);
      soap_end(connection);
      soap_free(connection);
    }).detach();
  }
}

/// `{domain}|{target}|{person}|{expires}|{payload}`, as the other servers answer.
int __ns1__CreateTemporaryKeyWithPayload(struct soap *soap, _ns1__CreateTemporaryKeyWithPayload *request,
                                         _ns1__CreateTemporaryKeyWithPayloadResponse &response) {
  char expires[32];
  time_t when = request->Expires;
  strftime(expires, sizeof expires, "%Y-%m-%dT%H:%M:%SZ", gmtime(&when));
  response.Response = soap_new_std__string(soap);
  *response.Response = std::string(soap_ns1__TemporaryKeyDomain2s(soap, request->Domain)) + "|" +
                       std::to_string(request->TargetId) + "|" + std::to_string(request->PersonId) + "|" + expires +
                       "|" + (request->Payload ? *request->Payload : "");
  return SOAP_OK;
}

static int refuse(struct soap *soap) { return soap_receiver_fault(soap, "not served by the benchmark", NULL); }
int __ns1__DeleteTemporaryKeysOfDomain(struct soap *soap, _ns1__DeleteTemporaryKeysOfDomain *,
                                       _ns1__DeleteTemporaryKeysOfDomainResponse &) { return refuse(soap); }
int __ns1__SavePerson(struct soap *soap, _ns1__SavePerson *, _ns1__SavePersonResponse &) { return refuse(soap); }
int __ns1__AuthenticateWithPassword(struct soap *soap, _ns1__AuthenticateWithPassword *, _ns1__AuthenticateResponse &) {
  return refuse(soap);
}
int __ns1__Fail(struct soap *soap, _ns1__Fail *, _ns1__FailResponse &) { return refuse(soap); }
int __ns1__CreateTemporaryKeyWithPayload_(struct soap *soap, _ns1__CreateTemporaryKeyWithPayload *request,
                                          _ns1__CreateTemporaryKeyWithPayloadResponse &response) {
  return __ns1__CreateTemporaryKeyWithPayload(soap, request, response);
}
int __ns1__DeleteTemporaryKeysOfDomain_(struct soap *soap, _ns1__DeleteTemporaryKeysOfDomain *,
                                        _ns1__DeleteTemporaryKeysOfDomainResponse &) { return refuse(soap); }
int __ns1__SavePerson_(struct soap *soap, _ns1__SavePerson *, _ns1__SavePersonResponse &) { return refuse(soap); }
int __ns1__AuthenticateWithPassword_(struct soap *soap, _ns1__AuthenticateWithPassword *, _ns1__AuthenticateResponse &) {
  return refuse(soap);
}
int __ns1__Fail_(struct soap *soap, _ns1__Fail *, _ns1__FailResponse &) { return refuse(soap); }

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "encode") == 0) return encode(atol(argv[2]));
  if (argc > 3 && strcmp(argv[1], "decode") == 0) return decode(atol(argv[2]), argv[3]);
  if (argc > 2 && strcmp(argv[1], "serve") == 0) return serve(atoi(argv[2]));
  fprintf(stderr, "usage: bench encode COUNT | bench decode COUNT FILE | bench serve PORT\n");
  return 2;
}
