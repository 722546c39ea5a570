// gSOAP's WS-Security plugin (wsseapi) as a signing client of a soapkit server: calls
// CreateTemporaryKeyWithPayload of interop/person.wsdl with a Timestamp, the signer's
// certificate as a BinarySecurityToken, and an RSA-SHA256 signature over the Body, the
// Timestamp and the token. Or, with `wsa`, its WS-Addressing plugin (wsaapi): the request
// carries MessageID, To, Action and ReplyTo, and the reply must relate to the MessageID.
// Prints the result; exits non-zero on a fault or a reply that relates to another message.
// With `--loop N` after the key and certificate, it signs and writes the request N times
// into a transport that discards it, without a server: what benches/instructions.py
// measures as gSOAP's signing cost.
// With `--verify CA_PEM`, the reply must be signed over its Body and Timestamp by a
// certificate that CA issued (gSOAP verifies it as it arrives).
// Usage: client URL 11|12 KEY_PEM CERT_PEM [--loop N | --verify CA_PEM] | client URL 11|12 wsa
#include <openssl/pem.h>

#include "soapH.h"
#include "BasicHttpBinding_USCOREPerson.nsmap"
#include "wsaapi.h"
#include "wsseapi.h"
#include "person_request.h"

static const char *ACTION = "http://www.superoffice.net/ws/crm/NetServer/Services88/Person/CreateTemporaryKeyWithPayload";

/// The call every mode makes, with the application token in its header.
static int call(struct soap *soap, const char *url, _ns1__CreateTemporaryKeyWithPayloadResponse &response) {
  _ns1__CreateTemporaryKeyWithPayload request;
  person_request(soap, request, 7, "gsoap <&> signed");
  return soap_call___ns1__CreateTemporaryKeyWithPayload(soap, url, NULL, &request, response);
}

static int addressed(struct soap *soap, const char *url) {
  soap_register_plugin(soap, soap_wsa);
  const char *id = soap_wsa_rand_uuid(soap);
  std::string sent = id;
  soap_wsa_request(soap, id, url, ACTION);
  _ns1__CreateTemporaryKeyWithPayloadResponse response;
  if (call(soap, url, response)) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  const char *relates = soap->header && soap->header->wsa5__RelatesTo ? soap->header->wsa5__RelatesTo->__item : NULL;
  if (!relates || sent != relates) {
    fprintf(stderr, "the reply relates to %s, not to %s\n", relates ? relates : "nothing", sent.c_str());
    return 1;
  }
  const char *action = soap->header->wsa5__Action;
  printf("%s|%s\n", response.Response ? response.Response->c_str() : "", action ? action : "");
  return 0;
}

/// Writes the request `count` times as the signing client does, each with a fresh
/// Timestamp, the BinarySecurityToken and an RSA-SHA256 signature, into `open_nowhere`.
static int sign_loop(struct soap *soap, EVP_PKEY *key, X509 *certificate, long count) {
  send_nowhere(soap);
  for (long i = 0; i < count; i++) {
    _ns1__CreateTemporaryKeyWithPayload request;
    person_request(soap, request, 7, "gsoap <&> signed");
    soap_wsse_add_Timestamp(soap, "Time", 300);
    soap_wsse_add_BinarySecurityTokenX509(soap, "X509Token", certificate);
    soap_wsse_add_KeyInfo_SecurityTokenReferenceX509(soap, "#X509Token");
    soap_wsse_sign_body(soap, SOAP_SMD_SIGN_RSA_SHA256, key, 0);
    if (soap_send___ns1__CreateTemporaryKeyWithPayload(soap, "http://127.0.0.1/Person.svc", NULL, &request)) {
      soap_print_fault(soap, stderr);
      return 1;
    }
    soap_wsse_delete_Security(soap);
    soap_destroy(soap);
    soap_end(soap);
    soap->header = NULL;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  struct soap *soap = soap_new1(SOAP_XML_CANONICAL | SOAP_C_UTFSTRING);
  soap_set_version(soap, strcmp(argv[2], "12") == 0 ? 2 : 1);
  if (strcmp(argv[3], "wsa") == 0) return addressed(soap, argv[1]);
  if (argc < 5) return 2;
  soap_register_plugin(soap, soap_wsse);
  FILE *file = fopen(argv[3], "r");
  EVP_PKEY *key = file ? PEM_read_PrivateKey(file, NULL, NULL, NULL) : NULL;
  if (file) fclose(file);
  file = fopen(argv[4], "r");
  X509 *certificate = file ? PEM_read_X509(file, NULL, NULL, NULL) : NULL;
  if (file) fclose(file);
  if (!key || !certificate) {
    fprintf(stderr, "cannot read the key or the certificate\n");
    return 2;
  }
  if (argc > 6 && strcmp(argv[5], "--loop") == 0) return sign_loop(soap, key, certificate, atol(argv[6]));
  bool verify = argc > 6 && strcmp(argv[5], "--verify") == 0;
  if (verify) {
    soap->cafile = argv[6];
    soap_wsse_verify_auto(soap, SOAP_SMD_NONE, NULL, 0);
  }
  soap_wsse_add_Timestamp(soap, "Time", 300);
  soap_wsse_add_BinarySecurityTokenX509(soap, "X509Token", certificate);
  soap_wsse_add_KeyInfo_SecurityTokenReferenceX509(soap, "#X509Token");
  soap_wsse_sign_body(soap, SOAP_SMD_SIGN_RSA_SHA256, key, 0);

  _ns1__CreateTemporaryKeyWithPayloadResponse response;
  if (call(soap, argv[1], response)) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  if (verify) {
    // The signature was checked as the reply arrived; its Body and Timestamp must be what
    // it covers (both envelope namespaces asked, as in server.cpp).
    size_t bodies = soap_wsse_verify_element(soap, "http://schemas.xmlsoap.org/soap/envelope/", "Body") +
                    soap_wsse_verify_element(soap, "http://www.w3.org/2003/05/soap-envelope", "Body");
    if (soap_wsse_verify_Timestamp(soap) || bodies != 1) {
      fprintf(stderr, "the reply's Body or Timestamp is not signed\n");
      return 1;
    }
  }
  printf("%s%s\n", response.Response ? response.Response->c_str() : "", verify ? "|reply verified" : "");
  return 0;
}
