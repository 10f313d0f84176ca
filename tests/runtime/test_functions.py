"""Every image function's code, run the way Lambda runs the committed generated image and function.

Lambda ignores the image's USER and runs an unprivileged user of its own with a read-only root and a
writable /tmp; the code is in LAMBDA_TASK_ROOT (/var/task), its requirements installed there by the
Dockerfile, boto3 comes with the runtime, and the environment is Terraform's plus Lambda's own. The WebSocket
Management API is served by a moto_server with TLS, because the function builds its https:// endpoint from
the request, as API Gateway sends it.
"""

from __future__ import annotations

import http.server
import json
import shutil
import ssl
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import yaml
from container import LAMBDA_USER, lambda_container
from runtime_support import REPO, checked, platform_env, references
from sandbox import copy_context, installed, requirement_lines, run

GENERATED = REPO / "generated"
HARNESS = Path(__file__).parent / "harness"
COVERED = {("problem_service", "problem-generator-streaming")}


def test_every_image_function_of_every_committed_spec_is_run_here():
    functions = {(spec.stem, name) for spec in sorted((REPO / "specs").glob("*.yaml"))
                 for name, fn in (yaml.safe_load(spec.read_text()).get("functions") or {}).items()
                 if "image" in fn}
    assert functions == COVERED


# The WebSocket API's host name as API Gateway puts it in the request context; the container resolves it to
# the loopback interface (its /etc/hosts), where a fake Management API answers over https with a certificate
# for that name. (moto_server does not route the stage prefix of `https://{domain}/{stage}/@connections/...`.)
API_HOST = "apiid.execute-api.ap-northeast-2.amazonaws.com"


class _ManagementApi(http.server.BaseHTTPRequestHandler):
    posted: list[tuple[str, dict]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.posted.append((urllib.parse.unquote(self.path), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def management_api(tmp_path_factory) -> Iterator[tuple[str, Path, list]]:
    """(domain:port, a folder with the CA bundle and /etc/hosts for the container, the posted messages)."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    f"/CN={API_HOST}", "-addext", f"subjectAltName=DNS:{API_HOST}", "-keyout",
                    str(folder / "key.pem"), "-out", str(folder / "cert.pem")], check=True, capture_output=True,
                   timeout=60)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ManagementApi)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ca = folder / "ca"
    ca.mkdir()
    shutil.copy(folder / "cert.pem", ca / "cert.pem")
    (ca / "hosts").write_text(f"127.0.0.1 localhost\n127.0.0.1 {API_HOST}\n")
    try:
        yield f"{API_HOST}:{server.server_address[1]}", ca, _ManagementApi.posted
    finally:
        server.shutdown()
        thread.join(timeout=10)


class ImageFunction:
    def __init__(self, spec: str, name: str, tmp_path: Path) -> None:
        self.service = checked(f"specs/{spec}.yaml")
        function = self.service.by_name["function", name]
        root = GENERATED / self.service.spec.service
        self.region = self.service.spec.region
        self.container = lambda_container(root / "docker" / f"{name}.Dockerfile", root / "terraform" / "lambda.tf",
                                          function.tf, function.aws_name, self.region, references(self.service))
        source = REPO / function.spec.source
        task_root = copy_context(source, tmp_path / "task")  # the Dockerfile pip-installs into the task root
        for item in installed(requirement_lines(source / "requirements.txt"), "function").iterdir():
            if item.name != ".complete":
                shutil.copytree(item, task_root / item.name) if item.is_dir() else shutil.copy(item, task_root)
        self.binds = {"/var/task": task_root, "/var/runtime": installed([f"boto3=={boto3.__version__}"], "runtime"),
                      "/opt/harness": copy_context(HARNESS, tmp_path / "harness")}
        self.scratch = tmp_path / "scratch"

    def invoke(self, endpoint: str, event: dict, tls: Path | None = None, **env: str):
        binds = {**self.binds, **({"/opt/ca": tls, "/etc/hosts": tls / "hosts"} if tls else {})}
        return run(self.container, binds, {**platform_env(endpoint, self.region), **env}, self.scratch,
                   command=["python", "/opt/harness/invoke.py", *self.container.command],
                   stdin=json.dumps(event), user=LAMBDA_USER)


def websocket_event(route: str, domain: str, body: dict | None = None) -> dict:
    return {"requestContext": {"routeKey": route, "connectionId": "conn-1", "domainName": domain, "stage": "dev"},
            "body": json.dumps(body) if body is not None else None}


def test_streaming_generator_connects_and_generates_a_problem(tmp_path, aws, moto_endpoint, management_api):
    function = ImageFunction("problem_service", "problem-generator-streaming", tmp_path)
    assert function.container.read_only_root and function.container.image.workdir == "/var/task"
    table = function.service.by_name["table", "problems"].aws_name
    dynamodb = aws("dynamodb", function.region)
    dynamodb.create_table(TableName=table, KeySchema=[{"AttributeName": "problem_id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "problem_id", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")
    connected = function.invoke(moto_endpoint, websocket_event("$connect", "unused"))
    assert connected.returncode == 0, connected.stderr
    assert json.loads(connected.stdout) == {"statusCode": 200}

    domain, ca, posted = management_api
    event = websocket_event("generate", domain, {"action": "generate", "topic": "sum", "seed": 3})
    result = function.invoke(moto_endpoint, event, ca, AWS_CA_BUNDLE="/opt/ca/cert.pem")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"statusCode": 200}
    (item,) = dynamodb.scan(TableName=table)["Items"]
    assert item["status"] == {"S": "ready"} and item["topic"] == {"S": "sum"}
    assert {path for path, _ in posted} == {"/dev/@connections/conn-1"}
    messages = [message["type"] for _, message in posted]
    assert messages[0] == "progress" and messages[-1] == "done" and "chunk" in messages
