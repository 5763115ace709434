#!/usr/bin/env bash
# CI step: builds the container image where Docker is available, and says it was skipped where it is not.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
  echo "docker-build: skipped (no usable docker here)"
  exit 0
fi
docker build -t wa-gateway:ci .
# the image starts and answers its health check on the embedded database (x86-64 hosts only)
if [ "$(uname -m)" = "x86_64" ]; then
  id=$(docker run -d -p 127.0.0.1::7001 wa-gateway:ci)
  trap 'docker rm -f "$id" >/dev/null' EXIT
  port=$(docker port "$id" 7001/tcp | head -1 | sed 's/.*://')
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/" >/dev/null && { echo "docker-build: image built and healthy"; exit 0; }
    sleep 1
  done
  docker logs "$id"; echo "docker-build: the container did not answer GET /"; exit 1
fi
echo "docker-build: image built"
