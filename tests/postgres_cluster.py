"""A throw-away PostgreSQL cluster on a loopback port, for the tests and benchmarks of the DuckLake
store: Debian's `postgresql` package, created in a temporary folder, removed afterwards. No mock.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder of Debian's PostgreSQL programs (initdb, pg_ctl), the newest version installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: its folder, port and superuser; `lake_url(db)` names a DuckLake on it."""

    root: Path
    port: int
    bindir: Path

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        # PostgreSQL refuses to run as root: as root, its programs run as the `postgres` account.
        cmd = list(args)
        if os.geteuid() == 0:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(_quote(a) for a in cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)

    def conninfo(self, dbname: str) -> str:
        """The libpq connection string of database `dbname` on this cluster."""
        return f"dbname={dbname} host=127.0.0.1 port={self.port} user=postgres"

    def create_database(self, dbname: str) -> str:
        """Create database `dbname` (a name of letters, digits and _) and return its libpq string."""
        if not dbname.replace("_", "").isalnum():
            raise ValueError(f"not a plain database name: {dbname!r}")
        self._run(str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", dbname)
        return self.conninfo(dbname)

    def psql(self, dbname: str, sql: str) -> str:
        """Run `sql` (written by the tests, never from input) on database `dbname`; return its output."""
        return self._run(str(self.bindir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                         "-d", dbname, "-qAtc", sql).stdout

    def copy_database(self, template: str, dbname: str) -> str:
        """A new database `dbname` copied from `template` (which nobody may be connected to)."""
        for name in (template, dbname):
            if not name.replace("_", "").isalnum():
                raise ValueError(f"not a plain database name: {name!r}")
        self.psql("postgres", f"CREATE DATABASE {dbname} TEMPLATE {template}")
        return self.conninfo(dbname)

    def lake_url(self, dbname: str) -> str:
        """RELCLIENT_DB for a DuckLake whose catalog is database `dbname` (created here)."""
        return "ducklake:postgres:" + self.create_database(dbname)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _quote(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def start_cluster() -> Cluster:
    """Create and start a cluster on a free loopback port (about 2 s); `stop()` removes it."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed: `apt-get install postgresql` (make test does it)")
    root = Path(tempfile.mkdtemp(prefix="relclient-pg-"))
    root.chmod(0o755)
    cluster = Cluster(root=root, port=_free_port(), bindir=bindir)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster._run(str(bindir / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--no-locale", "--no-sync")
    # fsync off: a test cluster needs no durability, and the tests' thousands of commits go faster.
    options = (f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {root} -c fsync=off "
               "-c synchronous_commit=off -c max_connections=200")
    cluster._run(str(bindir / "pg_ctl"), "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                 "-o", options, "start")
    return cluster
