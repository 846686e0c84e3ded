"""The few spots where pydantic 1 (Debian's python3-fastapi, used in CI) and pydantic 2 (the image) differ."""

from typing import Any

import pydantic

PYDANTIC_V2 = pydantic.VERSION.startswith("2.")

# Keyword that bounds a list field's length.
MAX_LIST_LENGTH = "max_length" if PYDANTIC_V2 else "max_items"


def to_dict(model: pydantic.BaseModel) -> dict[str, Any]:
    return model.model_dump() if PYDANTIC_V2 else model.dict()


def field_check(*fields: str) -> Any:
    """Decorates a model's check of some fields: (cls, value) -> value, raising ValueError."""
    if PYDANTIC_V2:
        return pydantic.field_validator(*fields)
    return pydantic.validator(*fields, allow_reuse=True)
