"""lxml's (libxml2's) exclusive XML canonicalization as the reference for soapkit's. Reads
cases from the file given, one a line: `nth<TAB>prefixes<TAB>document`, the prefixes
separated by commas and the document's UTF-8 bytes in hex; writes for each, one a line,
`ok<TAB>` and the hex of the canonical form of the document's nth element (document order,
the root first, without comments, with those InclusiveNamespaces prefixes), or `error<TAB>`
and why.

    python c14n_reference.py CASES OUT
"""

import sys

from lxml import etree


def main():
    cases, out = sys.argv[1], sys.argv[2]
    parser = etree.XMLParser(resolve_entities=False)
    with open(cases, encoding="ascii") as lines, open(out, "w", encoding="utf-8") as results:
        for line in lines:
            nth, prefixes, document = line.rstrip("\n").split("\t")
            try:
                root = etree.fromstring(bytes.fromhex(document), parser)
                element = [e for e in root.iter() if isinstance(e.tag, str)][int(nth)]
                c14n = etree.tostring(element, method="c14n", exclusive=True, with_comments=False,
                                      inclusive_ns_prefixes=[p for p in prefixes.split(",") if p] or None)
                results.write("ok\t" + c14n.hex() + "\n")
            except Exception as error:  # noqa: BLE001 - reported per case
                results.write("error\t" + repr(error).replace("\t", " ").replace("\n", " ") + "\n")


if __name__ == "__main__":
    main()
