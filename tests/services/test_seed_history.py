"""The seeds' histories as planned from their stories (pure: no database).

Each seeded ToC grows over months, by two or three people, in 5-15 versions on main that
end exactly at the seed file's content, with a draft branch; the framework is forked by a
member whose change comes back through a proposal and a merge.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from toc_editor.domain.model import from_document
from toc_editor.domain.text import text_problem
from toc_editor.services.seed_history import (
    Comment,
    Commit,
    Event,
    Fork,
    Merge,
    Propose,
    StartBranch,
    StoryError,
    Vote,
    load_story,
    normalized,
    plan_history,
)

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seed_graphs"
STORIES = sorted((SEEDS / "history").glob("*.json"))
TODAY = date(2026, 12, 6)
FRAMEWORK = "00-youth-outcomes-framework"


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _plan(stem: str, today: date = TODAY) -> list[Event]:
    story = load_story(_load(SEEDS / "history" / f"{stem}.json"))
    return plan_history(_load(SEEDS / f"{stem}.json"), story, today=today, key=stem)


def _main_history(events: list[Event]) -> list[Commit | Merge]:
    """What ends up in main's log: main's commits, the fork's commits up to the proposal
    (what was proposed) and the merge."""
    out: list[Commit | Merge] = []
    proposed: list[Commit] = []
    open_fork: list[Commit] = []
    for event in events:
        if isinstance(event, Commit) and event.on_fork:
            open_fork.append(event)
        elif isinstance(event, Propose):
            proposed, open_fork = open_fork, []
        elif isinstance(event, Merge):
            out += [*proposed, event]
        elif isinstance(event, Commit) and event.branch == "main":
            out.append(event)
    return out


def test_every_seed_has_a_story() -> None:
    assert [p.stem for p in STORIES] == sorted(p.stem for p in SEEDS.glob("*.json"))


@pytest.mark.parametrize("stem", [p.stem for p in STORIES])
def test_a_history_of_months_by_two_or_three_people_ends_at_the_seed(stem: str) -> None:
    events = _plan(stem)
    main = _main_history(events)
    assert 5 <= len(main) <= 15
    assert 2 <= len({e.author for e in main}) <= 3
    assert main[-1].at - main[0].at >= timedelta(days=120)  # several months
    last = [e for e in events if isinstance(e, Commit) and e.branch == "main" and not e.on_fork]
    assert last[-1].document == normalized(_load(SEEDS / f"{stem}.json"))
    # the first sketch has fewer boxes; every version is a valid ToC
    assert len(last[0].document["nodes"]) < len(last[-1].document["nodes"])
    for event in events:
        if isinstance(event, Commit):
            from_document(event.document)
            assert event.message.strip() and text_problem(event.message) is None
            assert len(event.message) <= 2000
    # one draft branch with a couple of commits, after main's last version
    (start,) = [e for e in events if isinstance(e, StartBranch)]
    drafts = [e for e in events if isinstance(e, Commit) and e.branch == start.name]
    assert start.name != "main" and len(drafts) >= 2
    assert start.at > main[-1].at


@pytest.mark.parametrize("stem", [p.stem for p in STORIES])
def test_times_are_past_working_days_in_order(stem: str) -> None:
    events = _plan(stem)
    times = [e.at for e in events]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[-1] < datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC)
    offset = load_story(_load(SEEDS / "history" / f"{stem}.json")).utc_offset
    for at in times:
        local = at + timedelta(hours=offset)
        assert local.weekday() < 5, at
        assert 9 <= local.hour <= 18, at


def test_the_same_day_plans_the_same_history_and_another_day_moves_it() -> None:
    assert _plan(FRAMEWORK) == _plan(FRAMEWORK)
    later = _plan(FRAMEWORK, TODAY + timedelta(days=30))
    assert [getattr(e, "message", None) for e in later] == [
        getattr(e, "message", None) for e in _plan(FRAMEWORK)
    ]
    assert later[0].at > _plan(FRAMEWORK)[0].at


def test_the_framework_is_forked_and_the_members_change_comes_back_through_a_merge() -> None:
    events = _plan(FRAMEWORK)
    kinds = [type(e).__name__ for e in events]
    fork, propose, merge = kinds.index("Fork"), kinds.index("Propose"), kinds.index("Merge")
    assert fork < propose < merge
    fork_commits = [e for e in events if isinstance(e, Commit) and e.on_fork]
    assert fork_commits[0].author == events[fork].author  # the member
    proposed = fork_commits[0].document
    assert any(isinstance(e, Comment) for e in events) and any(isinstance(e, Vote) for e in events)
    # main moved between the fork and the merge, so the merge is a true two-parent merge
    main_between = [
        e
        for e in events[fork:merge]
        if isinstance(e, Commit) and e.branch == "main" and not e.on_fork
    ]
    assert main_between
    # the member's box is on main only after the merge, and then stays
    member_box = {n["id"] for n in proposed["nodes"]} - {
        n["id"] for n in main_between[-1].document["nodes"]
    }
    assert len(member_box) == 1
    after = [e for e in events[merge:] if isinstance(e, Commit) and e.branch == "main"]
    assert all(member_box <= {n["id"] for n in e.document["nodes"]} for e in after)
    assert isinstance(events[fork], Fork)


def test_messages_say_what_changed() -> None:
    events = _plan("01-brightpath-youth-employment")
    messages = [e.message for e in events if isinstance(e, Commit)]
    renamed = next(m for m in messages if "rename 3 boxes" in m)
    assert "“Young people are job-ready” is now “Participants apply for jobs" in renamed
    assert any("confidence in" in m and "from 45 to 60" in m for m in messages)
    assert any("target of “Placements completed per year” from 140 to 120" in m for m in messages)
    assert messages[0].startswith("First sketch")


# -- the story format ---------------------------------------------------------------------

DOC = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Clubs"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
    ],
    "edges": [{"id": "e", "source": "a", "target": "o", "confidence": 70}],
}
STORY = {
    "team": ["ana", "ben"],
    "start_days_ago": 90,
    "end_days_ago": 3,
    "steps": [{"step": "sketch", "author": "ana"}, {"step": "outcomes", "author": "ben"}],
}


def _broken(change: dict[str, Any]) -> dict[str, Any]:
    story = copy.deepcopy(STORY)
    story.update(change)
    return story


@pytest.mark.parametrize(
    ("story", "message"),
    [
        (_broken({"steps": [{"step": "outcomes"}]}), "the first step is the sketch"),
        (_broken({"steps": [{"step": "sketch", "author": "eve"}]}), "not in the team"),
        (_broken({"steps": [{"step": "sketch"}, {"step": "own"}]}), "needs a message"),
        (_broken({"steps": [{"step": "sketch"}, {"step": "sketch"}]}), "named twice"),
        (
            _broken({"changes": [{"step": "nope", "node": "o", "field": "label", "from": "x"}]}),
            "step",
        ),
        ({k: v for k, v in STORY.items() if k != "team"}, "team is missing"),
    ],
)
def test_a_broken_story_is_refused_with_where(story: dict[str, Any], message: str) -> None:
    with pytest.raises(StoryError, match=message):
        load_story(story)


def test_a_story_naming_what_the_document_lacks_is_refused() -> None:
    story = _broken(
        {"changes": [{"step": "outcomes", "node": "zz", "field": "label", "from": "x"}]}
    )
    with pytest.raises(StoryError, match="no node 'zz'"):
        plan_history(DOC, load_story(story), today=TODAY, key="t")


def test_a_minimal_story_plans_a_sketch_and_the_rest() -> None:
    events = plan_history(DOC, load_story(STORY), today=TODAY, key="t")
    assert [e.message for e in events if isinstance(e, Commit)] == [
        "First sketch: 1 activity",
        "Add 1 short-term outcome and connect the pathways (1 arrow)",
    ]
