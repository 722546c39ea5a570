// gSOAP as the benchmark counterpart (benches/instructions.py gsoap): the C++ that
// soapcpp2 generates from interop/person.wsdl, with no plugin, encoding the Person request
// and decoding the Services88 reply the codec bench uses, `count` times each, for callgrind.
//   bench encode COUNT         CreateTemporaryKeyWithPayload with its ApplicationToken
//                              header, written into a transport that drops it
//   bench decode COUNT FILE    the reply envelope in FILE read and deserialized from memory
#include <fstream>
#include <sstream>

#include "soapH.h"
#include "BasicHttpBinding_USCOREPerson.nsmap"

static SOAP_SOCKET open_nowhere(struct soap *, const char *, const char *, int) { return 1; }
static size_t sent = 0;
static int drop(struct soap *, const char *, size_t n) {
  sent += n;
  return SOAP_OK;
}
static int close_nothing(struct soap *) { return SOAP_OK; }

static int encode(long count) {
  struct soap *soap = soap_new1(SOAP_C_UTFSTRING);
  soap->fopen = open_nowhere;
  soap->fsend = drop;
  soap->fclose = close_nothing;
  for (long i = 0; i < count; i++) {
    soap_header(soap);
    soap->header->ns1__ApplicationToken = soap_new_std__string(soap);
    *soap->header->ns1__ApplicationToken = "1234567-1234-9876";
    _ns1__CreateTemporaryKeyWithPayload request;
    request.soap_default(soap);
    request.Domain = ns1__TemporaryKeyDomain__LoginCustomerCenter;
    request.TargetId = 0;
    request.PersonId = 123;
    request.Expires = 1758246055;  // 2025-09-19T01:40:55Z
    request.Payload = soap_new_std__string(soap);
    *request.Payload = "<hello & bye>";
    if (soap_send___ns1__CreateTemporaryKeyWithPayload(soap, "http://127.0.0.1/Person.svc", NULL, &request)) {
      soap_print_fault(soap, stderr);
      return 1;
    }
    soap_destroy(soap);
    soap_end(soap);
    soap->header = NULL;
  }
  soap_free(soap);
  if (count > 0) fprintf(stderr, "%zu bytes a request, HTTP header included\n", sent / count);
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

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "encode") == 0) return encode(atol(argv[2]));
  if (argc > 3 && strcmp(argv[1], "decode") == 0) return decode(atol(argv[2]), argv[3]);
  fprintf(stderr, "usage: bench encode COUNT | bench decode COUNT FILE\n");
  return 2;
}
