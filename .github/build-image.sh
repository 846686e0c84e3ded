#!/usr/bin/env bash
# Builds lambda-app once for PLATFORM and pushes it to the ECR repository
# REPOSITORY (a name, in the credentials' account and region), tagged with
# the commit (GITHUB_SHA) so that a person can find it; prints
# digest=sha256:... for $GITHUB_OUTPUT. Every promoted environment deploys
# that digest. Usage: build-image.sh REPOSITORY PLATFORM. Needs the AWS CLI
# and docker with buildx; run it on a runner of PLATFORM's architecture.
set -euo pipefail
repository=$1 platform=$2
commit=${GITHUB_SHA:-$(git rev-parse HEAD)}

uri=$(aws ecr describe-repositories --repository-names "$repository" --query 'repositories[0].repositoryUri' --output text)
aws ecr get-login-password | docker login --username AWS --password-stdin "${uri%%/*}" >&2
# A BuildKit container builder: it reports the digest of the manifest it
# pushed (the classic docker driver reports the image's local ID instead).
docker buildx use lambda-app-build 2>/dev/null || docker buildx create --use --driver docker-container --name lambda-app-build >&2
meta=$(mktemp)
# One platform, no attestations: Lambda takes a single image manifest, not
# an index.
docker buildx build --platform "$platform" --provenance=false --sbom=false \
  --tag "$uri:git-$commit" --push --metadata-file "$meta" lambda-app >&2
digest=$(jq -r '."containerimage.digest" // empty' "$meta")
if [[ ! $digest =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "error: the build of lambda-app reported no image digest (got '$digest'): read the build's log above" >&2
  exit 1
fi
echo "pushed $uri@$digest (tag git-$commit)" >&2
echo "digest=$digest"
