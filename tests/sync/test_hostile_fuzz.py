"""Issue 9: hypothesis-generated batches from a valid device of office A, mixing its own valid events with
events that name office B's ids, receipt numbers and the district's keys.

After every batch: no 5xx, the whole batch acknowledged (A's queue never stuck), every hostile event
flagged, and office B's rows, the district-wide reference items and B's aid index entries unchanged.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.protocol.aid import SALT_SETTING
from sync.protocol.wire import build_batch
from tests.sync import hostile
from tests.sync.conftest import Env
from tests.sync.journal import TestJournal


@dataclass
class Victim:
    """Office B's records as the hostile device would name them."""

    office: str
    donation_id: str
    receipt: str
    donor_id: str
    beneficiary_id: str
    distribution_id: str


@pytest.fixture(scope="module")
def offices(server: Any, engine: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Victim]:
    env = Env(server, engine, tmp_path_factory.mktemp("victim"))
    office_a, office_b = env.office(), env.office()
    b, token = env.device(office_b)
    given_ = b.donation(75_000)
    donor = hostile.donor(b)
    person = hostile.beneficiary(b)
    pending = hostile.proposal(b, person["entity_id"])
    with env.client(token) as client:
        assert client.sync(b).acked_seq == 4
    return office_a, Victim(office_b, given_["payload"]["id"], given_["payload"]["receipt_number"],
                            donor["entity_id"], person["entity_id"], pending["entity_id"])


Step = Callable[[TestJournal, Victim], None]


def _own_donation(j: TestJournal, _v: Victim) -> None:
    j.donation(25_000)


def _own_donor(j: TestJournal, _v: Victim) -> None:
    hostile.donor(j)


def _own_aid(j: TestJournal, _v: Victim) -> None:
    person = hostile.beneficiary(j)
    hostile.approval(j, hostile.proposal(j, person["entity_id"])["entity_id"])


def _own_void(j: TestJournal, _v: Victim) -> None:
    given_ = j.donation(5_000)
    j.void(given_["payload"]["receipt_number"], given_["payload"]["id"])


VALID: list[Step] = [_own_donation, _own_donor, _own_aid, _own_void]

HOSTILE: dict[str, Step] = {
    "donor of B": lambda j, v: hostile.donor(j, v.donor_id, name="Dibajak", version=50),
    "B's receipt number": lambda j, v: hostile.donation_with(j, receipt_number=v.receipt),
    "B's donation id": lambda j, v: hostile.donation_with(j, id=v.donation_id),
    "void of B's receipt": lambda j, v: j.void(v.receipt, v.donation_id),
    "beneficiary of B": lambda j, v: hostile.beneficiary(j, v.beneficiary_id, name="Dibajak", version=50),
    "approve B's aid": lambda j, v: hostile.approval(j, v.distribution_id),
    "reject B's aid": lambda j, v: hostile.rejection(j, v.distribution_id),
    "B's distribution id": lambda j, v: hostile.proposal(j, v.beneficiary_id, distribution_id=v.distribution_id),
    "district salt": lambda j, v: hostile.setting(j, SALT_SETTING, "f" * 64),
    "verify url": lambda j, v: hostile.setting(j, "verify_url", "http://x.invalid/"),
    "office B": lambda j, v: hostile.office_created(j, code=v.office, office_id=v.office),
    "huge total": lambda j, v: hostile.donation_with(j, total=2**64, lines=[
        {"line_no": 1, "fund_code": "infak_tidak_terikat", "program_code": None, "amount": 2**64,
         "quantity": None, "unit": None}]),
}

plans = st.lists(st.one_of(st.sampled_from(VALID).map(lambda s: (False, s)),
                           st.sampled_from(sorted(HOSTILE)).map(lambda k: (True, HOSTILE[k]))),
                 min_size=1, max_size=10)


def _b_index(engine: Any, office: str) -> dict[str, Any]:
    return {k: v for k, v in hostile.index_entries(engine).items() if v.get("office_code") == office}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_hostile_batches_never_damage_another_office(env: Env, offices: tuple[str, Victim],
                                                     plan: list[tuple[bool, Step]]) -> None:
    office_a, victim = offices
    before = hostile.office_snapshot(env.engine, victim.office), _b_index(env.engine, victim.office)
    journal, token = env.device(office_a)
    hostile_seqs: set[int] = set()
    for is_hostile, step in plan:
        first = journal.high_seq() + 1
        step(journal, victim)
        if is_hostile:
            hostile_seqs.update(range(first, journal.high_seq() + 1))
    batch = build_batch(journal.events_after(0, 1000), device_id=journal.device_id(), app_version="fuzz")
    with env.http(token) as http:
        response = http.post("/api/v1/batches", content=gzip.compress(json.dumps(batch).encode()),
                             headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    ack = response.json()
    assert ack["acked_seq"] == journal.high_seq()
    flagged = {int(f["seq"]) for f in ack["flagged"]}
    assert hostile_seqs <= flagged, sorted(hostile_seqs - flagged)
    assert (hostile.office_snapshot(env.engine, victim.office), _b_index(env.engine, victim.office)) == before
