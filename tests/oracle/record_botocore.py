#!/usr/bin/env python3
"""Records what botocore does, as an independent oracle for the Rust tests.

For fixed credentials, clock and inputs, it captures the request botocore would send
for a handful of AppStream operations (headers, body bytes, canonical request, string to
sign, Authorization), and how botocore parses given responses and errors. Nothing goes
over the network: a `before-send` hook answers every request.

Run by hand; CI only reads the committed output:

    python3 -m venv /tmp/oracle && /tmp/oracle/bin/pip install botocore==1.44.8
    /tmp/oracle/bin/python tests/oracle/record_botocore.py > tests/fixtures/botocore-oracle.json

The botocore version must match models/botocore.lock.json; the script refuses otherwise.
"""

import datetime
import json
import os
import sys

import botocore
import botocore.auth
import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

EXPECTED_BOTOCORE = "1.44.8"
FIXED_TIME = datetime.datetime(2019, 2, 11, 18, 30, 0)
ACCESS_KEY = "AKIDORACLEEXAMPLE"
SECRET_KEY = "oracle/Secret+Key/EXAMPLEKEY"
SESSION_TOKEN = "FwoGZXIvYXdzEBYaDORACLE//TOKEN+example=="

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")

REQUESTS = [
    ("DescribeSessions", "us-east-1", False, {"StackName": "engineering-stack", "FleetName": "engineering-fleet"}),
    ("DescribeSessions", "eu-west-1", False, {
        "StackName": "engineering-stack", "FleetName": "engineering-fleet", "UserId": "jdoe@example.com",
        "NextToken": "eyJwYWdlIjoyfQ==", "Limit": 10, "AuthenticationType": "SAML",
    }),
    ("DescribeSessions", "us-west-2", True, {"StackName": "s", "FleetName": "f", "InstanceId": "i-0123"}),
    ("DescribeSessions", "cn-north-1", False, {"StackName": "s", "FleetName": "f"}),
    ("DescribeStacks", "us-east-1", False, {}),
    ("DescribeFleets", "us-gov-west-1", False, {"Names": ["fleet-a", "fleet-b"], "NextToken": "t"}),
    ("CreateStreamingURL", "us-east-1", False, {
        "StackName": "s", "FleetName": "f", "UserId": "user1", "Validity": 60, "SessionContext": "ctx ünïcode",
    }),
    ("ListTagsForResource", "ap-northeast-1", False, {"ResourceArn": "arn:aws:appstream:ap-northeast-1:123456789012:stack/s"}),
    ("CreateStack", "us-east-1", False, {
        "Name": "stack", "Description": "A \"quoted\" description / with slashes",
        "StorageConnectors": [{"ConnectorType": "HOMEFOLDERS", "Domains": ["example.com"]}],
        "UserSettings": [{"Action": "CLIPBOARD_COPY_FROM_LOCAL_DEVICE", "Permission": "ENABLED"}],
        "ApplicationSettings": {"Enabled": True, "SettingsGroup": "group"},
        "Tags": {"team": "eng", "cost-center": "42"},
    }),
]

RESPONSES = [
    ("DescribeSessions-ok", "DescribeSessions", 200, {"x-amzn-RequestId": "req-ok"},
     open(os.path.join(FIXTURES, "describe_sessions_response.json"), "rb").read()),
    ("DescribeSessions-empty", "DescribeSessions", 200, {"x-amzn-RequestId": "req-empty"}, b"{}"),
    ("modeled-type", "DescribeSessions", 400, {"x-amzn-RequestId": "req-1"},
     b'{"__type":"InvalidParameterCombinationException","message":"UserId requires AuthenticationType"}'),
    ("modeled-namespaced", "DescribeSessions", 400, {"x-amzn-RequestId": "req-2"},
     b'{"__type":"com.amazonaws.appstream#InvalidParameterCombinationException","Message":"capital M"}'),
    ("modeled-header", "DescribeSessions", 400, {
        "x-amzn-RequestId": "req-3",
        "X-Amzn-Errortype": "InvalidParameterCombinationException:http://internal.amazon.com/coral/com.amazonaws.appstream/",
    }, b'{"message":"from the header"}'),
    ("unmodeled", "DescribeSessions", 400, {"x-amzn-RequestId": "req-4"},
     b'{"__type":"ThrottlingException","message":"Rate exceeded"}'),
    ("modeled-other-operation", "DescribeStacks", 400, {"x-amzn-RequestId": "req-5"},
     b'{"__type":"ResourceNotFoundException","message":"stack not found"}'),
    ("server-error-html", "DescribeSessions", 503, {"x-amzn-RequestId": "req-6"}, b"<html>Service Unavailable</html>"),
]


