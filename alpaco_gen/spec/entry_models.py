"""Validated models of spec entries, kept between checks of one edited document (the language server).

A keystroke changes one entry (a function, say), yet validating the whole spec is a large part of a check.
`YamlCache` hands back an unchanged entry as the very mapping it loaded before. An entry whose mapping is
the one validated last time is given to pydantic as the model it became, which pydantic takes as it is:
models are frozen, and validating an entry reads nothing but the entry. When validation fails, the caller
validates the plain data again, so findings are exactly those of a full validation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class EntryModels:
    """section -> entry name -> (the mapping validated, its model), of the last validation that passed."""

    def __init__(self) -> None:
        self._kept: dict[str, dict[Any, tuple[Any, BaseModel]]] = {}

    def validate(self, model: type[M], data: Any) -> M | None:
        """`model.model_validate(data)`, with the models of unchanged entries; None when it fails (validate
        `data` itself to report why)."""
        if not isinstance(data, dict):
            return None
        given = dict(data)
        for section, kept in self._kept.items():
            entries = data.get(section)
            if isinstance(entries, dict):
                given[section] = {name: _model_or(kept.get(name), raw) for name, raw in entries.items()}
        try:
            validated = model.model_validate(given)
        except ValidationError:
            return None
        self._keep(data, validated)
        return validated

    def _keep(self, data: dict[Any, Any], validated: BaseModel) -> None:
        self._kept = {}
        for section, entries in data.items():
            if not isinstance(entries, dict) or section not in type(validated).model_fields:
                continue
            models = getattr(validated, section)
            if isinstance(models, dict):
                self._kept[section] = {name: (raw, models[name]) for name, raw in entries.items()
                                       if isinstance(raw, dict) and isinstance(models.get(name), BaseModel)}


def _model_or(kept: tuple[Any, BaseModel] | None, raw: Any) -> Any:
    return kept[1] if kept is not None and kept[0] is raw else raw
