#!/usr/bin/env python3
"""soapkit next to python-zeep on this machine, for the same documents.

zeep builds the CreateTemporaryKeyWithPayload envelope with its two headers
(`create_message` + serialization) and parses the Services88 reply
(`process_reply`), from interop/person.wsdl; soapkit's figures for the same documents
come from `cargo bench --bench codec`, run here. Then both make whole calls, one after
another for three seconds each, to the same server: the round trip bench's in-process
hyper server, started here in its serve mode. Uses the interop environment:

    bash interop/run            # once, to create interop/.venv
    interop/.venv/bin/python benches/zeep_compare.py
"""

import datetime
import os
import pathlib
import re
import subprocess
import time

import zeep
from lxml import etree

from instructions import bench_executable

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


def rate(f, seconds=3.0):
    f()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(100):
            f()
        n += 100
    return n / (time.perf_counter() - start)


def round_trips(client, expires):
    """Calls per second, zeep and soapkit, each against the same running server."""
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

        zeep_rate = rate(call)
        ours = subprocess.run([exe], env=dict(os.environ, SOAPKIT_CALLS=url), cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
        return zeep_rate, float(ours.strip())
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
    zeep_build, zeep_parse = rate(build), rate(parse)

    out = subprocess.run(
        ["cargo", "bench", "-q", "--bench", "codec", "--", "encode/soapkit|decode/soapkit/services88"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    times = {}
    for name, value, unit in re.findall(r"^(\S+)\s*\n?\s*time:\s+\[\S+ \S+ (\S+) (\S+) ", out, re.M):
        times[name] = float(value) * {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3}[unit]
    soapkit_build = 1 / times["encode/soapkit"]
    soapkit_parse = 1 / times["decode/soapkit/services88"]
    print(f"{'':28}{'zeep /s':>12}{'soapkit /s':>14}{'ratio':>8}")
    print(f"{'envelope built':28}{zeep_build:12,.0f}{soapkit_build:14,.0f}{soapkit_build / zeep_build:8.0f}x")
    print(f"{'reply parsed':28}{zeep_parse:12,.0f}{soapkit_parse:14,.0f}{soapkit_parse / zeep_parse:8.0f}x")
    zeep_calls, soapkit_calls = round_trips(client, expires)
    print(f"{'round trip, same server':28}{zeep_calls:12,.0f}{soapkit_calls:14,.0f}{soapkit_calls / zeep_calls:8.0f}x")


if __name__ == "__main__":
    main()
