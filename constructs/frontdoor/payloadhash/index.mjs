// Lambda@Edge origin-request handler: adds the SHA-256 of the request body as
// x-amz-content-sha256, which a Function URL behind CloudFront origin access
// control requires for a body (POST, PUT, PATCH) and CloudFront does not
// compute. The distribution hands the body to this function (IncludeBody);
// CloudFront then signs the request, header included, with SigV4.
import { createHash } from "node:crypto";

const HEADER = "x-amz-content-sha256";

// bodyBytes decodes the body as CloudFront hands it over: base64 (text is
// the encoding a function may answer with; it is decoded all the same).
function bodyBytes(body) {
  if (!body || !body.data) {
    return Buffer.alloc(0);
  }
  return body.encoding === "base64" ? Buffer.from(body.data, "base64") : Buffer.from(body.data, "utf8");
}

function payloadHash(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

// tooLarge answers 413 for a body CloudFront truncated (over 1 MB for
// Lambda@Edge): its hash would be wrong, and Lambda would refuse it anyway.
function tooLarge() {
  return {
    status: "413",
    statusDescription: "Payload Too Large",
    headers: { "content-type": [{ key: "Content-Type", value: "application/json" }] },
    body: JSON.stringify({ detail: "request body over 1 MB: the front door cannot sign it" }),
  };
}

export async function handler(event) {
  const request = event.Records[0].cf.request;
  if (request.body && request.body.inputTruncated) {
    return tooLarge();
  }
  request.headers[HEADER] = [{ key: HEADER, value: payloadHash(bodyBytes(request.body)) }];
  return request;
}
