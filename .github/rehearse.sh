#!/usr/bin/env bash
# Rehearses the deploy workflow (deploy.yml, deploy-wave.yml) for a push to
# BRANCH (default main), offline: the same app call lists the image to build
# and the waves, the same scripts build, wait for the image and summarize,
# against stubs of aws and docker, and each deploy is make's dry run of
# `make deploy ENV=NAME IMAGE_DIGEST=...`, the command the workflow runs.
# It prints the order in which the environments would deploy and what each
# deploys. Run it where cdk.json is; APP is the app (default: the
# repository's bin/fastapi-lambda-cdk, which make builds).
set -euo pipefail
branch=${1:-main}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app=${APP:-$repo/bin/fastapi-lambda-cdk}
stubs=$(mktemp -d)
trap 'rm -rf "$stubs"' EXIT

# aws: the build's repository exists and every image is there at once.
cat >"$stubs/aws" <<'STUB'
#!/usr/bin/env bash
case "$1 $2" in
  "ecr describe-repositories") echo "111111111111.dkr.ecr.${AWS_REGION:-eu-west-1}.amazonaws.com/$4" ;;
  "ecr get-login-password") echo stub-password ;;
  "ecr describe-images") echo "IMAGEDETAILS stub" ;;
  *) echo None ;;
esac
STUB
# docker: a login that reads the password as docker does (or aws, writing
# it, would die of a broken pipe), and a build that reports the digest of the
# commit's image.
cat >"$stubs/docker" <<'STUB'
#!/usr/bin/env bash
[ "$1" = login ] && cat >/dev/null
if [ "$1 $2" = "buildx build" ]; then
  while [ $# -gt 0 ]; do
    if [ "$1" = --metadata-file ]; then
      printf '{"containerimage.digest": "sha256:%s"}\n' "$(printf '%s' "$GITHUB_SHA" | sha256sum | cut -c1-64)" >"$2"
    fi
    shift
  done
fi
STUB
chmod +x "$stubs/aws" "$stubs/docker"
export PATH="$stubs:$PATH" GITHUB_SHA=${GITHUB_SHA:-rehearsal}

outputs=$("$app" environments -branch "$branch" -waves)
value() { sed -n "s/^$1=//p" <<<"$outputs"; }

digest=""
build=$(value build)
if [ -n "$build" ]; then
  repository=$(jq -r .repository <<<"$build")
  digest=$( (cd "$repo" && bash .github/build-image.sh "$repository" "$(jq -r .platform <<<"$build")" 2>/dev/null) | sed -n 's/^digest=//p')
  echo "build: lambda-app for $(jq -r .platform <<<"$build") on $(jq -r .runner <<<"$build"), pushed once to $repository of $(jq -r .environment <<<"$build"): $digest"
else
  echo "build: none (no environment deployed from $branch is promoted)"
fi

for wave in $(seq 1 "$(grep -c '^wave' <<<"$outputs")"); do
  targets=$(value "wave$wave")
  if [ "$targets" = "[]" ]; then
    break
  fi
  after=""
  [ "$wave" -gt 1 ] && after=" (after wave $((wave - 1)) succeeded)"
  echo "wave $wave$after:"
  # '|' and not a tab between fields: read would merge a tab's empty fields.
  while IFS='|' read -r environment promoted from gate repository; do
    image="builds lambda-app at deploy"
    image_digest=""
    if [ "$promoted" = true ]; then
      (cd "$repo" && bash .github/wait-for-image.sh "$environment" "$repository" "$digest" 2>/dev/null)
      image="deploys $digest from $repository"
      image_digest=$digest
    fi
    line="  $environment: $image"
    [ -n "$from" ] && line+=", promoted from $from"
    [ -n "$gate" ] && line+=", after the reviewers of GitHub environment $gate approve"
    echo "$line"
    make -s -n -C "$repo" deploy ENV="$environment" IMAGE_DIGEST="$image_digest" CDK_ARGS="--require-approval never" |
      grep -E '(^| )(cdk|false|true)( |$).*(synth|deploy)' | sed 's/^/    $ /'
  done < <(jq -r '.[] | [.environment, (.promoted | tostring), .promotedFrom, .githubEnvironment, .repository] | join("|")' <<<"$targets")
done
