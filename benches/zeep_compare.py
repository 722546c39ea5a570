#!/usr/bin/env python3
"""soapkit next to python-zeep on this machine, for the same documents.

zeep builds the CreateTemporaryKeyWithPayload envelope with its two headers
(`create_message` + serialization) and parses the Services88 reply
(`process_reply`), from interop/person.wsdl; soapkit does the same with the same
documents in the codec bench's loop mode (each decode also copies the reply, as the
client hands over the body it read). Then both make whole calls to the same server: the
round trip bench's in-process hyper server, started here in its serve mode. On a shared
machine rates move by tens of percent from one second to the next, so zeep and soapkit
take turns, round after round, and each ratio is the median of the rounds' ratios.
Uses the interop environment:

    bash interop/run            # once, to create interop/.venv
    interop/.venv/bin/python benches/zeep_compare.py
"""

import datetime
import os
import pathlib
import statistics
import subprocess
import time

import zeep
from lxml import etree

from instructions import bench_executable, seconds

ROOT = pathlib.Path(__file__).resolve().parent.parent
NS = "http://www.superoffice.net/ws/crm/NetServer/Services88"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# The Services88 reply of `benches/codec.rs` (`services88_reply`), byte for byte.
REPLY = (
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>'
    f'<h:ExceptionInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/>'
    f'<h:ExtraInfo i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/>'
    f'<h:Succeeded xmlns:h="{NS}">true</h:Succeeded>'
    f'<h:TimeZone i:nil="true" xmlns:h="{NS}" xmlns:i="{XSI}"/></s:Header><s:Body>'
    f'<CreateTemporaryKeyWithPayloadResponse xmlns="{NS}"><Response>YmFzZTY0a2V5Zm9yYXVybA==</Response>'
    "</CreateTemporaryKeyWithPayloadResponse></s:Body></s:Envelope>"
).encode()


class Response:
    """What zeep's transport hands to process_reply."""
    status_code = 200
    headers = {"Content-Type": "text/xml; charset=utf-8"}
    encoding = "utf-8"

    def __init__(self, content):
        self.content = content


ROUNDS = 5


def rate(f, duration=1.0):
    f()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < duration:
        for _ in range(100):
            f()
        n += 100
    return n / (time.perf_counter() - start)


def loop_rate(exe, case, count):
    """Iterations per second of one case of the codec bench's loop mode, less its setup."""
    return count / (seconds(exe, case, count) - seconds(exe, case, 0))


def turns(label, zeep_rate, soapkit_rate, rounds):
    """zeep and soapkit in turns; prints the medians and the median of the rounds' ratios."""
    pairs = [(zeep_rate(), soapkit_rate()) for _ in range(rounds)]
    ratios = sorted(ours / theirs for theirs, ours in pairs)
    zeep_median = statistics.median(theirs for theirs, _ in pairs)
    soapkit_median = statistics.median(ours for _, ours in pairs)
    print(f"{label:28}{zeep_median:12,.0f}{soapkit_median:14,.0f}{statistics.median(ratios):8.0f}x"
          f"   ({ratios[0]:.0f}x..{ratios[-1]:.0f}x over {rounds} rounds)", flush=True)


def round_trips(client, expires):
    """Calls per second, zeep and soapkit in turns, against the same running server."""
    exe = bench_executable("round_trip")
    server = subprocess.Popen([exe], env=dict(os.environ, SOAPKIT_SERVE="1"), cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        service = client.create_service(f"{{{NS}}}BasicHttpBinding_Person", url)

        def call():
            key = service.CreateTemporaryKeyWithPayload(
                _soapheaders={"ApplicationToken": "1234567-1234-9876"}, Domain="LoginCustomerCenter",
                TargetId=0, PersonId=123, Expires=expires, Payload="<hello & bye>")
            assert key == "YmFzZTY0a2V5Zm9yYXVybA==", key

        def ours():
            out = subprocess.run([exe], env=dict(os.environ, SOAPKIT_CALLS=url), cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout
            return float(out.strip())

        turns("round trip, same server", lambda: rate(call, 3.0), ours, 3)
    finally:
        server.stdin.close()
        server.wait(timeout=10)


def main():
    client = zeep.Client(str(ROOT / "interop" / "person.wsdl"))
    expires = datetime.datetime(2025, 9, 19, 1, 40, 55, tzinfo=datetime.timezone.utc)

    def build():
        message = client.create_message(
            client.service, "CreateTemporaryKeyWithPayload", _soapheaders={"ApplicationToken": "1234567-1234-9876"},
            Domain="LoginCustomerCenter", TargetId=0, PersonId=123, Expires=expires, Payload="<hello & bye>")
        return etree.tostring(message)

    binding = client.service._binding
    operation = binding.get("CreateTemporaryKeyWithPayload")

    def parse():
        return binding.process_reply(client, operation, Response(REPLY))

    assert parse() == "YmFzZTY0a2V5Zm9yYXVybA=="
    codec = bench_executable("codec")
    print(f"{'':28}{'zeep /s':>12}{'soapkit /s':>14}{'ratio':>8}")
    turns("envelope built", lambda: rate(build), lambda: loop_rate(codec, "encode/soapkit", 1_000_000), ROUNDS)
    turns("reply parsed", lambda: rate(parse), lambda: loop_rate(codec, "services88/soapkit", 300_000), ROUNDS)
    round_trips(client, expires)


if __name__ == "__main__":
    main()
