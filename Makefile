# fastapi-lambda-cdk: every command a person or CI runs.
#
# The toolchain (Node.js 22 and the CDK CLI) is pinned in package.json and
# installed into node_modules; it goes first on PATH, so jsii and cdk use it.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
# The CLI may not phone home: synth and test reach only the package registries.
export CDK_DISABLE_CLI_TELEMETRY := true

# Debian's interpreter carries the python3-fastapi, -httpx and -pytest packages.
PYTHON ?= /usr/bin/python3
# The environment of cdk.json's "environments" to synthesize, diff or deploy.
ENV ?= default
# A one-off stack name, instead of the environment's stackName (an override).
STACK ?=
# The app as a prebuilt binary: `go run .` (cdk.json's app, for running cdk
# by hand) spends a quarter of a second checking the build on every synth.
APP_BIN := bin/fastapi-lambda-cdk
GO_SOURCES := $(shell find . \( -name node_modules -o -name bench -o -name examples -o -name cdk.out -o -name .git \) -prune -o -name '*.go' ! -name '*_test.go' -print)
# Every variable a user types reaches the shell single-quoted, as one word.
quote = '$(subst ','\'',$(1))'
# ... and as typed: make would expand a '$' in its value ('Api$1' would reach
# the app as 'Api'), so the variables a user sets are read with $(value).
quote_var = $(call quote,$(value $(1)))
# CDK_ARGS is split into words by the shell, as typed (make does not expand
# it); a value the shell cannot split is refused by name, not with a bare
# shell syntax error.
CDK_ARGS_RAW = $(value CDK_ARGS)
check_cdk_args = @bash -n -c $(call quote,: $(CDK_ARGS_RAW)) 2>/dev/null || { printf 'error: CDK_ARGS must split into shell words (an unbalanced quote?), got %s\n' $(call quote,$(CDK_ARGS_RAW)) >&2; exit 2; }
CDK_CLI := cdk --no-notices
CDK := $(CDK_CLI) --app $(APP_BIN) -c environment=$(call quote_var,ENV)$(if $(value STACK), -c stackName=$(call quote_var,STACK))$(if $(value IMAGE_DIGEST), -c imageTagOrDigest=$(call quote_var,IMAGE_DIGEST))
# make deploy IMAGE_DIGEST=sha256:...: deploy that image of the environment's
# imageRepository, as the deploy workflow does with the digest it built once
# (and as a person does to promote or roll back by hand). A digest only: a
# tag can move between the approval and the deploy.
IMAGE_DIGEST ?=
check_image_digest = @[[ -z $(call quote_var,IMAGE_DIGEST) || $(call quote_var,IMAGE_DIGEST) =~ ^sha256:[0-9a-f]{64}$$ ]] || { printf 'error: IMAGE_DIGEST must be an image digest, sha256: and 64 lower-case hex digits, got %s\n' $(call quote_var,IMAGE_DIGEST) >&2; exit 2; }
# Extra CLI arguments, e.g. CDK_ARGS="--profile prod", or a one-off override
# of a setting, CDK_ARGS="-c urlAuthType=AWS_IAM" (the summary lists it).
CDK_ARGS ?=
# The environment is ENV's alone: a -c environment= in CDK_ARGS would win over
# it without a word.
ifneq ($(findstring environment=,$(value CDK_ARGS)),)
$(error CDK_ARGS sets environment=: select the environment with ENV=NAME)
endif
# make diff TEMPLATE=old.template.json: diff against a saved template, offline.
TEMPLATE ?=
# make diff BASE=<ref>: the revision make diff compares with.
BASE ?=
# make diff LIVE=1: diff against the deployed stack, with AWS credentials.
LIVE ?=
# make diff MARKDOWN=FILE: also write the report as a pull-request comment.
MARKDOWN ?=
# Where make synth writes the cloud assembly that make deploy ships.
CDK_OUT ?= cdk.out
# make environments BRANCH=main: the environments CI deploys from that branch.
BRANCH ?= main
# make environments ALL=1: every committed environment.
ALL ?=
# make environments WAVES=1: the deploy workflow's build and waves.
WAVES ?=

.PHONY: synth environments rehearse docs test test-go test-python test-edge lint-workflows lint-shell lint-dockerfile bench bench-synth bench-scale bench-test bench-python bootstrap deploy diff run invoke clean

