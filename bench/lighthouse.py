"""Lighthouse scores of an exported site: an article with a lead photo, a section listing
and the front page, served from 127.0.0.1 and audited in the system Chromium.

    python bench/lighthouse.py [--keep]

Needs Node and `npm ci --prefix bench/lighthouse` (Lighthouse 12, pinned in
bench/lighthouse/package.json: 13 needs Node 22). Prints each page's scores and exits 1
when accessibility, SEO or best practices is below 100 (performance is printed only:
it measures this machine as much as the page). tests/export/test_lighthouse.py runs the
same audit as a `browser` test.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

LIGHTHOUSE_DIR = REPO_ROOT / "bench" / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"  # installed?
CHROMIUM = "/usr/bin/chromium"
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus" / "photos"
REQUIRED = ("accessibility", "seo", "best-practices")
CATEGORIES = ("performance", *REQUIRED)
# Headless, as root, and quiet: no component updates, sync or other calls home.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--metrics-recording-only",
)


class LighthouseUnavailable(RuntimeError):
    """Node, the Lighthouse package or Chromium is missing; the message says how to get it."""


def check_tools() -> None:
    if not os.path.exists(CHROMIUM):
        raise LighthouseUnavailable(f"Chromium is not at {CHROMIUM}: apt-get install chromium")
    if not LIGHTHOUSE_CLI.exists():
        raise LighthouseUnavailable(
            f"Lighthouse is not installed: npm ci --prefix {LIGHTHOUSE_DIR.relative_to(REPO_ROOT)}"
        )
    try:
        subprocess.run(["node", "--version"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise LighthouseUnavailable("Node.js is not installed: apt-get install nodejs npm") from exc


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_args):
        """Quiet: the audit's output is the scores, not a line per request."""


class LocalSite:
    """The export folder served on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, folder: Path):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._thread = threading.Thread(target=self.server.serve_forever, name="lighthouse-site", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc_info):
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()


LEAD_PHOTO = "large_phone_gps.jpg"  # large enough for a phone's screen at twice its density
STORY_BODY = """A first paragraph that says what happened, where, and to whom.

## What was said

A second paragraph with [a link](https://example.org/) and a quotation: "We will be back."

- one point
- another point
"""


def build_site(workspace: Path, site_url: str) -> tuple[Path, dict[str, str]]:
    """A library with a story that has a lead photo and two more stories, exported with the
    site URL the server will have; the pages to audit, by name, relative to the export."""
    from editor_app.export import SiteSettings, export_site
    from editor_app.library import Library
    from editor_app.photos import import_photos

    with Library.create(workspace / "bench.copydesk") as library:
        (result,) = import_photos(library, [CORPUS_DIR / LEAD_PHOTO])
        story = library.create_article(
            headline="Council approves the new bridge after a long night",
            section="News / City",
            status="published",
            standfirst="The vote ends two years of argument over the river crossing.",
            byline="By Desk Reporter",
            tags=["Transport", "Council"],
            body=STORY_BODY,
        )
        library.attach_photo(
            story.id,
            result.photo.id,
            role="lead",
            caption="The river at dawn, where the bridge will stand.",
            credit="Desk photographer",
            alt_text="A wide river under a pale sky, with the city on the far bank.",
        )
        for number, section in enumerate(("News / World", "Sport")):
            library.create_article(
                headline=f"Second story number {number + 1}",
                section=section,
                status="published",
                standfirst="A standfirst that says what the story is about.",
                byline="Desk reporter",
                body=STORY_BODY,
            )
        story = library.get_article(story.id)
        settings = SiteSettings(url=site_url, name="The Copydesk Times", description="News from the desk.")
        out = workspace / "site"
        export_site(library, out, settings=settings)
    return out, {"article": f"articles/{story.slug}/", "section": "sections/news/", "index": ""}


def audit(pages: dict[str, str], output_dir: Path, categories=CATEGORIES) -> dict[str, dict[str, int]]:
    """Lighthouse's category scores (0-100) for each page, by name; reports in `output_dir`."""
    command = ["node", str(LIGHTHOUSE_DIR / "audit.mjs"), ",".join(categories), str(output_dir)]
    command += [f"{name}={url}" for name, url in pages.items()]
    environment = {**os.environ, "CHROME_PATH": CHROMIUM, "CHROME_FLAGS": " ".join(CHROME_FLAGS)}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed: {result.stderr.strip()[-2000:]}")
    scores = {}
    for name in pages:
        report = json.loads((output_dir / f"{name}.json").read_text(encoding="utf-8"))
        scores[name] = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
    return scores


def failing_audits(report_path: Path) -> list[str]:
    """The audits below full marks in the required categories, for a useful failure message."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    failing = []
    for name in REQUIRED:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result["score"] is not None and result["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({result['title']})")
    return failing


def run(workspace: Path, categories=CATEGORIES) -> dict[str, dict[str, int]]:
    """Export, serve and audit; scores by page name. Raises LighthouseUnavailable without the tools."""
    check_tools()
    # The site URL must be the server's own address, so canonical links point at the page
    # audited; the port is chosen first, then the export is made with it.
    placeholder = workspace / "placeholder"
    placeholder.mkdir()
    with LocalSite(placeholder) as probe:
        address = probe.url
    port = int(address.rsplit(":", 1)[1].rstrip("/"))
    folder, pages = build_site(workspace, address)
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="lighthouse-site", daemon=True)
    thread.start()
    try:
        scores = audit({name: address + path for name, path in pages.items()}, workspace, categories)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the export and the JSON reports")
    args = parser.parse_args()
    workspace = Path(tempfile.mkdtemp(prefix="copydesk-lighthouse-"))
    started = time.perf_counter()
    try:
        scores = run(workspace)
    except LighthouseUnavailable as exc:
        print(f"lighthouse: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(workspace, ignore_errors=True)
    below = []
    print(f"{'page':<10}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for page, values in scores.items():
        print(f"{page:<10}" + "".join(f"{values[name]:>16}" for name in CATEGORIES))
        below.extend(f"{page} {name} {values[name]}" for name in REQUIRED if values[name] < 100)
    print(f"({time.perf_counter() - started:.1f} s{', reports in ' + str(workspace) if args.keep else ''})")
    if below:
        print("below 100: " + ", ".join(below), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
