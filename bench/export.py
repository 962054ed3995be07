"""Export speed: Copydesk's static-site export against Pelican on the same articles.

Generates N articles of ~800 words (headline, standfirst, subheads, quotes, lists, links,
tags, sections) into a temporary library and, in the same run:

1. exports them with `copydesk export` (a subprocess, as Pelican is one) and in-process;
2. writes the same articles as Markdown with Pelican metadata and runs
   `pelican content -o out -s pelicanconf.py` (RELATIVE_URLS, no feeds, no network);
3. re-exports after one article changed (in-process, what the window does);
4. renders one 5,000-word article for the preview, median of many runs.

    python bench/export.py [--articles 1000] [--runs 1] [--keep]

Pelican is a bench-only extra: pip install -e '.[bench]'.
Targets (2 cores): full export at least 3x faster than Pelican, re-export after one
change < 1 s, 5,000-word render < 40 ms median.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from editor_app.export import export_site
from editor_app.library import Library

SECTIONS = [
    "News / Politics", "News / Economy", "News / World", "News / Health", "Sport / Football",
    "Sport / Tennis", "Culture / Books", "Culture / Film", "Opinion", "Science",
]  # fmt: skip
TAGS = [
    "Iran", "Budget", "Parliament", "Elections", "Health", "Climate", "Energy", "Football", "Tennis",
    "Books", "Film", "Courts", "Police", "Schools", "Housing", "Transport", "Trade", "Farming",
    "Water", "Science", "Space", "Technology", "Diplomacy", "Migration", "Labour", "Tax", "Banks",
    "Oil", "Drought", "Protests",
]  # fmt: skip
WORDS = [
    "government",
    "minister",
    "said",
    "parliament",
    "budget",
    "people",
    "city",
    "council",
    "report",
    "week",
    "year",
    "police",
    "officials",
    "plan",
    "water",
    "price",
    "market",
    "team",
    "season",
    "court",
    "judge",
    "school",
    "hospital",
    "doctors",
    "farmers",
    "drought",
    "oil",
    "fuel",
    "subsidy",
    "protest",
    "vote",
    "committee",
    "opposition",
    "leader",
    "economy",
    "growth",
    "inflation",
    "workers",
    "union",
    "strike",
    "road",
    "bridge",
    "train",
    "airport",
    "village",
    "province",
    "election",
    "campaign",
    "spokesman",
    "according",
    "statement",
    "interview",
    "expected",
    "announced",
    "earlier",
    "later",
    "morning",
    "evening",
    "night",
    "during",
    "after",
    "before",
    "while",
    "because",
    "although",
    "however",
    "despite",
    "since",
    "until",
    "among",
    "between",
    "against",
]
PELICAN_SETTINGS = """\
AUTHOR = "Desk"
SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
LINKS = ()
SOCIAL = ()
DEFAULT_PAGINATION = False
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    text = " ".join(sentence(rng) for _ in range(sentences))
    if rng.random() < 0.4:
        text += f" Read [the full report](https://example.org/report/{rng.randint(1, 9999)})."
    return text


def article_body(rng: random.Random, words: int) -> str:
    blocks: list[str] = []
    count = 0
    while count < words:
        kind = rng.random()
        if kind < 0.12:
            block = f"## {sentence(rng)[:-1]}"
        elif kind < 0.24:
            block = f'> "{sentence(rng)}" said {rng.choice(["Reza Karimi", "Maryam Sadeghi", "Tom Becker"])}.'
        elif kind < 0.3:
            block = "\n".join(f"* {sentence(rng)}" for _ in range(3))
        else:
            block = paragraph(rng, rng.randint(2, 4))
        blocks.append(block)
        count += len(block.split())
    return "\n\n".join(blocks) + "\n"


def generate(library: Library, count: int, seed: int = 7) -> list[dict]:
    """`count` articles, written in one transaction: the whole loop is one job on the
    library's writer thread, where each create_article is a nested write."""
    rng = random.Random(seed)
    specs = []

    def create_all() -> None:
        for index in range(count):
            spec = {
                "headline": f"{sentence(rng)[:-1][:70]} {index}",
                "standfirst": sentence(rng),
                "byline": rng.choice(["Leila Ahmadi", "Tom Becker", "Desk reporter"]),
                "dateline": rng.choice(["TEHRAN", "LONDON", "GENEVA"]),
                "section": rng.choice(SECTIONS),
                "tags": rng.sample(TAGS, 3),
                "status": rng.choice(["ready", "published"]),
                "body": article_body(rng, 800),
            }
            article = library.create_article(**spec)
            spec["slug"] = article.slug
            spec["date"] = f"2026-{1 + index % 12:02d}-{1 + index % 28:02d} {index % 24:02d}:00"
            specs.append(spec)

    library.submit(create_all).result()
    return specs


