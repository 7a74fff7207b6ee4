"""An upload of a big French tickets export: the whole pipeline against DuckDB's bare read and pandas.

    python bench/ingest.py [--rows 1000000] [--scale 1] [--repeat 1] [--profile] [--pipeline-only]

Generates once (cached in $TMPDIR/relclient-bench-ingest, keyed by rows and scale) a tickets CSV
the way a French CRM exports it: cp1252, ';', French headers, dd/mm/yyyy hh:mm dates, oui/non,
French channel labels, departments as codes or French names, accented categories and a few ’
(so the file is real cp1252, not latin-1); 20% of the ids (at most the demo's tickets) are demo
ids, the others new; about 0.1% of the rows are bad (unknown department, impossible date,
resolution before opening, two versions of one ticket). Builds (or reuses) a database holding the
demo company (seed 7, end 2025-12-31) and restores a copy of it before every pipeline run. Measures,
each run in a child process of its own (time inside the child; peak RSS of that child):
  (a) pipeline: ingest_file(upsert, suggested mapping): read → map → validate → load, one transaction;
  (b) DuckDB floor: read_csv into a table, of a UTF-8 copy (DuckDB reads no cp1252; copying timed apart);
  (c) pandas peer: read_csv(cp1252, dtype=str) and the same checks, vectorised, without the load;
  (d) typed floor: what an expert would hand-write in DuckDB for this one file: read_csv of the
      UTF-8 copy with explicit types and its date format, French labels mapped by a join, then an
      upsert (INSERT OR REPLACE) into the demo database's tickets table (same primary key), committed.
Prints best (and median when --repeat > 1), the pipeline's time per step, and on its last line
the summary figures. --profile adds the pipeline's slowest SQL statements.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd
from _common import demo_db, expected_rows
from demo_build import TimingStore

from relclient.auth import User
from relclient.contract import CHANNELS, DEPARTMENTS, dataset
from relclient.ingest import LoadRequest, ingest_file, inspect_file, suggest_mapping
from relclient.ingest.mapping import normalise
from relclient.ingest.typing_sql import FALSE_WORDS, TRUE_WORDS, builtin_values
from relclient.store import Store

CHUNK = 16 * 1024 * 1024
WORK = Path(tempfile.gettempdir()) / "relclient-bench-ingest"
FMT = "'%d/%m/%Y %H:%M'"
GENERATE = f"""
CREATE MACRO r(i, k) AS (hash(i, k) % 1000000) / 1000000.0;
CREATE MACRO pick(xs, i, k) AS list_element(xs, 1 + (hash(i, k) % len(xs))::BIGINT);
COPY (
  WITH g AS (SELECT i, TIMESTAMP '2024-01-01' + to_minutes((hash(i, 'open') % 1051200)::BIGINT) AS opened
             FROM range(1, $rows + 1) t(i))
  SELECT CASE WHEN i % 10000 = 9999 THEN 'TB' || lpad((i - 1)::VARCHAR, 8, '0')  -- a 2nd version of a ticket
              WHEN i % 5 = 0 AND i // 5 <= $demo THEN 'TK' || lpad((i // 5)::VARCHAR, 8, '0')  -- a demo ticket
              ELSE 'TB' || lpad(i::VARCHAR, 8, '0') END AS "N° ticket",
         CASE WHEN i % 2000 = 3 THEN 'CL9999999'
              ELSE 'CL' || lpad((1 + hash(i, 'c') % $customers)::VARCHAR, 7, '0') END AS "N° client",
         CASE WHEN i % 3000 = 1507 THEN '31/02/2025 10:00' ELSE strftime(opened, {FMT}) END AS "Ouvert le",
         pick(['Téléphone', 'E-mail', 'Site web', 'Chat', 'Magasin', 'Courrier', 'Réseaux sociaux'], i, 'ch') AS "Canal",
         CASE WHEN i % 97 = 0 THEN 'retard d’expédition'
              ELSE pick(['livraison', 'facturation', 'qualité produit', 'retour', 'compte client',
                         'problème technique'], i, 'cat') END AS "Catégorie",
         CASE WHEN r(i, 'cp') < 0.2 THEN 'oui' ELSE 'non' END AS "Réclamation",
         CASE WHEN i % 3000 = 7 THEN 'Comptabilité'
              ELSE pick(['Service clients', 'Logistique', 'customer_service', 'logistics', 'Informatique',
                         'Commercial', 'Achats', 'R&D', 'Production', 'Direction générale'], i, 'd') END AS "Service",
         CASE WHEN r(i, 'nr') >= 0.05
              THEN strftime(opened + to_minutes((hash(i, 'fr') % 4000)::BIGINT), {FMT}) END AS "Première réponse",
         CASE WHEN i % 5000 = 1234 THEN strftime(opened - INTERVAL 1 DAY, {FMT})
              WHEN r(i, 'rs') >= 0.12
              THEN strftime(opened + to_minutes((4000 + hash(i, 'rs') % 20000)::BIGINT), {FMT}) END AS "Résolu le",
         CASE WHEN r(i, 'ro') < 0.9 THEN 0 WHEN r(i, 'ro') < 0.98 THEN 1 ELSE 2 END AS "Réouvertures"
  FROM g ORDER BY i
) TO '{{out}}' (HEADER, DELIMITER ';');
"""


def generate(rows: int, scale: float) -> tuple[Path, float | None]:
    """The cached cp1252 CSV of `rows` tickets (DuckDB writes UTF-8, Python transcodes it); seconds if made."""
    path = WORK / f"tickets-fr-{rows}-s{scale:g}.csv"
    if path.exists():
        return path, None
    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    utf8, tmp = path.with_suffix(".utf8"), path.with_suffix(".part")
    demo, customers = expected_rows(scale)["tickets"], expected_rows(scale)["customers"]
    sql = GENERATE.replace("{out}", str(utf8)).replace("$rows", str(rows)).replace("$demo", str(demo))
    duckdb.connect().execute(sql.replace("$customers", str(customers)))
    transcode(utf8, tmp, "utf-8", "cp1252")
    utf8.unlink()
    tmp.rename(path)
    return path, time.perf_counter() - started


def transcode(src: Path, dst: Path, source: str, target: str) -> None:
    """Copy a text file into another encoding, in big chunks."""
    decoder = codecs.getincrementaldecoder(source)()
    with src.open("rb") as f, dst.open("wb") as out:
        while chunk := f.read(CHUNK):
            out.write(decoder.decode(chunk).encode(target))


# --- what each child process measures --------------------------------------------------------

# A department lead of customer service, the tickets' steward: uploads need a user allowed to make them.
BENCH_USER = User("bench@example.fr", "Bench", "customer_service", "dept_lead")


def run_pipeline(csv: Path, db: Path, profile: bool) -> dict:
    """(a) ingest_file on a fresh copy of the demo database."""
    store = TimingStore(db) if profile else Store(db)
    info = inspect_file(csv)  # the upload page inspects the file to suggest the mapping
    mapping = suggest_mapping("tickets", info.headers)
    stamps: list[tuple[str, float]] = []
    started = time.perf_counter()
    result = ingest_file(store, BENCH_USER, csv, LoadRequest(mapping),
                         progress=lambda _f, step: stamps.append((step, time.perf_counter())))
    seconds = time.perf_counter() - started
    store.close()
    v = result.validation
    ends = [t for _, t in stamps[1:]] + [started + seconds]  # "done" → the end: the commit
    steps = [("commit" if s == "done" else s, end - t) for (s, t), end in zip(stamps, ends)]
    log = sorted(store.log, key=lambda x: -x[1])[:12] if profile else []
    left = [result.rejects_path] if result.rejects_path else []  # kept for download; the bench removes it
    left_mb = sum(f.stat().st_size for f in left) / 2**20
    for f in left:
        f.unlink()
    return {"seconds": seconds, "status": result.status, "rows_read": v.rows_read, "valid": v.valid,
            "rejected": v.rejected, "duplicates": v.duplicates, "warnings": v.warnings,
            "inserted": result.inserted, "updated": result.updated, "unchanged": result.unchanged,
            "unmapped": [c.target for c in mapping.columns if c.source is None], "steps": steps,
            "sql": [(" ".join(s.split())[:90], t) for s, t in log], "left": [len(left), left_mb]}


def run_floor(csv: Path) -> dict:
    """(b) DuckDB's reader into an in-memory table, of a UTF-8 copy (timed apart): its latin-1 refuses
    bytes 0x80-0x9F ("File is not latin-1 encoded"), which cp1252 uses (’ is 0x92)."""
    started = time.perf_counter()
    utf8 = Path(tempfile.mkstemp(prefix="bench-floor-", suffix=".csv")[1])
    transcode(csv, utf8, "cp1252", "utf-8")
    transcode_s = time.perf_counter() - started
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, delim=';', header=true)", [str(utf8)])
    seconds = time.perf_counter() - started
    utf8.unlink()
    rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    return {"seconds": seconds, "transcode_seconds": transcode_s, "rows": rows}


# (d): the channels and departments as this file writes them (fixed for the one file).
TYPED_FLOOR = """
CREATE TEMP TABLE labels (label VARCHAR, code VARCHAR);
INSERT INTO labels VALUES ('Téléphone', 'phone'), ('E-mail', 'email'), ('Site web', 'web'), ('Chat', 'chat'),
  ('Magasin', 'store'), ('Courrier', 'mail'), ('Réseaux sociaux', 'social'), ('Service clients', 'customer_service'),
  ('Logistique', 'logistics'), ('customer_service', 'customer_service'), ('logistics', 'logistics'),
  ('Informatique', 'it'), ('Commercial', 'sales'), ('Achats', 'purchasing'), ('R&D', 'rnd'),
  ('Production', 'production'), ('Direction générale', 'direction');
