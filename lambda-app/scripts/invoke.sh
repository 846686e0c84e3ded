#!/usr/bin/env bash
# Builds the image and sends a Function URL event through the AWS Lambda
# Runtime Interface Emulator, printing the handler's response. Needs Docker
# and, the first time, a download of the emulator from its GitHub releases.
#
#   scripts/invoke.sh [events/get-health.json]
#   PLATFORM=linux/arm64 scripts/invoke.sh events/post-item-json.json
set -euo pipefail
cd "$(dirname "$0")/.."

event="${1:-events/get-health.json}"
image="fastapi-lambda-app:local"
rie_dir="${RIE_DIR:-$HOME/.aws-lambda-rie}"
port="${RIE_PORT:-9000}"

# The machine's own architecture, or PLATFORM=linux/arm64 (the function's,
# emulated by QEMU on an x86 machine).
case "${PLATFORM:-$(uname -m)}" in
  arm64|aarch64|linux/arm64) arch=arm64; platform=linux/arm64 ;;
  *) arch=x86_64; platform=linux/amd64 ;;
esac
rie="aws-lambda-rie"
[ "$arch" = arm64 ] && rie="aws-lambda-rie-arm64"

if [ ! -x "$rie_dir/$rie" ]; then
  mkdir -p "$rie_dir"
  curl -fsSL -o "$rie_dir/$rie" "https://github.com/aws/aws-lambda-runtime-interface-emulator/releases/latest/download/$rie"
  chmod +x "$rie_dir/$rie"
fi

docker build --platform "$platform" -t "$image" .
container=$(docker run -d --rm --platform "$platform" -p "127.0.0.1:$port:8080" \
  -v "$rie_dir:/aws-lambda:ro" --entrypoint "/aws-lambda/$rie" \
  "$image" python -m awslambdaric service.lambda_handler.handler)
trap 'docker stop "$container" >/dev/null' EXIT

for _ in $(seq 1 50); do
  if response=$(curl -fsS -X POST "http://127.0.0.1:$port/2015-03-31/functions/function/invocations" --data-binary "@$event" 2>/dev/null); then
    printf '%s\n' "$response"
    exit 0
  fi
  sleep 0.2
done
echo "the emulator did not answer on port $port; container logs:" >&2
docker logs "$container" >&2
exit 1
