"""Building blocks of the spec models that every kind shares: strictness, names, references and text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

# A name of a resource in the spec: it becomes part of AWS names and Terraform addresses.
NAME_PATTERN = r"^[a-z][a-z0-9_-]*$"
ENV_NAME_PATTERN = r"^[a-z][a-z0-9]*$"

Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Ref = str  # a name used to point at another resource; resolve checks it exists
Architecture = Literal["x86_64", "arm64"]


def _scalar_to_text(value: object) -> object:
    """YAML reads `PORT: 8080` and `DEBUG: true` as numbers and booleans; AWS wants their text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_scalar_to_text, json_schema_input_type=str | int | float | bool)]


def _not_bool(value: object) -> object:
    """`Literal[1]` alone accepts `true`, which equals 1 in Python."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "Input should be 1", {"expected": "1"})
    return value


FormatVersion = Annotated[Literal[1], BeforeValidator(_not_bool)]


class Strict(BaseModel):
    # NaN and Infinity are no value AWS takes, and not valid JSON in ASL: refused by every float field.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True,
                              allow_inf_nan=False)


class Suppressible(Strict):
    ignore: list[str] = Field(default_factory=lambda: [],
                              description="Rule ids or names not to report for this resource.")
