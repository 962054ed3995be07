"""The export's memory of itself: `.copydesk-export.json` in the export folder.

It records, for every file, a key of the inputs that made it and the size and SHA-256 the
file had when written. The next export of the same folder reuses a file whose key is
unchanged and whose bytes are still those (so a file someone edited by hand is rewritten),
which is what makes re-exporting after one change fast. Keeping it in the folder, rather
than in the library, means any library can update any export.

It holds nothing about the moment of the export (no times, no paths of this computer), so
two exports of the same library are the same bytes, manifest included. A file not modified
since the manifest was written is taken as unchanged without reading it; see
`ExportSession.reuse`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

MANIFEST_NAME = ".copydesk-export.json"
MANIFEST_FORMAT = 2
# Format 1 also recorded each file's modification time; what else it holds still serves.
READABLE_FORMATS = (1, 2)


@dataclass(frozen=True)
class ManifestEntry:
    key: str
    sha256: str
    size: int


@dataclass
class Manifest:
    files: dict[str, ManifestEntry] = field(default_factory=dict)
    # Feed bodies by article uuid with the key they were rendered for, so the feed can be
    # rewritten without rendering the articles whose pages were reused.
    feed_bodies: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    generator: str = ""
    # When the manifest was written (its file's modification time), read from disk, never
    # stored in it: files not modified since then are as the export left them.
    written_ns: int = 0

    def to_json(self) -> bytes:
        document = {
            "format": MANIFEST_FORMAT,
            "generator": self.generator,
            "kind": self.kind,
            "files": {
                path: {"key": e.key, "sha256": e.sha256, "size": e.size} for path, e in sorted(self.files.items())
            },
            "feed_bodies": dict(sorted(self.feed_bodies.items())),
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """A manifest from disk; an unreadable one is an empty one (everything is rewritten)."""
        try:
            document = json.loads(data)
            if document.get("format") not in READABLE_FORMATS:
                return cls()
            files = {
                str(path): ManifestEntry(str(e["key"]), str(e["sha256"]), int(e["size"]))
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
