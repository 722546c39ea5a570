#!/usr/bin/env bash
# Builds gSOAP's verifying server for the interoperability suite: wsdl2h and soapcpp2 make
# the C++ service of interop/person.wsdl, with WS-Security (wsse.h) and WS-Addressing 1.0
# (wsa5.h) in its Header; server.cpp implements it with gSOAP's wsseapi, wsaapi and httpda
# (HTTP Digest) plugins,
# and client.cpp calls a server with them, signing or addressing; bench.cpp, built from the
# same WSDL without plugins, is the benchmark counterpart. Installs Debian's gsoap,
# libgsoap-dev and libssl-dev first when they are missing. Output: interop/gsoap/out/server,
# interop/gsoap/out/client and interop/gsoap/out/bench/bench.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! dpkg -s gsoap libgsoap-dev libssl-dev >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq gsoap libgsoap-dev libssl-dev >/dev/null
fi
out="$here/out"
mkdir -p "$out"
cd "$out"
if [ -x server ] && [ -x client ] && [ -x bench/bench ] && [ server -nt "$here/server.cpp" ] \
    && [ client -nt "$here/client.cpp" ] && [ bench/bench -nt "$here/bench.cpp" ] \
    && [ server -nt "$here/../person.wsdl" ] && [ server -nt "$here/build.sh" ] \
    && [ client -nt "$here/person_request.h" ] && [ bench/bench -nt "$here/person_request.h" ]; then
    exit 0
fi
share=/usr/share/gsoap
quiet() { "$@" >log 2>&1 || { cat log; exit 1; }; }
quiet wsdl2h -o person.h "$here/../person.wsdl"
# The Header carries WS-Security's Security block and WS-Addressing's headers.
sed -i '1i #import "wsse.h"\n#import "wsa5.h"' person.h
quiet soapcpp2 -S -L -x -I"$share/import" person.h
# gSOAP's plugins call OpenSSL functions 3.0 deprecates: their warnings are not ours.
g++ -O1 -w -DWITH_OPENSSL -DWITH_DOM -DWITH_GZIP -I. -I"$share/plugin" -I"$share" -o server \
    "$here/server.cpp" soapC.cpp soapServer.cpp "$share/plugin/httpda.c" \
    "$share/plugin/wsseapi.cpp" "$share/plugin/wsaapi.c" "$share/plugin/smdevp.c" "$share/plugin/mecevp.c" "$share/plugin/threads.c" \
    "$share/custom/struct_timeval.c" -x none -lgsoapssl++ -lssl -lcrypto -lz
# The signing client, from the same definitions.
mkdir -p client-src
(cd client-src && quiet soapcpp2 -C -L -x -I"$share/import" ../person.h)
g++ -O1 -w -DWITH_OPENSSL -DWITH_DOM -DWITH_GZIP -Iclient-src -I. -I"$share/plugin" -I"$share" -o client \
    "$here/client.cpp" client-src/soapC.cpp client-src/soapClient.cpp \
    "$share/plugin/wsseapi.cpp" "$share/plugin/wsaapi.c" "$share/plugin/smdevp.c" "$share/plugin/mecevp.c" "$share/plugin/threads.c" \
    "$share/custom/struct_timeval.c" -x none -lgsoapssl++ -lssl -lcrypto -lz
# The benchmark counterpart: the same WSDL without plugins or their headers, -O2 as a
# release build is compiled (benches/instructions.py gsoap).
mkdir -p bench
(cd bench && quiet wsdl2h -o person.h "$here/../person.wsdl" && quiet soapcpp2 -L -x -I"$share/import" person.h)
g++ -O2 -w -pthread -Ibench -I"$share" -o bench/bench "$here/bench.cpp" bench/soapC.cpp bench/soapClient.cpp \
    bench/soapServer.cpp -x none -lgsoap++
