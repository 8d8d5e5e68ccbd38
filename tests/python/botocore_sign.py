"""Sign HTTP requests with botocore's SigV4 signer, for the interoperability tests.

Reads a JSON object on stdin:
  {"access_key_id", "secret_access_key", "region", "service",
   "requests": [{"method", "url", "headers": [[name, value], ...], "body_b64"}]}
and writes a JSON list of signed requests:
  [{"method", "target", "headers": [[name, value], ...], "body_b64"}]
The target is the path and query exactly as botocore signed them; the
caller sends the request itself, byte for byte.
"""

import base64
import json
import sys
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(spec, signer):
    body = base64.b64decode(spec.get("body_b64", ""))
    request = AWSRequest(method=spec["method"], url=spec["url"], data=body)
    for name, value in spec.get("headers", []):
        # HTTPHeaders appends on assignment, so repeated names stay repeated.
        request.headers[name] = value
    signer.add_auth(request)

    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return {
        "method": request.method,
        "target": target,
        "headers": [[name, value] for name, value in request.headers.items()],
        "body_b64": base64.b64encode(body).decode("ascii"),
    }


def main():
    spec = json.load(sys.stdin)
    credentials = Credentials(spec["access_key_id"], spec["secret_access_key"])
    signer = SigV4Auth(credentials, spec["service"], spec["region"])
    json.dump([sign(request, signer) for request in spec["requests"]], sys.stdout)


if __name__ == "__main__":
    main()
