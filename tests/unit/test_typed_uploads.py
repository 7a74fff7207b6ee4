"""Typed uploads: the load mode is one enum read once at the edge, a mapping is saved by the load's
own transaction, and the readers import each other one way only."""

from __future__ import annotations

import itertools

import grimp
import pytest

from relclient.cli import build_parser
from relclient.ingest import IngestError, LoadMode, LoadRequest, Mapping, find_mapping
from relclient.ingest import load as load_module
from tests.ingest_helpers import steward_user, table_checksums, upload, write

GOOD = "customer_id;name;created_on\nC1;Dupont;01/01/2024\nC2;Durand;02/01/2024\n"
ONE_BAD = GOOD + "C3;Martin;31/02/2024\n"
HEADERS = ("customer_id", "name", "created_on")


def _mode_choices(command: str) -> list[str]:
    """The words `python -m relclient <command> --mode` accepts."""
    sub = next(a for a in build_parser()._actions if a.dest == "command").choices[command]
    return next(a for a in sub._actions if a.dest == "mode").choices


def _saved(store) -> list[tuple]:
    return store.fetch_all("SELECT name, dataset, saved_by FROM saved_mappings ORDER BY name")


def test_every_spelling_the_command_line_and_the_page_use_reads_as_its_mode():
    assert _mode_choices("ingest") == ["upsert", "append", "replace"]
    for word in _mode_choices("ingest"):
        assert LoadMode.parse(word) is LoadMode(word)
    for mode in LoadMode:  # the page's radio gives the members themselves
        assert LoadMode.parse(mode) is mode
        assert LoadMode.parse(f" {mode.value.upper()} ") is mode
    assert LoadMode.UPSERT == "upsert"  # the word the journal keeps


def test_the_inbox_offers_only_the_modes_nobody_has_to_confirm():
    assert _mode_choices("inbox") == ["upsert", "append"]
    assert LoadMode.unattended_modes() == (LoadMode.UPSERT, LoadMode.APPEND)
    assert [m for m in LoadMode if m.needs_confirmation] == [LoadMode.REPLACE]


def test_an_unknown_mode_is_refused_in_french_and_in_english():
    with pytest.raises(IngestError) as refused:
        LoadMode.parse("merge")
    assert refused.value.key == "bad_mode"
    assert refused.value.message("fr") == "Mode « merge » inconnu ; modes : upsert, append, replace."
    assert refused.value.message("en") == "Unknown mode 'merge'; modes: upsert, append, replace."


def test_each_mode_says_its_own_rules():
    rules = {m: (m.refuses_stored_keys, m.deletes_absent_rows, m.loads_without_valid_rows) for m in LoadMode}
    assert rules == {LoadMode.UPSERT: (False, False, False), LoadMode.APPEND: (True, False, False),
                     LoadMode.REPLACE: (False, True, True)}
    assert [m.label_key for m in LoadMode] == ["data.mode.upsert", "data.mode.append", "data.mode.replace"]


def test_a_request_takes_a_mode_not_a_word():
    with pytest.raises(TypeError):
        LoadRequest(Mapping("customers"), "append")


def test_a_load_refused_by_validation_saves_no_mapping_and_no_rows(store, tmp_path):
    before = table_checksums(store)
    refused = upload(store, "customers", write(tmp_path, "c.csv", ONE_BAD), all_or_nothing=True,
                     save_mapping_as="crm export")
    assert refused.status == "refused"
    with pytest.raises(IngestError) as unmapped:  # refused before its rows are read: nothing saved either
        upload(store, "customers", write(tmp_path, "x.csv", "a;b\n1;2\n"), save_mapping_as="crm export")
    assert unmapped.value.key == "required_unmapped"
    assert _saved(store) == [] and table_checksums(store) == before


def test_a_check_saves_no_mapping(store, tmp_path):
    checked = upload(store, "customers", write(tmp_path, "c.csv", GOOD), dry_run=True, save_mapping_as="crm export")
    assert checked.status == "dry_run" and _saved(store) == []


def test_an_empty_mapping_name_is_refused_before_anything_is_loaded(store, tmp_path):
    before = table_checksums(store)
    with pytest.raises(IngestError) as refused:
        upload(store, "customers", write(tmp_path, "c.csv", GOOD), save_mapping_as="  ")
    assert refused.value.key == "mapping_name_empty" and table_checksums(store) == before


def test_a_load_saves_its_mapping_with_its_rows(store, tmp_path):
    loaded = upload(store, "customers", write(tmp_path, "c.csv", GOOD), save_mapping_as="crm export")
    assert (loaded.status, loaded.inserted) == ("loaded", 2)
    assert _saved(store) == [("crm export", "customers", "tester")]
    with store.cursor() as cur:
        assert find_mapping(cur, "customers", HEADERS) == ("crm export", loaded.mapping)
    assert store.fetch_one("SELECT count(*) FROM loads WHERE load_id = ?", [loaded.load_id])[0] == 1


@pytest.mark.parametrize("failing", ["the mapping's save", "a step after it"])
def test_the_mapping_and_the_rows_are_written_by_one_transaction(store, tmp_path, monkeypatch, failing):
    before = table_checksums(store)
    real_save = load_module.save_mapping

    def save_then_fail(*args, **kwargs):  # written, then the transaction breaks: both must go
        real_save(*args, **kwargs)
        raise RuntimeError("the disk is full")

    def fail(*_args):
        raise RuntimeError("the disk is full")

    if failing == "the mapping's save":
        monkeypatch.setattr(load_module, "save_mapping", save_then_fail)
    else:
        monkeypatch.setattr(load_module, "withdraw", fail)  # the transaction's last step
    with pytest.raises(RuntimeError):
        upload(store, "customers", write(tmp_path, "c.csv", GOOD), save_mapping_as="crm export")
    assert _saved(store) == [] and table_checksums(store) == before


def test_the_excel_and_text_readers_import_each_other_one_way_and_the_ingest_has_no_cycle():
    graph = grimp.build_graph("relclient", cache_dir=None)
    assert graph.find_shortest_chain("relclient.ingest.excel", "relclient.ingest.sources") is None
    modules = sorted(m for m in graph.modules if m.startswith("relclient.ingest"))
    cycles = [(a, b) for a, b in itertools.combinations(modules, 2)
              if graph.find_shortest_chain(a, b) and graph.find_shortest_chain(b, a)]
    assert len(modules) > 10 and cycles == []
