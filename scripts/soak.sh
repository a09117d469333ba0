#!/usr/bin/env bash
# soak.sh: the reference server under a sustained load of reads and writes
# across its domains. It builds refserver/cmd/refserver and the load
# (scripts/soak, vegeta as a library), starts the server on loopback with a
# fresh SQLite file, seeds it and runs the load, then prints vegeta's
# throughput, latency percentiles overall and by kind of request, the
# failures, and the server's resident memory and goroutines after the
# warm-up and at the end. It exits 1 when a request is not answered 2xx or
# a bound fails (see scripts/soak/main.go). Arguments go to the Go program:
#
#   bash scripts/soak.sh                              # 50 requests/s for 10 minutes
#   bash scripts/soak.sh -rate 50/s -duration 30s     # the version CI runs
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/refserver" ./refserver/cmd/refserver
go build -o "$bin/soak" ./scripts/soak
echo "+ soak -server refserver $*" >&2
"$bin/soak" -server "$bin/refserver" "$@"
