"""A unit head carries a disciplinary case through the API with the page's services: open it from a
confirmed finding, record the acts, pauses, review meeting and council, or close it without a sanction.
Every refusal is a 4xx with the reason and writes nothing."""

from __future__ import annotations

import pytest

from discipline.models import CaseAct, CasePause, DisciplinaryCase
from tests.discipline.test_cases import confirmed  # noqa: F401  (an issued finding naming own_staff)

pytestmark = pytest.mark.django_db
CASES = "/api/v1/disciplinary-cases/"


def _opening(finding) -> dict:
    return {
        "findings": [finding.pk],
        "act_date": "2026-11-20",
        "discovered_on": "2026-11-20",
        "gravity": "reprimand",
    }


def test_the_unit_head_opens_and_carries_a_case(org, api, confirmed):  # noqa: F811
    head = api("unit_head")
    opened = head.post(CASES, _opening(confirmed), format="json")
    assert opened.status_code == 201, opened.json()
    url = f"{CASES}{opened.json()['id']}/"
    case = DisciplinaryCase.objects.get(pk=opened.json()["id"])
    assert case.staff == org.own_staff and list(case.findings.all()) == [confirmed]

    assert head.post(url + "assess/", {"form": "canh_cao"}, format="json").status_code == 200
    act = {
        "act_date": "2026-11-22",
        "gravity": "reprimand",
        "description": "Không đeo thẻ",
        "form": "khien_trach",
    }
    assert head.post(url + "add-act/", act, format="json").status_code == 200
    assert CaseAct.objects.get(case=case).form.code == "khien_trach"

    assert (
        head.post(url + "pause/", {"reason": "illness", "start": "2026-11-25"}, format="json").status_code
        == 200
    )
    pause = CasePause.objects.get(case=case)
    stranger = head.post(url + "end-pause/", {"pause": pause.pk + 1000, "end": "2026-11-27"}, format="json")
    assert stranger.status_code == 400 and "pause" in stranger.json()["fields"], stranger.json()
    early = head.post(url + "end-pause/", {"pause": pause.pk, "end": "2026-11-24"}, format="json")
    assert early.status_code == 400 and early.json()["message"], early.json()
    assert (
        head.post(url + "end-pause/", {"pause": pause.pk, "end": "2026-11-27"}, format="json").status_code
        == 200
    )

    met = head.post(url + "review-meeting/", {"on": "2026-11-28"}, format="json")
    assert met.status_code == 200 and met.json()["stage"] != case.stage, met.json()
    referred = head.post(url + "refer-to-council/", {"on": "2026-11-30"}, format="json")
    assert referred.status_code == 200, referred.json()
    again = head.post(url + "review-meeting/", {"on": "2026-12-01"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


def test_closing_needs_a_reason_and_outsiders_get_404(org, api, confirmed):  # noqa: F811
    opened = api("unit_head").post(CASES, _opening(confirmed), format="json").json()
    url = f"{CASES}{opened['id']}/close/"
    empty = api("unit_head").post(url, {"action": "exempt", "note": " "}, format="json")
    assert empty.status_code == 400
    assert (
        api("unit_head_other").post(url, {"action": "exempt", "note": "x"}, format="json").status_code == 404
    )
    assert DisciplinaryCase.objects.get(pk=opened["id"]).stage == "opened"
    done = api("unit_head").post(url, {"action": "not_disciplined", "note": "Đã khắc phục"}, format="json")
    assert done.status_code == 200 and done.json()["stage"] == "not_disciplined", done.json()


@pytest.mark.parametrize(
    "role, changes, code",
    [
        ("unit_head", {"findings": []}, 400),
        ("unit_head", {"discovered_on": "2026-11-01"}, 400),
        ("unit_head", {"gravity": "nonsense"}, 400),
        ("unit_head_other", {}, 400),
        ("staff", {}, 404),  # sees the finding about them, may not open a case on it
    ],
)
def test_a_refused_opening_says_why_and_opens_nothing(org, api, confirmed, role, changes, code):  # noqa: F811
    answer = api(role).post(CASES, {**_opening(confirmed), **changes}, format="json")
    assert answer.status_code == code, answer.json()
    assert answer.json()["message"]
    assert not DisciplinaryCase.objects.exists()
