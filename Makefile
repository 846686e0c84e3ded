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
STACK ?= FastApiLambda
CDK := cdk --no-notices

.PHONY: synth test test-go test-python bench bootstrap deploy diff run invoke clean

# node_modules is rebuilt whenever the lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## synth: install the toolchain, synthesize into cdk.out, list the stack's resources.
synth: node_modules/.installed
	$(CDK) synth --quiet
	@node scripts/list-resources.js cdk.out/$(STACK).template.json

## test: every Go and Python test.
test: test-go test-python

test-go: node_modules/.installed
	go vet ./...
	go test ./...

test-python:
	cd lambda-app && $(PYTHON) -m pytest -q

## bench: synth and test benchmarks (figures in the README).
bench: node_modules/.installed
	go test -run '^$$' -bench . -benchtime 5x ./stacks/

## bootstrap, deploy, diff: need AWS credentials (and Docker for deploy).
bootstrap: node_modules/.installed
	$(CDK) bootstrap

deploy: node_modules/.installed
	$(CDK) deploy $(STACK)

diff: node_modules/.installed
	$(CDK) diff $(STACK)

## run: serve lambda-app on http://127.0.0.1:8000 with uvicorn (reloads on change).
run:
	cd lambda-app && $(PYTHON) -m uvicorn service.app:app --reload --host 127.0.0.1 --port 8000

## invoke: build the image and send EVENT through the Lambda Runtime Interface Emulator (needs Docker).
EVENT ?= events/get-health.json
invoke:
	lambda-app/scripts/invoke.sh $(EVENT)

clean:
	rm -rf cdk.out
