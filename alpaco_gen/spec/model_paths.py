"""Walking the Spec model classes along a spec path: which model, field type or enum a path points at."""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from alpaco_gen.diagnostics import SpecPath
from alpaco_gen.spec.models import Spec
from alpaco_gen.spec.uses import Use, use_model


def members(annotation: Any) -> list[Any]:
    """The alternatives of an annotation, without Annotated wrappers and None."""
    if annotation is Use:
        return [use_model()]
    origin = get_origin(annotation)
    if origin is Annotated:
        return members(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for arg in get_args(annotation) for m in members(arg)]
    return [] if annotation in (None, type(None)) else [annotation]


def annotation_at(path: SpecPath) -> Any:
    annotation: Any = Spec
    for part in path:
        annotation = child(annotation, part)
    return annotation


def child(annotation: Any, part: str | int) -> Any:
    for member in members(annotation):
        origin = get_origin(member)
        if is_model(member) and isinstance(part, str) and part in member.model_fields:
            return member.model_fields[part].annotation
        if origin is dict:
            return get_args(member)[1]
        if origin is list and isinstance(part, int):
            return get_args(member)[0]
    return None


def model_at(path: SpecPath) -> type[BaseModel] | None:
    return next((m for m in members(annotation_at(path)) if is_model(m)), None)


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def literals(annotation: Any) -> list[Any]:
    return [v for m in members(annotation) if get_origin(m) is Literal for v in get_args(m)]


def kind_name(annotation: Any) -> str:
    if is_model(annotation):
        return "model"
    origin = get_origin(annotation) or annotation
    names = {int: "int", float: "float", str: "string", bool: "bool", list: "list", dict: "dict"}
    return names.get(origin, "")