BEGIN TRANSACTION;
INSERT OR REPLACE INTO tickets (ticket_id, customer_id, opened_at, channel, category, is_complaint, owner_dept,
                                first_response_at, resolved_at, reopened_count)
SELECT f.ticket_id, f.customer_id, f.opened_at, ch.code, f.category, f.complaint = 'oui', d.code,
       f.first_response_at, f.resolved_at, f.reopened
FROM read_csv($path, delim = ';', header = true, timestampformat = '%d/%m/%Y %H:%M', ignore_errors = true,
              columns = {'ticket_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'opened_at': 'TIMESTAMP',
                         'channel': 'VARCHAR', 'category': 'VARCHAR', 'complaint': 'VARCHAR', 'dept': 'VARCHAR',
                         'first_response_at': 'TIMESTAMP', 'resolved_at': 'TIMESTAMP', 'reopened': 'INTEGER'}) f
JOIN labels ch ON ch.label = f.channel
JOIN labels d ON d.label = f.dept
WHERE (f.first_response_at IS NULL OR f.first_response_at >= f.opened_at)
  AND (f.resolved_at IS NULL OR f.resolved_at >= f.opened_at)
QUALIFY count(*) OVER (PARTITION BY f.ticket_id) = 1;
COMMIT;
"""


def run_typed_floor(csv: Path, db: Path) -> dict:
    """(d) the hand-written, typed DuckDB upsert of this one file into a copy of the demo database."""
    utf8 = Path(tempfile.mkstemp(prefix="bench-typed-", suffix=".csv")[1])
    transcode(csv, utf8, "cp1252", "utf-8")
    con = duckdb.connect(str(db))
    con.execute("SELECT count(*) FROM tickets").fetchone()  # opened and warm, as the pipeline's store is
    started = time.perf_counter()
    for statement in TYPED_FLOOR.replace("$path", "'" + str(utf8).replace("'", "''") + "'").split(";\n"):
        if statement.strip():
            con.execute(statement)
    seconds = time.perf_counter() - started
    rows = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
    con.close()
    utf8.unlink()
    return {"seconds": seconds, "rows": rows}


def run_pandas(csv: Path, db: Path) -> dict:
    """(c) pandas: read as text, type, check every rule of the tickets contract; no database load."""
    con = duckdb.connect(str(db), read_only=True)  # what validation compares with, fetched untimed
    known = pd.Index([r[0] for r in con.execute("SELECT customer_id FROM customers").fetchall()])
    con.close()
    ds, depts = dataset("tickets"), [(d.code, d.name_fr, d.name_en) for d in DEPARTMENTS]
    aliases = {k: {normalise(a): b for a, b in reversed(builtin_values(ds.column(k).type, ds.column(k).allowed, depts))}
               for k in ("channel", "owner_dept")}
    started = time.perf_counter()
    df = pd.read_csv(csv, sep=";", encoding="cp1252", dtype=str)
    read_s = time.perf_counter() - started
    mapping = suggest_mapping("tickets", tuple(df.columns))
    df = df.rename(columns={c.source: c.target for c in mapping.columns if c.source})
    for col in df.columns:
        text = df[col].str.strip()
        df[col] = text.where(text != "")
    bad = df[["ticket_id", "customer_id", "opened_at", "channel", "is_complaint", "owner_dept"]].isna().any(axis=1)
    for c in ("opened_at", "first_response_at", "resolved_at"):
        parsed = pd.to_datetime(df[c], format="%d/%m/%Y %H:%M", errors="coerce")
        bad |= df[c].notna() & parsed.isna()
        df[c] = parsed
    for c, allowed in (("channel", CHANNELS), ("owner_dept", [d[0] for d in depts])):
        distinct = df[c].dropna().unique()  # value maps looked up once per distinct value
        df[c] = df[c].map({v: aliases[c].get(normalise(v), v) for v in distinct})
        bad |= df[c].notna() & ~df[c].isin(allowed)
    words = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    complaint = df.is_complaint.str.lower().map(words).astype("boolean")
    reopened = pd.to_numeric(df.reopened_count.str.replace(",", "."), errors="coerce")
    bad |= (df.is_complaint.notna() & complaint.isna()) | (df.first_response_at < df.opened_at) | (
        df.resolved_at < df.opened_at) | (df.reopened_count.notna() & ~(reopened == reopened.round()) | (reopened < 0))
    df["is_complaint"], df["reopened_count"] = complaint, reopened.fillna(0).astype("Int32")
    ok = df[~bad]
    copies = ok.duplicated(keep="first")  # exact copies: skipped with a warning
    ok = ok[~copies]
    two_versions = ok.ticket_id.duplicated(keep=False)  # one key, different rows: both rejected
    unknown_customer = (~ok[~two_versions].customer_id.isin(known)).sum()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "read_seconds": read_s, "rows_read": len(df), "valid": int((~two_versions).sum()),
            "rejected": int(bad.sum() + two_versions.sum()), "duplicates": int(copies.sum()),
            "unknown_customers": int(unknown_customer)}


def child(kind: str, csv: Path, db: Path, profile: bool) -> None:
    """Run one measurement in this process and print it as JSON with the process's peak RSS."""
    out = {"pipeline": lambda: run_pipeline(csv, db, profile), "floor": lambda: run_floor(csv),
           "pandas": lambda: run_pandas(csv, db), "typed_floor": lambda: run_typed_floor(csv, db)}[kind]()
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(out))


