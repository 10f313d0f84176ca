"""AG904 from the image config blob: ECR hands out a presigned URL (moto does not), preflight downloads it.

The URL comes from a canned ecr:GetDownloadUrlForLayer answer and points at a local HTTP server holding the
config blobs by digest: the same path as a real S3 presigned URL, minus S3.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from tests.aws.support import (
    DOCKER_MANIFEST,
    STREAM_REPO,
    digest,
    docker_manifest,
    finding,
    ids,
    image_config,
    position,
    preflight,
    push,
)


class BlobServer:
    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.requested: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                key = self.path.lstrip("/")
                server.requested.append(key)
                body = server.blobs.get(key)
                self.send_response(200 if body is not None else 404)
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def add(self, blob: bytes, key: str = "") -> None:
        self.blobs[key or digest(blob)] = blob

    def url(self, key: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{key}"


@pytest.fixture
def blobs(clean: Any) -> Iterator[BlobServer]:
    server = BlobServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()

    def download_url(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        layer = json.loads(params["body"])["layerDigest"]
        return AWSResponse(server.url(layer), 200, {}, None), {"downloadUrl": server.url(layer),
                                                                "layerDigest": layer}

    clean.events.register("before-call.ecr.GetDownloadUrlForLayer", download_url)
    server.add(image_config("amd64", "stream"))
    server.add(image_config("arm64", "worker"))
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_configs_of_the_right_platforms_pass(clean, blobs):
    assert ids(preflight(clean)) == []
    assert sorted(blobs.requested) == sorted(blobs.blobs), "both image configs were read"


def test_an_arm64_image_on_an_x86_64_function_fails(clean, blobs):
    push(clean, STREAM_REPO, "v1", docker_manifest("arm64", "built-on-a-mac"), DOCKER_MANIFEST)
    blobs.add(image_config("arm64", "built-on-a-mac"))
    result = preflight(clean)
    assert ids(result) == ["AG904"]
    found = finding(result, "AG904")
    assert (found.line, found.column) == position("architecture: x86_64", "x86_64")
    assert "is built for linux/arm64; function `stream` has `architecture: x86_64`" in found.message
    assert "--platform linux/amd64 --provenance=false --sbom=false" in found.help


def test_a_blob_that_does_not_match_its_digest_is_ignored(clean, blobs):
    push(clean, STREAM_REPO, "v1", docker_manifest("arm64", "tampered"), DOCKER_MANIFEST)
    blobs.add(image_config("s390x", "other"), key=digest(image_config("arm64", "tampered")))
    assert ids(preflight(clean)) == []
