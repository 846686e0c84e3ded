"""An example typed resource: items with a validated request model.

The store lives in the execution environment's memory, so each Lambda
environment has its own and loses it when recycled: replace it with a real
database before relying on it. Each app has its own store, which routes
reach through the get_store dependency; tests replace it with
app.dependency_overrides.
"""

import itertools
import math
import threading

from fastapi import Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from .compat import MAX_LIST_LENGTH, field_check, to_dict
from .routing import Router

router = Router(prefix="/items", tags=["items"])


class ItemIn(BaseModel):
    name: str = Field(..., min_length=1, max_length=100, description="Display name")
    price: float = Field(..., gt=0, description="Unit price, greater than 0, finite")
    tags: list[str] = Field(default_factory=list, description="Up to 10 labels", **{MAX_LIST_LENGTH: 10})

    # What is stored must be answerable: JSON has no infinity (1e999 parses
    # as one), and UTF-8 has no lone surrogates ("\ud800" parses as one).
    # Either would make every later list of items fail.
    @field_check("price")
    def finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number")
        return value

    @field_check("name", "tags")
    def encodable(cls, value):
        for text in [value] if isinstance(value, str) else value:
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("must be Unicode text without lone surrogates") from None
        return value


class Item(ItemIn):
    id: int


class ItemStore:
    """Thread-safe in-memory items; FastAPI runs sync routes in a thread pool."""

    def __init__(self) -> None:
        self._items: dict[int, Item] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, item: ItemIn) -> Item:
        with self._lock:
            stored = Item(id=next(self._ids), **to_dict(item))
            self._items[stored.id] = stored
            return stored

    def get(self, item_id: int) -> Item | None:
        return self._items.get(item_id)

    def first(self, limit: int) -> list[Item]:
        return list(self._items.values())[:limit]


def get_store(request: Request) -> ItemStore:
    """The store of the app serving the request (create_app makes it)."""
    return request.app.state.item_store


@router.get("", response_model=list[Item])
def list_items(
    limit: int = Query(20, ge=1, le=100, description="At most this many items"),
    store: ItemStore = Depends(get_store),
) -> list[Item]:
    return store.first(limit)


@router.get("/{item_id}", response_model=Item)
def get_item(item_id: int, store: ItemStore = Depends(get_store)) -> Item:
    item = store.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"item {item_id} not found")
    return item


@router.post("", response_model=Item, status_code=201)
def create_item(item: ItemIn, store: ItemStore = Depends(get_store)) -> Item:
    return store.add(item)
