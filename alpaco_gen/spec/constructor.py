"""The YAML constructor of specs: PyYAML's safe one, with every value it cannot make a located error."""

from __future__ import annotations

from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from alpaco_gen.spec import limits


class Constructor(SafeConstructor):
    """The safe constructor, except that values it cannot make (an impossible date, `!!int xyz`, `!!bool 2`)
    are located YAML errors rather than bare exceptions, and numbers are bounded before conversion."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            problem = f"invalid date {node.value!r}: {exc}"
            raise ConstructorError(None, None, problem, node.start_mark) from exc
        except (AttributeError, TypeError):  # `!!timestamp xyz`: no date at all
            raise ConstructorError(None, None, f"{node.value!r} is not a date", node.start_mark) from None

    def construct_yaml_int(self, node: ScalarNode) -> Any:  # type: ignore[override]
        return _scalar(super().construct_yaml_int, node, "an integer", bounded=True)

    def construct_yaml_float(self, node: ScalarNode) -> Any:  # type: ignore[override]
        return _scalar(super().construct_yaml_float, node, "a number", bounded=True)

    def construct_yaml_bool(self, node: ScalarNode) -> Any:  # type: ignore[override]
        return _scalar(super().construct_yaml_bool, node, "true or false")


def _scalar(construct: Any, node: ScalarNode, kind: str, bounded: bool = False) -> Any:
    if not isinstance(node, ScalarNode):
        raise ConstructorError(None, None, f"expected {kind}, found a collection", node.start_mark)
    if bounded:
        limits.check_number(node, kind)
    try:
        return construct(node)
    except (ValueError, IndexError, KeyError, OverflowError):
        raise ConstructorError(None, None, f"{node.value!r} is not {kind}", node.start_mark) from None


for _tag, _method in (("timestamp", Constructor.construct_yaml_timestamp), ("int", Constructor.construct_yaml_int),
                      ("float", Constructor.construct_yaml_float), ("bool", Constructor.construct_yaml_bool)):
    Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)  # type: ignore[type-var]
