"""DuckDB's resources: how much memory a process may use and where it spills, read from the environment.

DuckDB alone takes 80% of the machine and spills next to the database; one big upload then
starves everything else on the server. relclient gives each process a memory limit (2 GiB, or a
quarter of the machine when less, unless RELCLIENT_MEMORY_LIMIT says otherwise) and a spill directory of its own (under
RELCLIENT_TEMP_DIR, by default `<database>.tmp/`), where an upload's temporary tables go when
they outgrow the limit; and it bounds what one file may ask of the server (upload sizes).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

# Measured (README, Performance): under 2 GB a 1 GB upload took 121 s against 128 s unlimited (and
# 2.2 GB of memory against 9.2 GB), and the 15 KPIs over 10 M tickets ran as fast. A quarter of
# the machine at most, for the app, the CLI and the inbox may run at once.
DEFAULT_MEMORY = 2 * 1024**3
DEFAULT_SHARE = 25
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_UNITS = {"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
          "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}
MIN_MEMORY = 128 * 1024**2  # DuckDB needs about this much per thread to work at all


class EngineSettingError(ValueError):
    """A resource setting in the environment that cannot be used, worded for the operator."""


def machine_memory() -> int:
    """The memory this process may use, in bytes: the machine's, or its container's when smaller."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit_file).read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return total


def memory_limit_bytes(value: str | None = None) -> int:
    """DuckDB's memory limit in bytes from RELCLIENT_MEMORY_LIMIT ("4GB", "512MiB", "25%"); by default
    2 GiB, or a quarter of the machine when that is less."""
    text = value if value is not None else os.environ.get("RELCLIENT_MEMORY_LIMIT")
    if not text:
        return max(MIN_MEMORY, min(DEFAULT_MEMORY, machine_memory() * DEFAULT_SHARE // 100))
    if match := _PERCENT.match(text):
        share = float(match.group(1))
        if not 0 < share <= 100:
            raise EngineSettingError(f"RELCLIENT_MEMORY_LIMIT={text!r}: a share of the machine is between 1% and 100%")
        wanted = int(machine_memory() * share / 100)
    elif match := _SIZE.match(text):
        wanted = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    else:
        raise EngineSettingError(f"RELCLIENT_MEMORY_LIMIT={text!r} is not a size: write it like 4GB, 512MB or 50%")
    if wanted < MIN_MEMORY:
        raise EngineSettingError(f"RELCLIENT_MEMORY_LIMIT={text!r} is below DuckDB's minimum of 128 MiB")
    return wanted


MB = 1024**2  # a megabyte as Streamlit's upload limit counts it
DEFAULT_MAX_UPLOAD_MB = 1024  # a year of a large company's tickets; Streamlit's own default is 200
DEFAULT_MAX_CHECK_MB = 50  # a viewer may check a file, not make the server read a gigabyte for it


def _megabytes(name: str, default: int) -> int:
    text = os.environ.get(name) or str(default)
    if not text.strip().isdigit() or int(text) < 1:
        raise EngineSettingError(f"{name}={text!r} is not a whole number of megabytes (1 or more)")
    return int(text)


def max_upload_mb() -> int:
    """The largest file anyone may upload, in MB (RELCLIENT_MAX_UPLOAD_MB, 1024 by default)."""
    return _megabytes("RELCLIENT_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)


def max_check_mb() -> int:
    """The largest file a person who may not load it may check, in MB (RELCLIENT_MAX_CHECK_MB, 50)."""
    return min(_megabytes("RELCLIENT_MAX_CHECK_MB", DEFAULT_MAX_CHECK_MB), max_upload_mb())


def temp_root(db_path: Path) -> Path:
    """Where this database's processes spill: RELCLIENT_TEMP_DIR, else `<database>.tmp` next to it
    (a DuckLake's, in the machine's temporary folder)."""
    configured = os.environ.get("RELCLIENT_TEMP_DIR")
    if configured:
        return Path(configured)
    if str(db_path) == ":memory:":
        return Path(tempfile.gettempdir()) / "relclient-memory.tmp"
    if not isinstance(db_path, Path):  # a DuckLake: spill on this machine, not in the shared folder
        return Path(tempfile.gettempdir()) / "relclient-lake.tmp"
    return db_path.with_name(db_path.name + ".tmp")


def process_temp_dir(db_path: Path) -> Path:
    """This process's own spill folder under temp_root (DuckDB processes sharing one folder overwrite
    each other's spill files); folders left by processes that died are removed first."""
    root = temp_root(db_path)
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    mine = root / str(os.getpid())
    if not mine.exists():
        mine.mkdir()
        atexit.register(shutil.rmtree, mine, ignore_errors=True)
    return mine


def _sweep(root: Path) -> None:
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink() and entry.name.isdigit() and not process_alive(int(entry.name)):
            shutil.rmtree(entry, ignore_errors=True)  # a killed process's spill and upload tables


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine (another user's counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to clean
    return True


def threads() -> int | None:
    """DuckDB's worker threads per process from RELCLIENT_THREADS (None: DuckDB's default, one per
    core): a server shared with other work, or several processes at once (`make check` runs two),
    keeps each process to its share."""
    text = os.environ.get("RELCLIENT_THREADS", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 1024:
        raise EngineSettingError(f"RELCLIENT_THREADS={text!r}: a number of threads between 1 and 1024")
    return int(text)


def duckdb_config(db_path: Path) -> dict[str, str]:
    """The settings every relclient connection opens with."""
    config = {"memory_limit": f"{memory_limit_bytes() // 1024**2}MiB",
              "temp_directory": str(process_temp_dir(db_path))}
    if (n := threads()) is not None:
        config["threads"] = str(n)
    return config


def check_settings() -> None:
    """Raise EngineSettingError for any resource setting that cannot be used (read at start-up,
    so a typo stops the service with its name instead of surfacing at the first upload)."""
    memory_limit_bytes()
    max_check_mb()
    threads()


DEFAULT_TIMEZONE = "Europe/Paris"


def portal_timezone(value: str | None = None) -> str:
    """The time zone stamps with an offset are converted to (RELCLIENT_TIMEZONE, Europe/Paris by
    default): the portal shows and compares local times, as the company's exports mostly do."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = (value if value is not None else os.environ.get("RELCLIENT_TIMEZONE", "")).strip() or DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise EngineSettingError(f"RELCLIENT_TIMEZONE={name!r} is not a time zone (e.g. Europe/Paris, UTC)") from None
    return name
