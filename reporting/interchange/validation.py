"""Checks every part of the programme file shares: a top-level list, a record's new ref, a
reference to another hub's record. Every error is collected before the import decides to roll
back (INTERCHANGE.md)."""

import json

from .fields import Record


def _shown(value) -> str:
    """A value as the file spells it: "text" in quotes, null, true."""
    return json.dumps(value, ensure_ascii=False)


class ImportChecks:
    """The checks the importer's record loaders share; the state is the Importer's."""

    def _list(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.errors.append(f"{key}: must be a list")
            return []
        return value

    def _ref(self, record: Record, model, seen: set) -> str | None:
        ref = record.str("ref", blank=False, max_length=64)
        if ref is None:
            return None
        if ref in seen:
            record.error("ref", f'"{ref}" is used twice')
            return None
        seen.add(ref)
        if model.objects.filter(ref=ref).exists():
            record.error("ref", f'"{ref}" already exists in the database')
            return None
        return ref

    def _same_hub(self, record: Record, field: str, hub_id: int | None, other_hub_id) -> bool:
        if hub_id is not None and other_hub_id is not None and hub_id != other_hub_id:
            record.error(field, "belongs to another hub (a cross-hub reference)")
            return False
        return True