# node_modules is rebuilt whenever the lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --omit=peer
	@touch $@

$(APP_BIN): $(GO_SOURCES) go.mod go.sum
	go build -o $@ .

## synth: install the toolchain, synthesize ENV into cdk.out, list the stack's resources.
# The previous run's templates go first: a failed synth, whether the app or
# the CLI failed, leaves no template that a hand-run deploy could ship.
synth: node_modules/.installed $(APP_BIN)
	$(check_cdk_args)
	$(check_image_digest)
	@rm -f $(call quote_var,CDK_OUT)/manifest.json $(call quote_var,CDK_OUT)/*.template.json $(call quote_var,CDK_OUT)/*.assets.json
	$(CDK) synth --quiet --output $(call quote_var,CDK_OUT) -c printSummary=true $(CDK_ARGS_RAW)

## environments: the environments CI deploys on a push to BRANCH, as JSON (ALL=1: every one;
## WAVES=1: the image to build once and the waves of deploys, as $GITHUB_OUTPUT lines).
environments: $(APP_BIN)
	@$(APP_BIN) environments -branch $(call quote_var,BRANCH)$(if $(ALL), -all)$(if $(WAVES), -waves)

## rehearse: the deploy workflow for a push to BRANCH, offline (stubbed aws and docker, make's dry
## run of each deploy): the image it builds once and the order in which the environments deploy.
rehearse: $(APP_BIN)
	@APP=$(CURDIR)/$(APP_BIN) bash .github/rehearse.sh $(call quote_var,BRANCH)

## docs: rewrite the generated reference tables in the Markdown (the tests
## fail while one is stale). One package at a time: some share a file.
docs: node_modules/.installed
	UPDATE_DOCS=1 go test -p 1 -count=1 -run '^TestDocs' ./...

## test: every Go and Python test, and the lints of what ships: the GitHub
## workflows (actionlint with shellcheck), the shell scripts (shellcheck) and
## the image's Dockerfile (BuildKit's checks, as docker build --check).
test: test-go test-python test-edge lint-workflows lint-shell lint-dockerfile

test-go: node_modules/.installed bench/typescript/node_modules/.installed
	go vet ./...
	go test ./...

# actionlint from the Go module proxy, pinned; go caches the built binary.
# It runs shellcheck (Debian's) on every run: step.
lint-workflows:
	go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 -pyflakes=

SHELL_SCRIPTS := .ci/run $(wildcard lambda-app/scripts/*.sh .github/*.sh)
lint-shell:
	shellcheck $(SHELL_SCRIPTS)

# BuildKit's Dockerfile checks, in their own module (tools/dockerfile-check)
# so the app does not depend on BuildKit. The known-bad Dockerfile must fail:
# a check that finds nothing there is broken.
DOCKERFILE_CHECK := bin/dockerfile-check
$(DOCKERFILE_CHECK): tools/dockerfile-check/main.go tools/dockerfile-check/go.mod tools/dockerfile-check/go.sum
	cd tools/dockerfile-check && go build -o ../../$(DOCKERFILE_CHECK) .
lint-dockerfile: $(DOCKERFILE_CHECK)
	$(DOCKERFILE_CHECK) lambda-app/Dockerfile
	@if $(DOCKERFILE_CHECK) tools/dockerfile-check/testdata/bad.Dockerfile > /dev/null; then \
	  echo "dockerfile-check found nothing in testdata/bad.Dockerfile: the check is broken" >&2; exit 1; fi

test-python:
	cd lambda-app && $(PYTHON) -m pytest -q

# The front door's Lambda@Edge function, with Node.js 22's own test runner.
test-edge: node_modules/.installed
	node_modules/.bin/node --test constructs/frontdoor/payloadhash/index.test.mjs

## bench: every benchmark whose figures the README quotes.
bench: bench-synth bench-scale bench-test bench-python

# make synth's cdk synth against the same stack written in TypeScript.
bench-synth: node_modules/.installed $(APP_BIN) bench/typescript/node_modules/.installed
	go test -run '^$$' -bench 'Synth$$' -benchtime 20x ./bench/

# cdk synth of 1, 10 and 50 services, Go against TypeScript.
bench-scale: node_modules/.installed bench/typescript/node_modules/.installed
	go test -run '^$$' -bench 'SynthScale' -benchtime 5x -timeout 60m ./bench/
	go test -run '^$$' -bench 'JsiiRoundTrip' -benchtime 2000x -count 3 ./bench/

bench/typescript/node_modules/.installed: bench/typescript/package.json bench/typescript/package-lock.json
	cd bench/typescript && npm ci --no-audit --no-fund
	@touch $@

bench-test: node_modules/.installed
	go test -run '^$$' -bench 'MakeTest' -benchtime 1x -count 3 ./bench/

bench-python:
	cd lambda-app && $(PYTHON) bench/bench_handler.py

## bootstrap, deploy, diff: need AWS credentials (and Docker for deploy).
# The environment's bootstrap qualifier goes to the CLI as --qualifier. With
# bootstrapExecutionPolicy, an administrator's credentials first deploy the
# policy stack (the execution policy and the permissions boundary; no
# bootstrap role involved), then the bootstrap gets them instead of
# AdministratorAccess.
BOOTSTRAP_OUTPUTS = $(value CDK_OUT)/bootstrap-policy-outputs.json
bootstrap: node_modules/.installed $(APP_BIN)
	$(check_cdk_args)
	@set -e; policy=$$($(APP_BIN) bootstrap-args -env $(call quote_var,ENV) -policy-stack); \
	if [ -n "$$policy" ]; then \
	  echo "$(CDK) -c bootstrapPolicy=true deploy $$policy --outputs-file $(BOOTSTRAP_OUTPUTS) $(CDK_ARGS_RAW)"; \
	  $(CDK) -c bootstrapPolicy=true deploy "$$policy" --outputs-file $(call quote,$(BOOTSTRAP_OUTPUTS)) $(CDK_ARGS_RAW); \
	fi; \
	args=$$($(APP_BIN) bootstrap-args -env $(call quote_var,ENV) -outputs $(call quote,$(BOOTSTRAP_OUTPUTS))); \
	echo "$(CDK) bootstrap $$args $(CDK_ARGS_RAW)" | tr '\n' ' '; echo; \
	$(CDK) bootstrap $$args $(CDK_ARGS_RAW)

# deploy ships exactly the assembly that `make synth` writes for ENV: the
# same command synthesizes for a person and for CI.
deploy: synth
	$(CDK_CLI) --app $(call quote_var,CDK_OUT) deploy --all $(CDK_ARGS_RAW)

# diff needs no AWS account: it synthesizes ENV from the working tree and
# from BASE (default: the merge-base with the default branch) in a temporary
# git worktree, prints cdk diff of each stack and a risk summary, and fails
# when a replacement or removal that breaks callers, releases or credentials
# is not acknowledged by an Acknowledge-Risk trailer on the branch.
# MARKDOWN=FILE also writes the report as a pull-request comment.
# TEMPLATE=old.template.json compares with a saved template instead;
# LIVE=1 compares with the deployed stack (needs AWS credentials).
diff: node_modules/.installed $(APP_BIN)
	$(check_cdk_args)
ifneq ($(TEMPLATE),)
	$(CDK) diff --template $(call quote_var,TEMPLATE) $(CDK_ARGS_RAW)
else ifneq ($(LIVE),)
	$(CDK) diff --method template $(CDK_ARGS_RAW)
else ifneq ($(value CDK_ARGS)$(value STACK),)
	@echo "make diff: the offline review compares the committed configurations of the base and the working tree; CDK_ARGS and STACK apply only with LIVE=1 or TEMPLATE=FILE" >&2; exit 2
else
	$(APP_BIN) review -env $(call quote_var,ENV)$(if $(value BASE), -base $(call quote_var,BASE))$(if $(value MARKDOWN), -markdown $(call quote_var,MARKDOWN))
endif

## run: serve lambda-app on http://127.0.0.1:8000 with uvicorn (reloads on change).
run:
	cd lambda-app && $(PYTHON) -m uvicorn service.app:app --reload --host 127.0.0.1 --port 8000

## invoke: build the image and send EVENT through the Lambda Runtime Interface Emulator (needs Docker).
EVENT ?= events/get-health.json
invoke:
	lambda-app/scripts/invoke.sh $(call quote_var,EVENT)

clean:
	rm -rf cdk.out bin
