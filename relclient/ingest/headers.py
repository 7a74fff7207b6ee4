"""Column names as a file gives them: cleaned, and several columns of one name told apart."""

from __future__ import annotations

import re


def clean_headers(raw: list[str]) -> tuple[list[str], list[tuple[str, dict]]]:
    """Strip names and name empty ones by position. Headers given to several columns are never
    chosen for the user: each is named with its column number ("score (column 5)", "score
    (column 9)"), and a mapping must pick one (the file stays readable)."""
    names = [" ".join(str(value or "").replace("\ufeff", "").split()) or f"column {n}"
             for n, value in enumerate(raw, start=1)]
    positions: dict[str, list[int]] = {}
    for n, name in enumerate(names, start=1):
        positions.setdefault(name.casefold(), []).append(n)
    warnings: list[tuple[str, dict]] = []
    headers = []
    for n, name in enumerate(names, start=1):
        where = positions[name.casefold()]
        if len(where) > 1:
            if n == where[0]:
                warnings.append(("duplicate_header", {"header": name, "columns": ", ".join(map(str, where))}))
            name = f"{name} ({DUPLICATE_SUFFIX} {n})"  # is_duplicate() and twins() read this form
        headers.append(name)
    return headers, warnings


DUPLICATE_SUFFIX = "column"
_DUPLICATE = re.compile(rf"^(.*) \({DUPLICATE_SUFFIX} \d+\)$")


def is_duplicate(header: str) -> bool:
    """Whether `header` is one of several columns the file gave the same name ("score (column 9)")."""
    return bool(_DUPLICATE.match(header))


def twins(name: str, headers: tuple[str, ...]) -> list[str]:
    """The headers of the columns the file named `name` when it gave that name to several."""
    return [h for h in headers if (m := _DUPLICATE.match(h)) and m.group(1) == name]
