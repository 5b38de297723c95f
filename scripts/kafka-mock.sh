#!/usr/bin/env bash
# Builds and runs librdkafka's mock Kafka cluster (scripts/kafka-mock.c) for tests.
#
#   scripts/kafka-mock.sh --install-only        install build deps if missing, build, exit
#   scripts/kafka-mock.sh [--no-install] [--brokers N] [TOPIC:PARTITIONS ...]
#                                               build if stale, then run: prints the bootstrap
#                                               address on stdout, stops at stdin EOF or SIGTERM;
#                                               --no-install fails instead of running apt-get
#
# librdkafka-dev and gcc are installed with apt-get only when missing (it costs time; needs
# root). The binary lives in .kafka-mock/ (gitignored) and is rebuilt when the source is newer.
# A lock serializes builds: tap runs test files in parallel and each may start a mock.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/scripts/kafka-mock.c"
out_dir="$root/.kafka-mock"
bin="$out_dir/kafka-mock"

have_deps() {
  command -v gcc >/dev/null 2>&1 && [ -f /usr/include/librdkafka/rdkafka_mock.h ]
}

no_install=0

install_deps() {
  if have_deps; then return 0; fi
  if [ "$no_install" -eq 1 ]; then
    echo "kafka-mock: librdkafka-dev or gcc missing (run scripts/kafka-mock.sh --install-only)" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "kafka-mock: librdkafka-dev and gcc are missing and cannot be installed here (need root and apt-get)" >&2
    return 1
  fi
  echo "kafka-mock: installing librdkafka-dev gcc" >&2
  # stdout of this script is reserved for the bootstrap address.
  { DEBIAN_FRONTEND=noninteractive apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka-dev gcc libc6-dev; } >&2
}

build() {
  mkdir -p "$out_dir"
  exec 9>"$out_dir/.lock"
  flock 9
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    install_deps
    gcc -O2 -Wall -Wextra -o "$bin.tmp.$$" "$src" -lrdkafka >&2
    mv -f "$bin.tmp.$$" "$bin"
  fi
  flock -u 9
  exec 9>&-
}

if [ "${1:-}" = "--install-only" ]; then
  build
  exit 0
fi

if [ "${1:-}" = "--no-install" ]; then
  no_install=1
  shift
fi
build
exec "$bin" "$@"
