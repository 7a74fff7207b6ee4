"""A load's report as the command line and the inbox write it: exit code, JSON, text.

The JSON is strict (no NaN, no Infinity: any parser reads it) and lists every issue with its
stable reason code beside its worded reason; the text is worded in the reader's language.
"""

from __future__ import annotations

import duckdb

from relclient.i18n import format_number, t
from relclient.ingest.load import LoadResult
from relclient.ingest.mapping import Mapping, missing_required
from relclient.ingest.suggest import Origin

TEXT_ISSUES = 20  # issues a text report lists; the rejects file and the JSON hold them all


def exit_code(result: LoadResult) -> int:
    """0 when loaded (or a dry run found nothing to reject), 1 when rows were refused."""
    if result.status == "loaded":
        return 0
    return 0 if result.status == "dry_run" and not result.validation.rejected else 1


def mapping_summary(mapping: Mapping, origin: Origin | None = None) -> dict:
    """Which file column feeds each contract column (and why, when suggested), and what is missing."""
    how = origin.how if origin else {}
    matched = []
    for cm in mapping.columns:
        if cm.source or cm.constant or cm.anonymous:
            matched.append({"column": cm.target, "source": cm.source, "time_source": cm.time_source,
                            "constant": cm.constant, "lookup": cm.lookup, "anonymous": cm.anonymous,
                            "how": how.get(cm.target, "given")})
    return {"matched": matched, "missing": list(missing_required(mapping))}


def mapping_text(mapping: Mapping, origin: Origin | None, lang: str) -> list[str]:
    """The mapping in lines: "ticket_id ← Ticket # (by name)", then the required columns missing."""
    summary = mapping_summary(mapping, origin)
    lines = []
    for m in summary["matched"]:
        if m["source"]:
            what = m["source"] + (f" + {m['time_source']}" if m["time_source"] else "")
            if m["lookup"]:
                what = t("ingest.map.lookup", lang, source=m["source"], dataset=m["lookup"])
        elif m["anonymous"]:
            what = t("ingest.map.anonymous", lang)
        else:
            what = t("ingest.map.constant", lang, value=m["constant"])
        lines.append(f"  {m['column']} ← {what} ({t('ingest.how.' + m['how'], lang)})")
    if summary["missing"]:
        lines.append(t("ingest.map.missing", lang, columns=", ".join(summary["missing"])))
    return lines


def report_dict(result: LoadResult, origin: Origin) -> dict:
    """The load's report as plain data (the CLI's JSON), with every issue and its code."""
    v = result.validation
    return {
        "status": result.status, "load_id": result.load_id, "file": result.file.name,
        "sha256": result.file.sha256, "format": result.file.describe(), "mapping": origin.describe("en"),
        "mapping_origin": origin.kind, "mapping_columns": mapping_summary(result.mapping, origin) if result.mapping else None,
        "rows_read": v.rows_read, "valid": v.valid, "rejected": v.rejected, "duplicates_skipped": v.duplicates,
        "warnings": v.warnings, "inserted": result.inserted, "updated": result.updated,
        "unchanged": result.unchanged, "deleted": result.deleted, "duration_ms": result.duration_ms,
        "date_formats": dict(v.formats),
        "file_warnings": [{"code": key, "text": t(f"ingest.warning.{key}", "en", **values)}
                          for key, values in result.file.warnings],
        "issue_count": result.issue_total,
        "issues": all_issues(result),
        "rejects_file": str(result.rejects_path) if result.rejects_path else None,
    }


def all_issues(result: LoadResult) -> list[dict]:
    """Every issue of the result (line, column, value, code, reason, severity), from its issues file."""
    if result.issues_path is None:
        return []
    with duckdb.connect() as con:
        return con.execute("SELECT line, column_name AS column, value, code, reason,"
                           " CASE WHEN is_error THEN 'error' ELSE 'warning' END AS severity FROM read_parquet($p)",
                           {"p": str(result.issues_path)}).to_arrow_table().to_pylist()


def report_text(result: LoadResult, origin: Origin, lang: str = "en") -> str:
    """The load's report for a terminal or a report file beside an inbox file, in `lang`."""
    v = result.validation
    n = lambda x: format_number(x, lang, 0)  # noqa: E731 - a local shorthand
    lines = [
        t("ingest.text.head", lang, status=t(f"ingest.status.{result.status}", lang).upper(), file=result.file.name,
          format=result.file.describe(lang), origin=origin.describe(lang)),
        t("ingest.text.counts", lang, read=n(v.rows_read), valid=n(v.valid), rejected=n(v.rejected),
          duplicates=n(v.duplicates), warnings=n(v.warnings)),
    ]
    if result.status == "loaded":
        lines.append(t("ingest.text.loaded", lang, inserted=n(result.inserted), updated=n(result.updated),
                       unchanged=n(result.unchanged), deleted=n(result.deleted), id=result.load_id))
    elif result.status == "dry_run":
        lines.append(t("ingest.text.would", lang, inserted=n(result.inserted), updated=n(result.updated),
                       unchanged=n(result.unchanged), deleted=n(result.deleted)))
    if origin.kind == "suggested" and result.mapping is not None:
        lines.append(t("ingest.text.mapping", lang))
        lines += mapping_text(result.mapping, origin, lang)
    for key, values in result.file.warnings:
        lines.append(t("ingest.text.note", lang, text=t(f"ingest.warning.{key}", lang, **values)))
    word = t("ingest.file.line", lang)
    for row in result.issues.head(TEXT_ISSUES).itertuples():
        severity = "" if row.is_error else f" ({row.severity})"
        lines.append(f"  {word} {row.line} [{row.code}]: {row.reason}{severity}")
    if result.issue_total > TEXT_ISSUES:
        lines.append(t("ingest.text.more", lang, n=n(result.issue_total - TEXT_ISSUES)))
    if result.rejects_path:
        lines.append(t("ingest.text.rejects", lang, path=str(result.rejects_path)))
    return "\n".join(lines)
