"""JSON every parser reads: what the CLI prints with --format json.

Python's json writes NaN and Infinity, which strict parsers (and most languages) refuse; pandas
gives NaN for an empty cell. Here they are null, and dates and other values are their text.
"""

from __future__ import annotations

import json
import math
from typing import Any


def dumps(data: Any) -> str:
    """`data` as strict JSON: non-finite numbers and pandas' missing values become null."""
    return json.dumps(_finite(data), ensure_ascii=False, default=str, allow_nan=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if value is not None and type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value
