"""What a generated Dockerfile and task definition impose on a container, read from the generated files.

The Dockerfile gives the user, working directory, command, image environment and the paths it declares as
VOLUME (with the owner and mode the image leaves on them); the Terraform task definition (ecs.tf, parsed with
python-hcl2) gives readonlyRootFilesystem, the writable mount points, the command override and the
environment Terraform sets. Fargate's volume semantics: an empty bind volume is root-owned 0755, unless the
image declares the container path as a VOLUME, in which case the image's content, owner and mode are copied in.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import hcl2
from dockerfile_parse import DockerfileParser

# What the base images bring along on the paths a task may mount: Debian's /tmp is root 1777.
BASE_PATHS = {"/tmp": (0, 0, 0o1777)}
EMPTY_VOLUME = (0, 0, 0o755)


@dataclass(frozen=True)
class Mount:
    path: str
    uid: int
    gid: int
    mode: int


@dataclass(frozen=True)
class Image:
    """A Dockerfile, as far as running it is concerned."""

    base: str
    user: tuple[int, int] | None
    workdir: str
    command: list[str]
    env: dict[str, str]
    volumes: tuple[str, ...]
    paths: dict[str, tuple[int, int, int]]  # owner uid, gid and mode the image leaves on a path

    @property
    def is_lambda(self) -> bool:
        return self.base.startswith("public.ecr.aws/lambda/")


@dataclass(frozen=True)
class Container:
    """What a task definition's container gets at run time."""

    image: Image
    read_only_root: bool
    mounts: tuple[Mount, ...]
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)  # variable -> valueFrom: ECS reads them at start


def _exec_form(value: str) -> list[str]:
    value = value.strip()
    return json.loads(value) if value.startswith("[") else ["/bin/sh", "-c", value]


def _user(value: str) -> tuple[int, int]:
    user, _, group = value.partition(":")
    if not user.isdigit() or (group and not group.isdigit()):
        raise ValueError(f"USER {value!r}: only numeric ids can be run without the image's /etc/passwd")
    return int(user), int(group or user)


