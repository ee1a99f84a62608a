"""The pydantic model of one journal event, for code that validates events from outside."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sync.protocol.events import event_body


class Event(BaseModel):
    """One journal event as stored on the device and sent on the wire."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int = Field(ge=1)
    event_id: str = Field(min_length=1, max_length=64)
    device_id: str = Field(min_length=1, max_length=64)
    office_id: str = Field(min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=64)
    entity_id: str = Field(min_length=1, max_length=64)
    occurred_at: str = Field(min_length=1, max_length=40)  # UTC ISO 8601, device clock
    user_id: str | None = Field(default=None, max_length=64)
    payload: dict[str, Any]
    prev_hash: str = Field(min_length=64, max_length=64)
    hash: str = Field(min_length=64, max_length=64)

    def body(self) -> dict[str, Any]:
        """The hashed part: every field except ``hash``."""
        return event_body(self.model_dump())
