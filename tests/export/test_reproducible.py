"""Two exports of the same library are the same bytes, file for file, manifest included.

So a folder under version control or synced to a server changes only where the library did,
and a re-export that reuses files ends exactly where a fresh export would.
"""

from __future__ import annotations

from editor_app.export import export_site
from editor_app.export.jobs import MIN_PAGES_FOR_WORKERS

from .conftest import files_under, run_copydesk


def contents(root) -> dict[str, bytes]:
    return {path: (root / path).read_bytes() for path in files_under(root)}


def assert_same_bytes(first, second) -> None:
    one, other = contents(first), contents(second)
    assert sorted(one) == sorted(other)
    differing = [path for path in one if one[path] != other[path]]
    assert differing == []


def test_an_export_from_another_process_is_byte_identical(newsroom, library, tmp_path):
    # Enough articles for worker processes, and photos for renditions.
    for number in range(MIN_PAGES_FOR_WORKERS):
        library.create_article(headline=f"Story {number}", section="News / World", tags=["Iran", f"T{number % 3}"])
    export_site(library, tmp_path / "first")
    path = library.path
    library.close()
    # Another process, another hash seed (set and dict order of strings) and another time zone.
    result = run_copydesk(
        path,
        "export",
        "--out",
        str(tmp_path / "second"),
        "--include-drafts",  # export_site above was given every article
        env_overrides={"PYTHONHASHSEED": "12345", "TZ": "Pacific/Kiritimati"},
    )
    assert result.returncode == 0, result.stderr
    assert_same_bytes(tmp_path / "first", tmp_path / "second")


def test_a_re_export_ends_where_a_fresh_export_does(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    library.update_article(newsroom["world"].id, headline="Talks collapse", tags=["Diplomacy"])
    library.update_article(newsroom["derby"].id, body="A new body.")
    report = export_site(library, site)
    assert report.files_reused > 0
    export_site(library, tmp_path / "fresh")
    assert_same_bytes(site, tmp_path / "fresh")
