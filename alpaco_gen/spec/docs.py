"""docs/spec.md, generated from the Pydantic models so that every field is documented and none is stale."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel, JsonValue
from pydantic_core import PydanticUndefined

from alpaco_gen.spec import beyond
from alpaco_gen.spec import models as m
from alpaco_gen.spec.uses import Use, use_model

INTRO = """\
# The spec format, version 1

Generated from the models in `alpaco_gen/spec/models.py` and `alpaco_gen/kinds/` by
`python -m alpaco_gen.spec.docs > docs/spec.md`; do not edit.
The reference spec `specs/problem_service.yaml` uses most of it. Editors get completion and checking from
the JSON Schema: start a spec with `# yaml-language-server: $schema=../generated/schema/service.schema.json`.

Names of resources (keys under `functions`, `tables`, ...) are lowercase letters, digits, `-` and `_`. AWS names
are `<project>-<service>-<name>-<environment>` (ECR repositories: `<project>/<name>-<environment>`);
Terraform addresses use the name with `-` replaced by `_`. Both are a compatibility promise: renaming a
resource in the spec replaces it in AWS.

`uses:` entries grant least-privilege access and set an environment variable with the generated name:
`{table: orders, access: read}` gives `ORDERS_TABLE`, a bucket `<NAME>_BUCKET`, an API `<NAME>_API_ENDPOINT`,
a state machine `<NAME>_STATE_MACHINE_ARN`, a function `<NAME>_FUNCTION_NAME`. Access levels: tables and
buckets `read`, `write`, `read_write`; APIs `manage_connections`; state machines `start`; functions `invoke`.

## Environments

One spec can describe several environments: leave out `environment` and list them under `environments`, each
with the fields that differ from the rest of the spec. The rest is the base every environment starts from;
an environment's overrides are merged into it before anything is checked (mappings key by key, so
`functions: {api: {memory: 1024}}` changes one field of one function; a list or a single value replaces the
base's). `version`, `project`, `service` and `environment` cannot differ (AG008).

```yaml
service: orders
terraform:
  backend: {s3: {bucket: acme-tfstate, key: orders/dev/terraform.tfstate}}
functions:
  api: {source: backend/lambdas/api, runtime: python3.12, handler: app.handler, memory: 256}
environments:
  dev: {}
  prod:
    tags: {CostCenter: retail}
    terraform: {backend: {s3: {key: orders/prod/terraform.tfstate}}}
    functions:
      api: {memory: 1024, reserved_concurrency: 50}
```

A finding points at the line that set the value: `environments.prod.functions.api.memory` for prod's memory,
the base's line for what prod inherits. It names the environment (`[prod] ...`) unless every environment has
it. `validate` and `render` take every environment; `--env NAME` (repeatable) picks some.

Each environment renders into its own tree, `generated/<service>/<environment>/`, with its own Terraform
root, scripts and state: environments differ in more than variable values (an override can add NAT gateways,
a function or a table), each plan is reviewed and applied on its own, and an orchestrator sees one stack per
environment. A spec without `environments` keeps rendering into `generated/<service>/`. Every tree's
manifest records the spec, service and environment it belongs to, and `render` refuses to write into a tree
that another spec or environment owns. Give each environment its own state: with an S3 backend, its own
`key` (AG809 reports two environments sharing one); see [docs/state.md](state.md).

## At run time

What the generated system does at run time, beyond the fields below:

- **Containers.** Task images run as `USER 10001` with a read-only root file system; the only writable path
  is `/tmp`, an empty task volume that the image declares as a `VOLUME` with mode 1777, so that Fargate
  copies that owner and mode into it (an undeclared volume is root-owned 0755: "No usable temporary
  directory found"). `tests/runtime` runs every task's and image function's code under exactly these
  constraints, read from the generated Dockerfile and task definition.
- **Task inputs go by reference.** A `task:` state passes its container only what `environment:` names (ids,
  S3 keys); ECS takes at most 8,192 characters of overrides for a RunTask call. Without `environment:` the
  whole state input goes in as `STATE_INPUT`, which rule AG720 rejects, as it rejects bodies and whole
  objects passed by value.
- **Zip functions** are staged by the generated `scripts/package_functions.sh` (deploy.sh runs it first): the
  source folder plus its `requirements.txt`, installed from manylinux wheels for the function's
  `architecture` and Python `runtime` (`pip --only-binary=:all: --platform manylinux2014_x86_64|aarch64
  --python-version X.Y`), never built from source; Terraform's `archive_file` zips the staged folder
  reproducibly. Rule AG217 warns about requirements that cannot be packaged that way.
- **Teardown** follows `deletion_protection`: on (the default in `prod`, `production`, `prd`, `live`),
  `terraform destroy` is refused by `prevent_destroy` on tables, buckets and ECR repositories, tables keep
  DynamoDB deletion protection, buckets are not emptied and repositories keep their images; off, destroy
  removes everything (`force_destroy`, ECR `force_delete`). The generated DEPLOY.md says which applies.
- **Provider.** `terraform.aws_provider` must admit no hashicorp/aws release before 6.25 (rule AG812).
- **Least privilege, also inside a bucket.** A `uses:` entry on a bucket may name a key `prefix`
  (`{bucket: out, access: write, prefix: results/}`): the objects statement then covers `<prefix>*` only and
  listing carries an `s3:prefix` condition. Every grant is on exact ARNs; the access simulation
  (docs/architecture.md) checks that each run-time call is allowed and nothing more.
- **Untrusted code.** Subnets marked `isolated: true` have no route out of the VPC even when the network has
  NAT; what runs there reaches AWS only through `network.endpoints` (rules AG307 and AG414 say which are
  missing). Rule AG640 warns when an unauthenticated route can start a state machine or task.

The project root is the nearest folder, from the spec's folder upwards, that holds `.git`; failing that, the
nearest that holds `pyproject.toml`; failing both, the parent of the spec's folder. Generated files name the
spec by its path from there, and `source_root` and every `source` must stay inside it (rule AG218). A spec is
read from a regular file of at most 4 MiB (or from standard input, `-`), nests at most 100 levels, and its
aliases may not expand it beyond 4 times its size (rule AG009); NaN and infinity are no number.

## API edge

What stands in front of an API's routes (`specs/todo_api.yaml` uses most of it):

```yaml
user_pools:
  people: {clients: [web]}             # Cognito: a pool and a public app client (SRP sign-in, no secret)
hosted_zones:
  main: {name: example.com}            # an existing Route 53 zone, looked up by name (or `id:`)
apis:
  todo:
    protocol: http
    authorizers:
      users: {type: jwt, user_pool: people}                # issuer: the pool; audience: its clients
      partners: {type: jwt, issuer: "https://login.example.com/", audience: [api://todo]}
      tokens: {type: lambda, function: check-token, ttl: 300, identity_sources: [$request.header.X-Token]}
    cors: {allow_origins: [https://app.example.com], allow_methods: [GET, POST], allow_credentials: true}
    domain: {name: api.example.com, zone: main, base_path: v1}
    throttle_burst: 50                 # the stage's default for every route
    throttle_rate: 20
    routes:
      "GET /todos": {function: todos, authorization: users, scopes: [aws.cognito.signin.user.admin]}
      "POST /todos": {function: todos, authorization: users, throttle_burst: 10, throttle_rate: 5}
      "GET /feed": {function: feed, authorization: tokens}
```

- **Authorization** of a route is `none`, `iam` (SigV4) or the name of one of the API's `authorizers`
  (AG101 with a suggestion when it names none). JWT authorizers are for HTTP APIs; `scopes` need one (AG617).
  WebSocket APIs take a Lambda authorizer on `$connect` only (AG610); its identity sources are spelt
  `route.request.header.X` (AG615). A Lambda authorizer gets its own Lambda permission, limited to
  the authorizer (`<execution ARN>/authorizers/<id>`).
- **Custom domain**: regional, TLS 1.2. With `certificate_arn`, that certificate (of the spec's region,
  AG618); without, an ACM certificate is created and validated by a DNS record in `zone` (the name must be in
  the zone, AG619). With `zone`, an alias `A` record points the name at the API. The output
  `api_<name>_domain_url` is the URL with the base path.
- **Throttling** of each route overrides the stage default (`route_settings` of the stage); limits are
  checked against AWS's ranges and the account's default quota (AG620).
- **Access logs** keep the default JSON fields unless `access_log_format` lists its own (field ->
  `$context` variable).
"""


def _models() -> list[type[BaseModel]]:
    """The models in the order the page documents them: the service settings, then each kind's."""
    from alpaco_gen.kinds import KINDS

    models = [m.Spec, *m.SETTINGS_MODELS, *(model for kind in KINDS.values() for model in kind.doc_models)]
    models = [use_model() if model is Use else model for model in models]
    for model in models:  # built lazily (defer_build): until then a recursive model's fields are forward references
        model.model_rebuild()
    return models


def _title(model: type[BaseModel]) -> str:
    return str(model.model_config.get("title") or model.__name__)


def _type(annotation: typing.Any) -> str:
    """A readable type: `name -> Function`, `list of text`, `one of: a, b`."""
    if annotation is JsonValue:
        return "JSON value"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return "name" if any(getattr(a, "pattern", None) for a in args[1:]) else "text"
    if origin is typing.Literal:
        return "one of: " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type(a) for a in args if a is not type(None))
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"map: {_type(args[0])} -> {_type(args[1])}"
    if annotation is Use:
        annotation = use_model()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{_title(annotation)}](#{_title(annotation).lower()})"
    return {str: "text", int: "integer", float: "number", bool: "boolean"}.get(annotation, str(annotation))


def _default(field: typing.Any) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        return "empty" if not field.default_factory() else "see below"
    if field.default is PydanticUndefined or field.default is None:
        return ""
    return f"`{field.default}`"


def spec_markdown() -> str:
    lines = [INTRO]
    for model in _models():
        lines += [f"## {_title(model)}", ""]
        if model.__doc__ and model is not BaseModel and model.__doc__ != BaseModel.__doc__:
            lines += [model.__doc__.strip(), ""]
        lines += ["| field | type | default | description |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            description = (field.description or "").replace("|", "\\|").replace("\n", " ")
            kind = _type(field.annotation).replace("|", "\\|")
            lines.append(f"| `{name}` | {kind} | {_default(field)} | {description} |")
        lines.append("")
    return "\n".join(lines) + "\n" + beyond.markdown()


if __name__ == "__main__":
    print(spec_markdown(), end="")
