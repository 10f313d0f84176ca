"""The provider process Terraform starts: plugin protocol 6 over gRPC, on the PyPI `tf` framework's runner.

usage: python -m stubprovider SCHEMA_FILE PROVIDER      (through the launcher install.sh writes)

Terraform itself checks a configuration against the schema served here (names, types, nesting, required
arguments and blocks, block counts, references, cycles); this process adds what the real provider checks in
its own code and Terraform relies on: read-only attributes set in configuration are errors, a plan leaves
what the provider computes unknown, data sources read plausible values, apply makes up what was unknown.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from tf import provider as tf_provider
from tf import runner
from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc

from . import aws, wire
from .placeholders import ACCOUNT_ID
from .schema import ProviderSchema, load
from .values import Unknown, empty_object, fill, plan_create, read_only_paths, walk

DEFAULT_REGION = "us-east-1"


def _reported(rpc_method: Callable[..., Any]) -> Callable[..., Any]:
    """A fault of the stub becomes an error diagnostic naming the RPC (not an opaque gRPC failure)."""

    @functools.wraps(rpc_method)
    def wrapper(self: StubServicer, request: Any, context: Any) -> Any:
        try:
            return rpc_method(self, request, context)
        except Exception as exc:  # noqa: BLE001 - reported to Terraform, with the traceback on stderr
            traceback.print_exc()
            summary = f"stub provider fault in {rpc_method.__name__} {getattr(request, 'type_name', '')}".strip()
            response = getattr(pb, rpc_method.__name__).Response
            return response(diagnostics=[wire.error(summary, f"{type(exc).__name__}: {exc}")])

    return wrapper


class StubServicer(rpc.ProviderServicer):
    """Every RPC Terraform 1.6-1.11 makes of a provider of managed resources, data sources and functions."""

    def __init__(self, provider: ProviderSchema) -> None:
        self.provider = provider
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
        self.settings = aws.Settings(region)
        self.functions = aws.FUNCTIONS if provider.name == "aws" else {}
        self._schema: pb.GetProviderSchema.Response | None = None

    # ----------------------------------------------------------------------------------------- schema

    def GetMetadata(self, request: Any, context: Any) -> Any:
        R = pb.GetMetadata
        return R.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True),
            resources=[R.ResourceMetadata(type_name=t) for t in self.provider.resources],
            data_sources=[R.DataSourceMetadata(type_name=t) for t in self.provider.data_sources],
            functions=[R.FunctionMetadata(name=n) for n in self.functions],
        )

    @_reported
    def GetProviderSchema(self, request: Any, context: Any) -> Any:
        if self._schema is None:
            self._schema = wire.provider_schema_pb(self.provider, self.functions)
        return self._schema

    @_reported
    def GetFunctions(self, request: Any, context: Any) -> Any:
        return pb.GetFunctions.Response(functions=self.GetProviderSchema(request, context).functions)

    # ----------------------------------------------------------------------------------------- validation

    def _read_only(self, config: Any, block: Any, type_name: str) -> list[pb.Diagnostic]:
        return [
            wire.error(
                "Value for unconfigurable attribute",
                f'Can\'t configure a value for "{path[-1][1]}": its value will be decided automatically based '
                f"on the result of applying this configuration ({type_name}).",
                path,
            )
            for path in read_only_paths(config, block)
        ]

    @_reported
    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return pb.ValidateProviderConfig.Response()

    @_reported
    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        block = self.provider.resources[request.type_name]
        diagnostics = self._read_only(wire.decode(request.config), block, request.type_name)
        return pb.ValidateResourceConfig.Response(diagnostics=diagnostics)

    @_reported
    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        block = self.provider.data_sources[request.type_name]
        diagnostics = self._read_only(wire.decode(request.config), block, request.type_name)
        return pb.ValidateDataResourceConfig.Response(diagnostics=diagnostics)

    @_reported
    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        self.settings.configure(wire.decode(request.config))
        return pb.ConfigureProvider.Response()

    # ----------------------------------------------------------------------------------------- resources

    @_reported
    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        if not request.raw_state.json:
            return pb.UpgradeResourceState.Response(
                diagnostics=[wire.error("stub provider: state in the legacy flatmap form is not supported")]
            )
        return pb.UpgradeResourceState.Response(upgraded_state=pb.DynamicValue(json=request.raw_state.json))

    @_reported
    def ReadResource(self, request: Any, context: Any) -> Any:
        return pb.ReadResource.Response(new_state=request.current_state, private=request.private)

    @_reported
    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        proposed = wire.decode(request.proposed_new_state)
        prior = wire.decode(request.prior_state)
        if proposed is None or prior is not None:
            # destroy, or update: Terraform's proposal already carries the prior values of unset computed ones
            planned = request.proposed_new_state
        else:
            values = plan_create(proposed, self.provider.resources[request.type_name])
            if self.provider.name == "aws":
                aws.plan_create(request.type_name, self.settings, proposed, values)
            planned = wire.encode(values)
        return pb.PlanResourceChange.Response(planned_state=planned)

    @_reported
    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        planned = wire.decode(request.planned_state)
        if planned is None:  # destroy
            return pb.ApplyResourceChange.Response(new_state=request.planned_state)
        type_name, region = request.type_name, self.settings.region
        digest = hashlib.sha256(request.planned_state.msgpack).hexdigest()[:10]
        made_up = {
            "id": f"stub-{type_name}-{digest}",
            "arn": f"arn:aws:stub:{region}:{ACCOUNT_ID}:{type_name}/{digest}",
        }

        def resolve(attr: Any, value: Any, in_set: bool) -> Any:
            if attr.name in made_up and not in_set and isinstance(value, Unknown):
                return made_up[attr.name]
            return fill(value, attr.cty, attr.name, region, nulls=False, in_set=in_set)

        state = walk(planned, self.provider.resources[type_name], resolve)
        return pb.ApplyResourceChange.Response(new_state=wire.encode(state), private=request.planned_private)

    @_reported
    def ImportResourceState(self, request: Any, context: Any) -> Any:
        state = empty_object(self.provider.resources[request.type_name])
        if "id" in state:
            state["id"] = request.id
        imported = pb.ImportResourceState.ImportedResource(type_name=request.type_name, state=wire.encode(state))
        return pb.ImportResourceState.Response(imported_resources=[imported])

    def MoveResourceState(self, request: Any, context: Any) -> Any:
        return pb.MoveResourceState.Response(diagnostics=[wire.error("stub provider: moving state is not supported")])

    # ----------------------------------------------------------------------------------------- data, functions

    @_reported
    def ReadDataSource(self, request: Any, context: Any) -> Any:
        config = wire.decode(request.config) or {}
        region = self.settings.region
        block = self.provider.data_sources[request.type_name]
        state = walk(config, block, lambda a, v, in_set: fill(v, a.cty, a.name, region, nulls=True, in_set=in_set))
        special = aws.DATA.get(request.type_name) if self.provider.name == "aws" else None
        if special is not None:
            state.update({k: v for k, v in special(self.settings, config).items() if config.get(k) is None})
        return pb.ReadDataSource.Response(state=wire.encode(state))

    def CallFunction(self, request: Any, context: Any) -> Any:
        params, _, implementation = self.functions[request.name]
        arguments = [wire.decode(a) for a in request.arguments]
        try:
            result = implementation(*arguments)
        except (TypeError, ValueError) as exc:
            return pb.CallFunction.Response(error=pb.FunctionError(text=str(exc)))
        return pb.CallFunction.Response(result=wire.encode(result))

    def StopProvider(self, request: Any, context: Any) -> Any:
        return pb.StopProvider.Response()


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit("usage: python -m stubprovider SCHEMA_FILE PROVIDER [--describe]")
    provider = load(argv[0], argv[1])
    if "--describe" in argv:  # the installer's check that the provider starts and what it serves
        response = StubServicer(provider).GetProviderSchema(pb.GetProviderSchema.Request(), None)
        print(json.dumps({"provider": provider.source, "version": provider.version,
                          "resources": len(response.resource_schemas),
                          "data_sources": len(response.data_source_schemas),
                          "schema_bytes": response.ByteSize()}))
        return
    tf_provider.ProviderServicer = StubServicer  # run_provider builds its servicer from this name at call time
    runner.run_provider(provider, argv)
