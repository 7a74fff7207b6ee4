"""KPI targets: set, replaced, removed, checked, and the department's own winning over the company's."""

from __future__ import annotations

import pytest

from relclient.auth import User
from relclient.departments import UnknownDepartment
from relclient.targets import TargetError, set_targets, targets_for

CEO = User("ceo@example.com", "CEO", "direction", "leadership")
LEAD = User("lead@example.com", "Lead", "logistics", "dept_lead")


def test_a_company_target_applies_to_every_department_without_its_own(store):
    assert set_targets(store, CEO, None, {"nps": 30, "csat": 80}) == 2
    assert targets_for(store, None)["nps"].value == 30
    assert targets_for(store, "logistics")["nps"].value == 30
    assert targets_for(store, "logistics")["nps"].dept is None


def test_a_department_target_wins_over_the_company_target_for_that_department(store):
    set_targets(store, CEO, None, {"nps": 30})
    set_targets(store, LEAD, "logistics", {"nps": 10})
    assert targets_for(store, "logistics")["nps"].value == 10
    assert targets_for(store, "logistics")["nps"].set_by == "lead@example.com"
    assert targets_for(store, "sales")["nps"].value == 30
    assert targets_for(store, None)["nps"].value == 30


def test_setting_the_same_value_again_changes_nothing_and_none_removes(store):
    set_targets(store, CEO, None, {"nps": 30})
    assert set_targets(store, CEO, None, {"nps": 30}) == 0
    assert set_targets(store, CEO, None, {"nps": None}) == 1
    assert "nps" not in targets_for(store, None)


def test_an_impossible_target_is_refused_and_nothing_is_written(store):
    with pytest.raises(TargetError, match="between 0 and 100"):
        set_targets(store, CEO, None, {"nps": 20, "csat": 750})
    assert targets_for(store, None) == {}


def test_an_unknown_kpi_or_department_is_refused(store):
    with pytest.raises(KeyError, match="unknown KPI"):
        set_targets(store, CEO, None, {"happiness": 3})
    with pytest.raises(UnknownDepartment, match="'finance' is not a department"):
        set_targets(store, CEO, "finance", {"nps": 3})
