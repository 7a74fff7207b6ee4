"""Resource limits: one person's upload cannot take the server's memory, disk or time from the others.

Each process runs DuckDB under a memory limit and spills into a folder of its own (an upload
larger than the limit still loads); files over the upload limit are refused before a byte is
read, viewers check small files only, and a person runs one upload at a time.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from relclient.auth import User
from relclient.engine import machine_memory, memory_limit_bytes, process_temp_dir
from relclient.ingest import IngestError, LoadRequest, ingest_file, inspect_file, suggest_mapping
from relclient.store import Store, StoreError
from relclient.ui.serve import upload_limit
from tests.ingest_helpers import steward_user, table_checksums, upload, write

HEADER = "customer_id,name,created_on\n"


def _customers(tmp_path, rows: int, name: str = "customers.csv"):
    return write(tmp_path, name, HEADER + "".join(f"C{i},Client {i},2024-01-0{1 + i % 9}\n" for i in range(rows)))


def _memory_limit_mib(store: Store) -> float:
    # DuckDB answers in its own words ("512.0 MiB", "11.1 GiB"): read the bytes back from them.
    text = store.fetch_one("SELECT current_setting('memory_limit')")[0]
    number, unit = text.split()
    return float(number) * {"MiB": 1, "GiB": 1024, "KiB": 1 / 1024}[unit]


def test_a_connection_opens_under_the_memory_limit_the_environment_sets(tmp_path, monkeypatch):
    monkeypatch.setenv("RELCLIENT_MEMORY_LIMIT", "512MiB")
    store = Store(tmp_path / "a.duckdb")
    assert _memory_limit_mib(store) == pytest.approx(512, abs=1)
    store.close()


def test_by_default_a_process_takes_2_gib_or_a_quarter_of_the_machine_not_duckdbs_eighty_percent(tmp_path, monkeypatch):
    monkeypatch.delenv("RELCLIENT_MEMORY_LIMIT", raising=False)
    store = Store(tmp_path / "a.duckdb")
    assert _memory_limit_mib(store) == pytest.approx(min(2048, machine_memory() / 4 / 1024**2), rel=0.01)
    store.close()


@pytest.mark.parametrize("setting", ["lots", "4 parsecs", "0%", "150%", "1MB"])
def test_an_unusable_memory_setting_stops_the_store_with_its_name(tmp_path, monkeypatch, setting):
    monkeypatch.setenv("RELCLIENT_MEMORY_LIMIT", setting)
    with pytest.raises(StoreError, match="RELCLIENT_MEMORY_LIMIT"):
        Store(tmp_path / "a.duckdb")


@pytest.mark.parametrize("name, setting", [("RELCLIENT_MAX_UPLOAD_MB", "1GB"), ("RELCLIENT_MAX_CHECK_MB", "-3")])
def test_an_unusable_upload_limit_stops_the_store_with_its_name(tmp_path, monkeypatch, name, setting):
    monkeypatch.setenv(name, setting)
    with pytest.raises(StoreError, match=name):
        Store(tmp_path / "a.duckdb")


def test_sizes_read_in_the_units_people_write():
    assert memory_limit_bytes("4GB") == 4 * 1000**3
    assert memory_limit_bytes("512MiB") == 512 * 1024**2
    assert memory_limit_bytes("25%") == pytest.approx(machine_memory() / 4, rel=1e-6)


def test_each_process_spills_into_its_own_folder_next_to_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("RELCLIENT_TEMP_DIR", raising=False)
    store = Store(tmp_path / "a.duckdb")
    assert store.temp_dir == tmp_path / "a.duckdb.tmp" / str(os.getpid())
    assert store.fetch_one("SELECT current_setting('temp_directory')")[0] == str(store.temp_dir)
    store.close()


def test_a_dead_processs_spill_folder_is_removed_and_a_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("RELCLIENT_TEMP_DIR", str(tmp_path / "spill"))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = tmp_path / "spill" / dead.stdout.strip()
    (left / "sub").mkdir(parents=True)
    (left / "duckdb_temp_block-1.block").write_bytes(b"x" * 4096)
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        kept = tmp_path / "spill" / str(alive.pid)
        kept.mkdir()
        mine = process_temp_dir(tmp_path / "a.duckdb")
        assert mine.is_dir() and not left.exists() and kept.is_dir()
    finally:
        alive.kill()
        alive.wait()


def test_an_upload_bigger_than_the_memory_limit_spills_to_the_processs_folder_and_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("RELCLIENT_MEMORY_LIMIT", "128MiB")  # DuckDB's floor: the tables below outgrow it
    store = Store(tmp_path / "a.duckdb")
    spilled: list[int] = []

    def watch(_fraction: float, step: str) -> None:
        if step == "load":  # read and checked, not yet written: the temporary tables are at their largest
            spilled.append(sum(p.stat().st_size for p in store.temp_dir.iterdir()))

    path = write(tmp_path, "customers.csv", HEADER + "".join(
        f"C{i:07d},{'Client au nom très long ' * 8}{i},2024-01-0{1 + i % 9}\n" for i in range(400_000)))
    mapping = suggest_mapping("customers", inspect_file(path).headers)
    result = ingest_file(store, steward_user(store, "customers"), path, LoadRequest(mapping), progress=watch)
    assert result.inserted == 400_000
    assert spilled[0] > 0  # what did not fit went to this process's own folder
    assert store.fetch_one("SELECT count(*) FROM customers")[0] == 400_000
    store.close()


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read_and_changes_nothing(store, tmp_path, monkeypatch):
    path = _customers(tmp_path, 40_000)  # about 1.2 MB
    monkeypatch.setenv("RELCLIENT_MAX_UPLOAD_MB", "1")
    before = table_checksums(store)
    with pytest.raises(IngestError) as refused:
        upload(store, "customers", path)
    assert refused.value.key == "too_large"
    assert "over the 1 MB limit" in refused.value.message("en")
    assert "au-delà de la limite de 1 Mo" in refused.value.message("fr")
    assert table_checksums(store) == before


def test_sizes_in_an_error_are_written_the_readers_way(store, tmp_path, monkeypatch):
    path = _customers(tmp_path, 40_000)
    monkeypatch.setenv("RELCLIENT_MAX_UPLOAD_MB", "1")
    with pytest.raises(IngestError) as refused:
        upload(store, "customers", path)
    size = path.stat().st_size / 1024**2
    assert f"is {size:.1f} MB" in refused.value.message("en")
    assert f"pèse {size:.1f} Mo".replace(".", ",") in refused.value.message("fr")


def test_a_viewer_checks_small_files_only_while_the_steward_checks_the_same_file(store, tmp_path, monkeypatch):
    path = _customers(tmp_path, 40_000)
    monkeypatch.setenv("RELCLIENT_MAX_CHECK_MB", "1")
    request = LoadRequest(suggest_mapping("customers", inspect_file(path).headers), dry_run=True)
    viewer = User("viewer@example.com", "Viewer", None, "viewer")
    with pytest.raises(IngestError) as refused:
        ingest_file(store, viewer, path, request)
    assert refused.value.key == "check_too_large" and "up to 1 MB" in refused.value.message("en")
    assert ingest_file(store, steward_user(store, "customers"), path, request).status == "dry_run"
    small = _customers(tmp_path, 100, "small.csv")
    assert ingest_file(store, viewer, small, request).status == "dry_run"


def test_a_person_runs_one_upload_at_a_time_and_others_are_not_held_up(store, tmp_path, monkeypatch):
    monkeypatch.setattr("relclient.ingest.load.BUSY_WAIT_SECONDS", 0.3)  # the first never ends while we wait
    path = _customers(tmp_path, 50)
    request = LoadRequest(suggest_mapping("customers", inspect_file(path).headers), dry_run=True)
    steward, other = steward_user(store, "customers"), User("other@example.com", "Other", None, "viewer")
    during: dict[str, object] = {}

    def second_click(_fraction: float, step: str) -> None:
        if step == "validate" and not during:  # the first upload is running: the same person again
            try:
                ingest_file(store, steward, path, request)
            except IngestError as exc:
                during["same"] = exc.key
            during["other"] = ingest_file(store, other, path, request).status

    assert ingest_file(store, steward, path, request, progress=second_click).status == "dry_run"
    assert during == {"same": "busy", "other": "dry_run"}
    assert ingest_file(store, steward, path, request).status == "dry_run"  # and again once it is over


def test_a_second_run_of_the_same_person_waits_for_the_first_to_stop(store, tmp_path):
    # A page's rerun starts before the run it replaces has stopped (Streamlit's fast reruns): the
    # new check waits for the old one instead of telling the person another file is being read.
    import threading

    path = _customers(tmp_path, 50)
    request = LoadRequest(suggest_mapping("customers", inspect_file(path).headers), dry_run=True)
    steward = steward_user(store, "customers")
    started, release, outcome = threading.Event(), threading.Event(), {}

    def slow(_fraction: float, step: str) -> None:
        if step == "validate":
            started.set()
            release.wait(10)

    first = threading.Thread(target=lambda: ingest_file(store, steward, path, request, progress=slow))
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=lambda: outcome.update(status=ingest_file(store, steward, path, request).status))
    second.start()
    second.join(0.5)
    assert second.is_alive() and not outcome  # waiting, not refused
    release.set()
    first.join(30)
    second.join(30)
    assert outcome == {"status": "dry_run"}


def test_the_server_takes_the_upload_limit_from_the_environment_unless_told(monkeypatch):
    monkeypatch.setenv("RELCLIENT_MAX_UPLOAD_MB", "300")
    assert upload_limit(["--server.port", "1"]) == ["--server.port", "1", "--server.maxUploadSize", "300"]
    assert upload_limit(["--server.maxUploadSize=5"]) == ["--server.maxUploadSize=5"]
