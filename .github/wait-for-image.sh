#!/usr/bin/env bash
# Waits until the image DIGEST is in REPOSITORY (a name, in the credentials'
# account and region): an environment in another region or account deploys
# from a replica of the repository the build pushed to (ECR replication,
# docs/promotion.md), which lags the push by seconds to minutes. Usage:
# wait-for-image.sh ENVIRONMENT REPOSITORY DIGEST; WAIT_SECONDS (600) bounds
# the wait.
set -uo pipefail
environment=$1 repository=$2 digest=$3
deadline=$((SECONDS + ${WAIT_SECONDS:-600}))
while ! aws ecr describe-images --repository-name "$repository" --image-ids "imageDigest=$digest" --output text >/dev/null 2>&1; do
  if ((SECONDS >= deadline)); then
    echo "error: environment $environment: image $digest is not in its repository $repository after ${WAIT_SECONDS:-600} s:" \
      "replicate the build's repository to this region and account (docs/promotion.md), or push the digest there" >&2
    exit 1
  fi
  sleep "${POLL_SECONDS:-15}"
done
echo "environment $environment: $repository holds $digest" >&2