def to_json(value):
    """Parsed botocore output as JSON: datetimes in RFC 3339 UTC, with milliseconds."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, datetime.datetime):
        utc = value.astimezone(datetime.timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond:06d}Z"
    return value


def main():
    if botocore.__version__ != EXPECTED_BOTOCORE:
        sys.exit(f"botocore {botocore.__version__} is installed; the vendored model is {EXPECTED_BOTOCORE}")
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: FIXED_TIME
    captured = {}
    original_canonical = botocore.auth.SigV4Auth.canonical_request
    original_sts = botocore.auth.SigV4Auth.string_to_sign

    def canonical_request(self, request):
        captured["canonical_request"] = original_canonical(self, request)
        return captured["canonical_request"]

    def string_to_sign(self, request, canonical):
        captured["string_to_sign"] = original_sts(self, request, canonical)
        return captured["string_to_sign"]

    botocore.auth.SigV4Auth.canonical_request = canonical_request
    botocore.auth.SigV4Auth.string_to_sign = string_to_sign

    session = botocore.session.get_session()
    out = {"botocore": botocore.__version__, "time": FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "session_token": SESSION_TOKEN,
           "requests": [], "responses": []}

    def client(region, token, answer):
        c = session.create_client(
            "appstream", region_name=region, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            aws_session_token=SESSION_TOKEN if token else None,
            config=botocore.config.Config(retries={"max_attempts": 0, "mode": "standard"}),
        )
        c.meta.events.register("before-send.appstream.*", answer)
        return c

    for operation, region, token, params in REQUESTS:
        sent = {}

        def answer(request, **kwargs):
            sent["request"] = request
            return AWSResponse(request.url, 200, {"x-amzn-RequestId": "oracle"}, _Raw(b"{}"))

        c = client(region, token, answer)
        getattr(c, botocore.xform_name(operation))(**params)
        request = sent["request"]
        out["requests"].append({
            "operation": operation,
            "region": region,
            "session_token": token,
            "params": params,
            "method": request.method,
            "url": request.url,
            "headers": {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()},
            "body": request.body.decode("utf-8") if isinstance(request.body, bytes) else request.body,
            "canonical_request": captured["canonical_request"],
            "string_to_sign": captured["string_to_sign"],
            "authorization": request.headers["Authorization"].decode()
            if isinstance(request.headers["Authorization"], bytes) else request.headers["Authorization"],
        })

    minimal = {"DescribeSessions": {"StackName": "s", "FleetName": "f"}, "DescribeStacks": {}}
    for name, operation, status, headers, body in RESPONSES:
        def answer(request, status=status, headers=headers, body=body, **kwargs):
            return AWSResponse(request.url, status, headers, _Raw(body))

        c = client("us-east-1", False, answer)
        record = {"name": name, "operation": operation, "status": status, "headers": headers,
                  "body": body.decode("utf-8")}
        try:
            parsed = getattr(c, botocore.xform_name(operation))(**minimal[operation])
            record["output"] = to_json(parsed)
            record["request_id"] = parsed["ResponseMetadata"].get("RequestId")
        except ClientError as e:
            record["error"] = {
                "code": e.response["Error"].get("Code"),
                "message": e.response["Error"].get("Message"),
                "modeled": type(e).__name__ != "ClientError",
                "request_id": e.response["ResponseMetadata"].get("RequestId"),
                "status": e.response["ResponseMetadata"].get("HTTPStatusCode"),
            }
        out["responses"].append(record)

    json.dump(out, sys.stdout, indent=2, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


class _Raw:
    """The raw-stream side of AWSResponse, over fixed bytes."""

    def __init__(self, data):
        self._data = data

    def stream(self, **kwargs):
        yield self._data


if __name__ == "__main__":
    import botocore.config  # noqa: E402  (after the version check's import of botocore)
    main()
