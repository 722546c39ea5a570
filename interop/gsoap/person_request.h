// What the gSOAP programs of interop/gsoap share, included after the soapH.h of either
// build (with or without the plugins' headers): the Person request they send, with its
// ApplicationToken header, and a transport that connects nowhere and drops what is sent
// (for the loops that measure writing a request).
#ifndef SOAPKIT_PERSON_REQUEST_H
#define SOAPKIT_PERSON_REQUEST_H

/// The ApplicationToken header block and a CreateTemporaryKeyWithPayload for person 123,
/// expiring 2025-09-19T01:40:55Z.
static void person_request(struct soap *soap, _ns1__CreateTemporaryKeyWithPayload &request, int target_id,
                           const char *payload) {
  soap_header(soap);
  soap->header->ns1__ApplicationToken = soap_new_std__string(soap);
  *soap->header->ns1__ApplicationToken = "1234567-1234-9876";
  request.soap_default(soap);
  request.Domain = ns1__TemporaryKeyDomain__LoginCustomerCenter;
  request.TargetId = target_id;
  request.PersonId = 123;
  request.Expires = 1758246055;  // 2025-09-19T01:40:55Z
  request.Payload = soap_new_std__string(soap);
  *request.Payload = payload;
}

/// Bytes the dropping transport was given.
static size_t dropped = 0;

static SOAP_SOCKET open_nowhere(struct soap *, const char *, const char *, int) { return 1; }
static int drop(struct soap *, const char *, size_t n) {
  dropped += n;
  return SOAP_OK;
}
static int close_nothing(struct soap *) { return SOAP_OK; }

/// Makes `soap` send into the dropping transport.
static void send_nowhere(struct soap *soap) {
  soap->fopen = open_nowhere;
  soap->fsend = drop;
  soap->fclose = close_nothing;
}

#endif
