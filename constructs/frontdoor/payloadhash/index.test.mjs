// Unit tests of the payload-hash edge function: node --test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { handler } from "./index.mjs";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

function event(body, method = "POST") {
  return {
    Records: [{ cf: { request: { method, uri: "/items", querystring: "", headers: { host: [{ key: "Host", value: "x.lambda-url.eu-west-1.on.aws" }] }, body } } }],
  };
}

test("a JSON body, as curl -d sends it, gets its SHA-256", async () => {
  const json = '{"name":"Widget","price":1,"note":"café"}';
  const data = Buffer.from(json, "utf8").toString("base64");
  const request = await handler(event({ inputTruncated: false, action: "read-only", encoding: "base64", data }));
  const want = createHash("sha256").update(json).digest("hex");
  assert.deepEqual(request.headers["x-amz-content-sha256"], [{ key: "x-amz-content-sha256", value: want }]);
  assert.equal(request.headers.host[0].value, "x.lambda-url.eu-west-1.on.aws", "other headers stay");
});

test("a base64 body is hashed as the bytes it encodes", async () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
  const request = await handler(event({ inputTruncated: false, encoding: "base64", data: bytes.toString("base64") }));
  assert.equal(request.headers["x-amz-content-sha256"][0].value, createHash("sha256").update(bytes).digest("hex"));
});

test("no body, or an empty one, gets the empty payload's hash", async () => {
  for (const body of [undefined, { inputTruncated: false, encoding: "text", data: "" }]) {
    const request = await handler(event(body, "GET"));
    assert.equal(request.headers["x-amz-content-sha256"][0].value, EMPTY_SHA256);
  }
});

test("a client's own x-amz-content-sha256 is replaced by the real hash", async () => {
  const e = event({ inputTruncated: false, encoding: "text", data: "a" });
  e.Records[0].cf.request.headers["x-amz-content-sha256"] = [{ key: "X-Amz-Content-Sha256", value: "UNSIGNED-PAYLOAD" }];
  const request = await handler(e);
  assert.deepEqual(request.headers["x-amz-content-sha256"], [{ key: "x-amz-content-sha256", value: createHash("sha256").update("a").digest("hex") }]);
});

test("a truncated body is answered 413, not forwarded with a wrong hash", async () => {
  const response = await handler(event({ inputTruncated: true, encoding: "base64", data: "AAAA" }));
  assert.equal(response.status, "413");
  assert.match(response.body, /over 1 MB/);
  assert.equal(response.headers["content-type"][0].value, "application/json");
});
