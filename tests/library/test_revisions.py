"""Revisions: coalesced history, named snapshots, diff and restore."""

from __future__ import annotations

import datetime

import pytest

from editor_app.library import InvalidFieldError, Library, RevisionNotFoundError, diff_revisions


class FakeClock:
    def __init__(self):
        self.now = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)


@pytest.fixture
def clocked(tmp_path):
    clock = FakeClock()
    lib = Library.create(tmp_path / "clock.copydesk", clock=clock)
    yield lib, clock
    lib.close()


def test_an_hour_of_typing_makes_a_handful_of_revisions(clocked):
    library, clock = clocked
    article = library.create_article("Typing")
    body = ""
    for second in range(0, 3600, 2):  # a keystroke-sized autosave every two seconds
        clock.advance(2)
        body += "w "
        library.update_article(article.id, body=body)
    revisions = library.revisions(article.id)
    assert 3 <= len(revisions) <= 8
    assert revisions[0].fields["body"] == body  # newest first, up to date
    assert all(r.kind == "auto" for r in revisions)


def test_snapshot_is_kept_and_restore_makes_a_new_revision(clocked):
    library, clock = clocked
    article = library.create_article("Before legal", body="Original text", tags=["a"])
    snapshot = library.take_snapshot(article.id, "  Sent to legal ")
    assert snapshot.name == "Sent to legal" and snapshot.kind == "snapshot"
    clock.advance(60)
    library.update_article(article.id, headline="After legal", body="Changed text", tags=["a", "b"], status="ready")
    changes = {c.field: (c.old, c.new) for c in diff_revisions(snapshot, library.get_article(article.id))}
    assert changes == {
        "headline": ("Before legal", "After legal"),
        "slug": ("before-legal", "after-legal"),  # an unpublished slug follows its headline
        "body": ("Original text", "Changed text"),
        "tags": (["a"], ["a", "b"]),
        "status": ("draft", "ready"),
    }
    count_before = len(library.revisions(article.id))
    restored = library.restore_revision(article.id, snapshot.id)
    assert (restored.headline, restored.body, restored.tags, restored.status) == (
        "Before legal",
        "Original text",
        ("a",),
        "draft",
    )
    revisions = library.revisions(article.id)
    assert len(revisions) == count_before + 1
    assert revisions[0].kind == "restore" and str(snapshot.id) in revisions[0].name
    # The snapshot itself is untouched by later edits.
    assert library.get_revision(snapshot.id).fields["body"] == "Original text"


def test_edits_after_a_snapshot_start_a_new_automatic_revision(clocked):
    library, clock = clocked
    article = library.create_article("S")
    library.take_snapshot(article.id, "one")
    clock.advance(5)
    library.update_article(article.id, body="x")
    kinds = [r.kind for r in library.revisions(article.id)]
    assert kinds == ["auto", "snapshot", "auto"]


def test_snapshot_needs_a_name_and_revisions_belong_to_their_article(library):
    a = library.create_article("A")
    b = library.create_article("B")
    with pytest.raises(InvalidFieldError):
        library.take_snapshot(a.id, "   ")
    revision_of_b = library.revisions(b.id)[0]
    with pytest.raises(RevisionNotFoundError):
        library.restore_revision(a.id, revision_of_b.id)
