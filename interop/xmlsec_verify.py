"""xmlsec (through zeep's verifier) as the judge of an envelope soapkit signed: verifies the
WS-Security signature of the envelope in the file given against the certificate given.
Exits non-zero when it does not verify.

    python xmlsec_verify.py ENVELOPE CERT
"""

import sys

from lxml import etree
from zeep.wsse.signature import verify_envelope


def main():
    envelope = etree.fromstring(open(sys.argv[1], "rb").read())
    verify_envelope(envelope, sys.argv[2])
    print("xmlsec: the signature verifies")


if __name__ == "__main__":
    main()