def spawn(kind: str, csv: Path, db: Path, profile: bool = False) -> dict:
    """One measurement in a fresh child process."""
    proc = subprocess.run([sys.executable, "-X", "faulthandler", __file__, "--child", kind, "--csv", str(csv), "--db", str(db)]
                          + (["--profile"] if profile else []), check=False, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{kind} child failed (exit code {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1].removeprefix("RESULT "))


def repeat(n: int, run) -> tuple[dict, float, str]:
    """`n` runs: the first one's result, the best seconds, and the median worded when n > 1."""
    results = [run() for _ in range(n)]
    secs = [r["seconds"] for r in results]
    return results[0], min(secs), f" (median {statistics.median(secs):.2f})" if n > 1 else ""


def main() -> None:
    """Generate, build, measure (a), (b), (c) and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="the pipeline's slowest SQL statements")
    parser.add_argument("--pipeline-only", action="store_true",
                        help="measure (a) only: for a 1 GB file, where pandas alone would take minutes and GBs")
    for hidden in ("--child", "--csv", "--db"):  # how main runs each measurement in a child process
        parser.add_argument(hidden, type=str if hidden == "--child" else Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.csv, args.db, args.profile)

    csv, gen_s = generate(args.rows, args.scale)
    base, build_s = demo_db(args.scale, WORK / f"demo-scale-{args.scale:g}.duckdb")
    run_db = WORK / "run.duckdb"
    demo_ids = min(args.rows // 5, expected_rows(args.scale)["tickets"])
    print(f"tickets upload: {args.rows:,} rows ({demo_ids:,} of the demo's ids), cp1252 ';' CSV of "
          f"{csv.stat().st_size / 2**20:.1f} MB ({f'generated in {gen_s:.1f} s' if gen_s else 'cached'}: {csv}); "
          f"demo scale {args.scale:g} ({f'built in {build_s:.1f} s' if build_s else 'reused'}); "
          f"{os.cpu_count()} cores; best of {args.repeat}")

    def pipeline() -> dict:
        Path(f"{run_db}.wal").unlink(missing_ok=True)
        shutil.copyfile(base, run_db)  # every run starts from the demo company alone
        return spawn("pipeline", csv, run_db, args.profile)

    a, ingest_s, median = repeat(args.repeat, pipeline)
    total = a["inserted"] + a["updated"] + a["unchanged"] + a["rejected"] + a["duplicates"]
    # The pipeline's children are this process's first ones: their largest peak RSS is the pipeline's.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"(a) pipeline (inspect → stage → validate → load, upsert) {ingest_s:8.2f} s{median}   peak RSS {peak:.0f} MB")
    print(f"    status {a['status']}: {a['inserted']:,} inserted, {a['updated']:,} updated, {a['unchanged']:,} "
          f"unchanged, {a['rejected']:,} rejected, {a['duplicates']:,} exact copies skipped, {a['warnings']:,} warnings;"
          f" sum {total:,} {'=' if total == a['rows_read'] else '≠ (MISMATCH)'} {a['rows_read']:,} rows read"
          + (f"; unmapped: {', '.join(a['unmapped'])}" if a["unmapped"] else ""))
    print("    steps: " + ", ".join(f"{s} {t:.2f} s" for s, t in a["steps"]))
    print(f"    left in $TMPDIR by each run (the rejects CSV, kept for download; the bench deletes "
          f"them): {a['left'][0]} files, {a['left'][1]:.1f} MB")
    for sql, secs in a["sql"]:
        print(f"    sql {secs:7.2f} s  {sql}")
    if args.pipeline_only:
        print(f"ingest_s={ingest_s:.2f} peak_rss_mb={peak:.0f}")
        return

    b, floor_s, median = repeat(args.repeat, lambda: spawn("floor", csv, run_db))
    print(f"(b) DuckDB read_csv into a table (of a UTF-8 copy)     {floor_s:8.2f} s{median}   {b['rows']:,} rows, "
          f"peak RSS {b['rss_mb']:.0f} MB; + making the copy {b['transcode_seconds']:.2f} s (DuckDB has no cp1252)")
    c, pandas_s, median = repeat(args.repeat, lambda: spawn("pandas", csv, base))
    agree = (c["valid"], c["rejected"]) == (a["inserted"] + a["updated"] + a["unchanged"], a["rejected"])
    print(f"(c) pandas read_csv + the same checks (no load)        {pandas_s:8.2f} s{median}   read_csv "
          f"{c['read_seconds']:.2f} s, peak RSS {c['rss_mb']:.0f} MB")
    print(f"    {c['valid']:,} valid, {c['rejected']:,} rejected, {c['unknown_customers']:,} unknown customers;"
          f" the same as the pipeline: {'yes' if agree else 'NO'}")

    def typed() -> dict:
        Path(f"{run_db}.wal").unlink(missing_ok=True)
        shutil.copyfile(base, run_db)
        return spawn("typed_floor", csv, run_db)

    d, typed_s, median = repeat(args.repeat, typed)
    print(f"(d) typed floor: hand-written typed read + upsert        {typed_s:8.2f} s{median}   tickets after: "
          f"{d['rows']:,}, peak RSS {d['rss_mb']:.0f} MB")
    print(f"ingest_s={ingest_s:.2f} duckdb_floor_s={floor_s:.2f} pandas_s={pandas_s:.2f} "
          f"ratio_floor={ingest_s / floor_s:.2f} speedup_vs_pandas={pandas_s / ingest_s:.2f} peak_rss_mb={peak:.0f} "
          f"typed_floor_s={typed_s:.2f} ratio_typed_floor={ingest_s / typed_s:.2f}")


if __name__ == "__main__":
    main()