def _apply_run(command: str, paths: dict[str, tuple[int, int, int]]) -> None:
    """The effect of `chmod`, `chown`, `mkdir` and `install -d` in a RUN on the owner and mode of paths."""
    for part in re.split(r"&&|;", command):
        words = shlex.split(part)
        if not words:
            continue
        tool, args = words[0], [w for w in words[1:] if not w.startswith("-")]
        if tool == "chmod" and len(args) >= 2:
            for path in args[1:]:
                uid, gid, _ = paths.get(path, EMPTY_VOLUME)
                paths[path] = (uid, gid, int(args[0], 8))
        elif tool == "chown" and len(args) >= 2:
            user, _, group = args[0].partition(":")
            for path in args[1:]:
                _, _, mode = paths.get(path, EMPTY_VOLUME)
                paths[path] = (int(user), int(group or user), mode)
        elif tool == "mkdir":
            for path in args:
                paths.setdefault(path, EMPTY_VOLUME)
        elif tool == "install" and "-d" in words:
            owner, mode, targets = [0, 0], 0o755, []
            rest = iter(words[1:])
            for word in rest:
                if word in ("-o", "-g"):
                    owner["-o-g".index(word) // 2] = int(next(rest))
                elif word == "-m":
                    mode = int(next(rest), 8)
                elif not word.startswith("-"):
                    targets.append(word)
            for path in targets:
                paths[path] = (owner[0], owner[1], mode)


def read_dockerfile(path: Path) -> Image:
    parser = DockerfileParser(fileobj=io.BytesIO(path.read_bytes()))
    base = parser.baseimage
    lambda_base = base.startswith("public.ecr.aws/lambda/")
    user, workdir, command, volumes = None, "/var/task" if lambda_base else "/", [], []
    paths = dict(BASE_PATHS)
    env = {"LAMBDA_TASK_ROOT": "/var/task", "LAMBDA_RUNTIME_DIR": "/var/runtime"} if lambda_base else {}
    env |= parser.envs
    for instruction in parser.structure:
        kind, value = instruction["instruction"], instruction["value"]
        if kind == "USER":
            user = _user(value)
        elif kind == "WORKDIR":
            workdir = value if value.startswith("/") else f"{workdir.rstrip('/')}/{value}"
        elif kind in ("CMD", "ENTRYPOINT"):
            command = _exec_form(value)
        elif kind == "VOLUME":
            volumes += json.loads(value) if value.startswith("[") else value.split()
        elif kind == "RUN":
            _apply_run(value, paths)
    return Image(base, user, workdir, command, env, tuple(volumes), paths)


def _text(value: object) -> object:
    """A literal HCL string as python-hcl2 returns it (`"\\"tmp\\""`) -> `tmp`; other values unchanged."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return json.loads(value)
    return value


def _hcl_value(value: object, references: Callable[[str], str]) -> str:
    """A literal as it is; `${reference}` and interpolations in a string through `references`."""
    return re.sub(r"\$\{([^}]*)\}", lambda match: references(match.group(1)), str(_text(value)))


def _task_definition(ecs_tf: Path, name: str) -> dict[str, object]:
    parsed = hcl2.loads(ecs_tf.read_text(encoding="utf-8"))
    for block in parsed.get("resource", []):
        for kind, resources in block.items():
            if _text(kind) != "aws_ecs_task_definition":
                continue
            for resource in resources.values():
                definitions = str(resource["container_definitions"])
                inner = definitions.removeprefix("${jsonencode(").removesuffix(")}")
                containers = hcl2.loads("x = " + inner)["x"]
                for container in containers:
                    if _text(container["name"]) == name:
                        return {"volumes": [_text(v["name"]) for v in resource.get("volume", [])], **container}
    raise LookupError(f"no container `{name}` in {ecs_tf}")


def task_container(dockerfile: Path, ecs_tf: Path, name: str, references: Callable[[str], str]) -> Container:
    """The container `name` of the generated task definition, running the generated image."""
    image = read_dockerfile(dockerfile)
    definition = _task_definition(ecs_tf, name)
    mounts = []
    for point in definition.get("mountPoints", []):
        path = str(_text(point["containerPath"]))
        assert _text(point["sourceVolume"]) in definition["volumes"], point
        if point.get("readOnly"):
            continue
        owner = image.paths.get(path, EMPTY_VOLUME) if path in image.volumes else EMPTY_VOLUME
        mounts.append(Mount(path, *owner))
    env = dict(image.env)
    for variable in definition.get("environment", []):
        env[str(_text(variable["name"]))] = _hcl_value(variable["value"], references)
    secrets = {str(_text(v["name"])): _hcl_value(v["valueFrom"], references) for v in definition.get("secrets", [])}
    command = [str(_text(w)) for w in definition["command"]] if "command" in definition else image.command
    return Container(image, bool(definition.get("readonlyRootFilesystem")), tuple(mounts), command, env, secrets)


def lambda_environment(lambda_tf: Path, tf_name: str, references: Callable[[str], str]) -> dict[str, str]:
    """The `environment.variables` Terraform gives the function `tf_name`."""
    parsed = hcl2.loads(lambda_tf.read_text(encoding="utf-8"))
    for block in parsed.get("resource", []):
        for kind, resources in block.items():
            if _text(kind) != "aws_lambda_function":
                continue
            for name, resource in resources.items():
                if _text(name) != tf_name:
                    continue
                variables: Mapping[str, object] = {}
                for environment in resource.get("environment", []):
                    variables = environment["variables"]
                return {str(_text(k)): _hcl_value(v, references) for k, v in variables.items()}
    raise LookupError(f"no aws_lambda_function.{tf_name} in {lambda_tf}")


# Lambda runs a container image as an unprivileged user of its own (not the image's USER, which it ignores
# for images built on its base images), with a read-only root and a writable /tmp.
LAMBDA_USER = (993, 990)


def lambda_container(dockerfile: Path, lambda_tf: Path, tf_name: str, aws_name: str, region: str,
                     references: Callable[[str], str]) -> Container:
    """The image function `aws_lambda_function.<tf_name>` (named `aws_name` in AWS), as Lambda runs it."""
    image = read_dockerfile(dockerfile)
    assert image.is_lambda, f"{dockerfile} is not built on a Lambda base image"
    env = {**image.env, "AWS_LAMBDA_FUNCTION_NAME": aws_name, "AWS_REGION": region, "TZ": ":UTC",
           "LANG": "en_US.UTF-8", **lambda_environment(lambda_tf, tf_name, references)}
    return Container(image, True, (Mount("/tmp", 0, 0, 0o1777),), image.command, env)