def write_pelican_project(folder: Path, specs: list[dict]) -> None:
    content = folder / "content"
    content.mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(PELICAN_SETTINGS, encoding="utf-8")
    for spec in specs:
        metadata = [
            f"Title: {spec['headline']}",
            f"Date: {spec['date']}",
            f"Category: {spec['section'].split(' / ')[0]}",
            f"Tags: {', '.join(spec['tags'])}",
            f"Slug: {spec['slug']}",
            f"Authors: {spec['byline']}",
            f"Summary: {spec['standfirst']}",
        ]
        (content / f"{spec['slug']}.md").write_text("\n".join(metadata) + "\n\n" + spec["body"], encoding="utf-8")


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def run_cli_export(library_path: Path, out: Path) -> float:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "editor_app", "--library", str(library_path), "export", "--out", str(out)],
        check=True,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def run_pelican(folder: Path) -> float:
    pelican = shutil.which("pelican", path=os.path.dirname(sys.executable)) or shutil.which("pelican")
    if pelican is None:
        raise SystemExit("Pelican is not installed: pip install -e '.[bench]'")
    started = time.perf_counter()
    subprocess.run(
        [pelican, "content", "-o", "out", "-s", "pelicanconf.py", "-q"],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def median_render_ms(runs: int) -> float:
    from editor_app.render import render_article

    with tempfile.TemporaryDirectory() as scratch, Library.create(Path(scratch) / "render.copydesk") as library:
        rng = random.Random(11)
        article = library.create_article(
            headline="A long read", section="News", body=article_body(rng, 5000), standfirst=sentence(rng)
        )
        render_article(article, [])  # warm caches (Markdown instance, templates)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            render_article(article, [])
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1, help="repeat the full exports and keep the best")
    parser.add_argument("--render-runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print it")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="copydesk-bench-export-"))
    try:
        library_path = scratch / "bench.copydesk"
        with Library.create(library_path) as library:
            seconds, specs = timed(generate, library, args.articles)
            words = sum(len(s["body"].split()) for s in specs)
            print(
                f"generated {args.articles} articles (~{words // max(1, args.articles)} words each) in {seconds:.1f} s"
            )
        write_pelican_project(scratch / "pelican", specs)

        cli_times, pelican_times = [], []
        for run in range(args.runs):
            out = scratch / f"cli-{run}"
            cli_times.append(run_cli_export(library_path, out))
            shutil.rmtree(scratch / "pelican" / "out", ignore_errors=True)
            pelican_times.append(run_pelican(scratch / "pelican"))
        copydesk_cli, pelican = min(cli_times), min(pelican_times)

        with Library.open(library_path) as library:
            out = scratch / "site"
            in_process, report = timed(export_site, library, out)
            print(f"copydesk export (in-process, full): {in_process:.2f} s, {report.files_written} files")
            reexport_unchanged, report = timed(export_site, library, out)
            print(f"copydesk re-export, nothing changed: {reexport_unchanged:.2f} s, {report.files_written} written")
            target = library.list_articles(limit=1, order="created")[0]
            library.update_article(target.id, body=library.get_article(target.id).body + "\n\nOne more paragraph.\n")
            reexport, report = timed(export_site, library, out)
            print(
                f"copydesk re-export after one article changed: {reexport:.3f} s "
                f"({report.files_written} written, {report.files_reused} reused)  target < 1 s"
            )

        render_ms = median_render_ms(args.render_runs)
        print(f"render one 5,000-word article: {render_ms:.1f} ms median of {args.render_runs}  target < 40 ms")
        print(f"copydesk export (command line, {args.articles} articles): {copydesk_cli:.2f} s")
        print(f"pelican build ({args.articles} articles): {pelican:.2f} s")
        print(f"ratio pelican / copydesk: {pelican / copydesk_cli:.2f}x  target >= 3x")
        if args.keep:
            print(f"kept {scratch}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
