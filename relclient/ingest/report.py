"""A load's report as the command line and the inbox write it: exit code, JSON, text."""

from __future__ import annotations

from relclient.i18n import t
from relclient.ingest.load import LoadResult


def exit_code(result: LoadResult) -> int:
    """0 when loaded (or a dry run found nothing to reject), 1 when rows were refused."""
    if result.status == "loaded":
        return 0
    return 0 if result.status == "dry_run" and not result.validation.rejected else 1


def report_dict(result: LoadResult, origin: str) -> dict:
    """The load's report as plain data (the CLI's JSON)."""
    v = result.validation
    return {
        "status": result.status, "load_id": result.load_id, "file": result.file.name,
        "sha256": result.file.sha256, "format": result.file.describe(), "mapping": origin,
        "rows_read": v.rows_read, "valid": v.valid, "rejected": v.rejected, "duplicates_skipped": v.duplicates,
        "warnings": v.warnings, "inserted": result.inserted, "updated": result.updated,
        "unchanged": result.unchanged, "deleted": result.deleted, "duration_ms": result.duration_ms,
        "date_formats": dict(v.formats),
        "file_warnings": [key for key, _ in result.file.warnings],
        "issues": result.issues.head(50).to_dict(orient="records"),
        "rejects_file": str(result.rejects_path) if result.rejects_path else None,
    }


def report_text(result: LoadResult, origin: str, lang: str = "en") -> str:
    """The load's report for a terminal or a report file beside an inbox file."""
    v = result.validation
    lines = [
        f"{result.status.upper()}: {result.file.name} ({result.file.describe()}, mapping {origin})",
        f"rows read {v.rows_read:,}, valid {v.valid:,}, rejected {v.rejected:,}, duplicates skipped "
        f"{v.duplicates:,}, warnings {v.warnings:,}",
    ]
    if result.status != "refused":
        lines.append(f"inserted {result.inserted:,}, updated {result.updated:,}, unchanged {result.unchanged:,}, "
                     f"deleted {result.deleted:,}" + (f" — load #{result.load_id}" if result.load_id else ""))
    for key, values in result.file.warnings:
        lines.append("note: " + t(f"ingest.warning.{key}", lang, **values))
    for row in result.issues.head(20).itertuples():
        lines.append(f"  line {row.line}: {row.reason}" + ("" if row.is_error else f" ({row.severity})"))
    if len(result.issues) > 20:
        lines.append(f"  … {len(result.issues) - 20:,} more in the rejects file")
    if result.rejects_path:
        lines.append(f"rejected rows with their reasons: {result.rejects_path}")
    return "\n".join(lines)
