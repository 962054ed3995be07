"""The export's memory of itself: `.copydesk-export.json` in the export folder.

It records, for every file, a key of the inputs that made it and the size, modification
time and SHA-256 the file had when written. The next export of the same folder reuses a
file whose key is unchanged and whose size and time still match (so a file someone edited
by hand is rewritten), which is what makes re-exporting after one change fast. Keeping it
in the folder, rather than in the library, means any library can update any export.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

MANIFEST_NAME = ".copydesk-export.json"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class ManifestEntry:
    key: str
    sha256: str
    size: int
    mtime_ns: int


@dataclass
class Manifest:
    files: dict[str, ManifestEntry] = field(default_factory=dict)
    # Feed bodies by article uuid with the key they were rendered for, so the feed can be
    # rewritten without rendering the articles whose pages were reused.
    feed_bodies: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    generator: str = ""

    def to_json(self) -> bytes:
        document = {
            "format": MANIFEST_FORMAT,
            "generator": self.generator,
            "kind": self.kind,
            "files": {
                path: {"key": e.key, "sha256": e.sha256, "size": e.size, "mtime_ns": e.mtime_ns}
                for path, e in sorted(self.files.items())
            },
            "feed_bodies": dict(sorted(self.feed_bodies.items())),
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """A manifest from disk; an unreadable one is an empty one (everything is rewritten)."""
        try:
            document = json.loads(data)
            if document.get("format") != MANIFEST_FORMAT:
                return cls()
            files = {
                str(path): ManifestEntry(str(e["key"]), str(e["sha256"]), int(e["size"]), int(e["mtime_ns"]))
                for path, e in document.get("files", {}).items()
            }
            bodies = {str(k): str(v) for k, v in document.get("feed_bodies", {}).items()}
            return cls(files, bodies, str(document.get("kind", "")), str(document.get("generator", "")))
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()


def content_key(*parts: object) -> str:
    """A stable hash of the inputs of one output file."""
    material = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain, separators=(",", ":"))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def _plain(value: object):
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return repr(value)
