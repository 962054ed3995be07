"""Three-way merge of a story, by field: what only one side changed is taken, what both
changed differently is a conflict for a person to settle. No Qt, no library: plain data.

A story here is the JSON-ready dict a packet carries:
    {"fields": {headline, body, tags, ...}, "placements": [{uuid, photo, role, caption,
     credit, alt_text}, ...]}
with placements in page order and `photo` the SHA-256 of the photo (None for a slot
still waiting for one). "Mine" is the library's story as it is now, "theirs" the
packet's, and "base" the version both last had (None when they never shared one:
then every field that differs is a conflict, paragraphs only one side has are kept,
and a photo only one side has is a conflict: without a base nothing says whether the
other side removed it or never had it, so neither bringing it back nor dropping it is
done silently).

The body merges by paragraph (blank-line separated), as diff3 does by line: an edit
to paragraph 3 on one side and to paragraph 9 on the other both land; only the same
stretch of paragraphs changed differently on both sides is a conflict. Each
placement's caption, credit, alt text, role and photo merge as fields of their own;
placements are matched by uuid, so one side's new photo is added and one side's
removal is kept unless the other side edited that placement meanwhile.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model import ARTICLE_TEXT_FIELDS

MINE, THEIRS = "mine", "theirs"
SIDES = (MINE, THEIRS)

# The slug is the library's own address for the story (unique in that library, fixed
# once published), so it travels for a new article but is never merged.
MERGED_FIELDS = tuple(name for name in ARTICLE_TEXT_FIELDS if name != "slug")
PLACEMENT_FIELDS = ("photo", "role", "caption", "credit", "alt_text")

FIELD_LABELS = {
    "section": "Section", "headline": "Headline", "standfirst": "Standfirst", "byline": "Byline",
    "dateline": "Dateline", "body": "Body", "status": "Status", "language": "Language",
    "target_words": "Target length", "editor_note": "Editor's note", "tags": "Tags",
    "photo": "photo", "role": "role", "caption": "caption", "credit": "credit", "alt_text": "alt text",
}  # fmt: skip

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Conflict:
    """One thing both sides changed differently. `key` is what --take names ("headline",
    "body.2", "photo.1.caption", "photo.order"), numbered as `label` numbers it: paragraphs
    of this library's body and photos in its page order, from 1 (photos only the packet
    has come after them); values are the texts to show side by side."""

    key: str
    label: str
    base: str | None
    mine: str
    theirs: str


@dataclass
class StoryMerge:
    """The merge of theirs into mine: `conflicts` to settle, then `resolve(choices)`."""

    conflicts: tuple[Conflict, ...]
    taken: tuple[str, ...]  # labels of what was taken from theirs without a conflict
    _fields: dict = field(repr=False)
    _body: list = field(repr=False)  # None (a body taken whole) or paragraphs and _Choices
    _body_trailing_newline: bool = field(repr=False)
    _placements: list = field(repr=False)  # (uuid, {field: value or _Choice}) in order, or _Choice
    _order: list | _Choice = field(repr=False)  # uuids in page order, or a choice of two

    @property
    def clean(self) -> bool:
        return not self.conflicts

    def name_photos(self, names: Mapping[str, str]) -> None:
        """Show photos in the conflicts by file name (`names` by SHA-256), not by hash."""

        def named(text: str | None, key: str) -> str | None:
            if text is None:
                return None
            if key.endswith(".photo") and not text:
                return "(no photo yet: a slot)"
            for sha, name in names.items():
                text = text.replace(sha, name).replace(f"photo {sha[:12]}", name)
            return text

        self.conflicts = tuple(
            replace(c, base=named(c.base, c.key), mine=named(c.mine, c.key), theirs=named(c.theirs, c.key))
            for c in self.conflicts
        )

    def resolve(self, choices: Mapping[str, str] | None = None) -> dict:
        """The merged story, each conflict settled by `choices[key]` ("mine" or "theirs").

        Raises UnresolvedConflictsError naming the conflicts left without a choice."""
        from .errors import UnresolvedConflictsError

        choices = dict(choices or {})
        missing = [c.key for c in self.conflicts if choices.get(c.key) not in SIDES]
        if missing:
            raise UnresolvedConflictsError(missing)

        def pick(value):
            return value.pick(choices) if isinstance(value, _Choice) else value

        fields = {name: pick(value) for name, value in self._fields.items()}
        if self._body is not None:
            paragraphs: list[str] = []
            for piece in self._body:
                paragraphs.extend(pick(piece) if isinstance(piece, _Choice) else [piece])
            body = "\n\n".join(p for p in paragraphs if p)
            fields["body"] = body + ("\n" if self._body_trailing_newline and body else "")
        placements_by_uuid = {}
        for uuid, values in self._placements:
            if isinstance(values, _Choice):
                values = values.pick(choices)
                if values is None:
                    continue  # removal chosen
            placements_by_uuid[uuid] = {"uuid": uuid, **{name: pick(v) for name, v in values.items()}}
        placements = _in_order(pick(self._order), placements_by_uuid)
        return {"fields": fields, "placements": _one_lead(placements)}


@dataclass(frozen=True)
class _Choice:
    key: str
    mine: object
    theirs: object

    def pick(self, choices: Mapping[str, str]):
        return self.mine if choices[self.key] == MINE else self.theirs


def merge_story(base: dict | None, mine: dict, theirs: dict) -> StoryMerge:
    """Merge `theirs` into `mine` against `base` (see the module's docstring)."""
    base_fields = (base or {}).get("fields")
    conflicts: list[Conflict] = []
    taken: list[str] = []
    fields: dict = {}
    for name in MERGED_FIELDS:
        if name == "body":
            continue
        ours, other = mine["fields"].get(name), theirs["fields"].get(name)
        if name == "tags":
            fields[name], changed = _merge_tags(base_fields and base_fields.get(name), ours or [], other or [])
            if changed:
                taken.append(FIELD_LABELS[name])
            continue
        original = base_fields.get(name) if base_fields is not None else _NO_BASE
        value = _merge_value(name, FIELD_LABELS[name], original, ours, other, conflicts, taken)
        fields[name] = value
    body, trailing = _merge_body(
        base_fields.get("body", "") if base_fields is not None else None,
        mine["fields"].get("body", ""),
        theirs["fields"].get("body", ""),
        conflicts,
        taken,
    )
    if body is None:
        fields["body"] = mine["fields"].get("body", "") if trailing is MINE else theirs["fields"].get("body", "")
    placements, order = _merge_placements(
        (base or {}).get("placements") if base is not None else None,
        mine.get("placements", []),
        theirs.get("placements", []),
        conflicts,
        taken,
    )
    return StoryMerge(
        conflicts=tuple(conflicts),
        taken=tuple(taken),
        _fields=fields,
        _body=body,
        _body_trailing_newline=bool(trailing is True),
        _placements=placements,
        _order=order,
    )


_NO_BASE = object()


def _merge_value(key, label, base, mine, theirs, conflicts: list, taken: list):
    """mine, theirs, or a _Choice (and a Conflict) when both changed it differently."""
    if mine == theirs:
        return mine
    if base is not _NO_BASE and mine == base:
        taken.append(label)
        return theirs
    if base is not _NO_BASE and theirs == base:
        return mine
    conflicts.append(Conflict(key, label, None if base is _NO_BASE else _shown(base), _shown(mine), _shown(theirs)))
    return _Choice(key, mine, theirs)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _merge_tags(base, mine: Sequence[str], theirs: Sequence[str]) -> tuple[list[str], bool]:
    """Tags are a set: each side's additions and removals all apply, so tags never conflict."""
    key = str.casefold
    base_keys = {key(t) for t in base} if base is not None else None
    mine_keys, theirs_keys = {key(t) for t in mine}, {key(t) for t in theirs}
    if base_keys is None:  # never shared: keep every tag either side has
        removed: set[str] = set()
    else:
        removed = (base_keys - mine_keys) | (base_keys - theirs_keys)
    merged = [t for t in mine if key(t) not in removed]
    seen = {key(t) for t in merged}
    for tag in theirs:
        if key(tag) not in seen and key(tag) not in removed:
            merged.append(tag)
            seen.add(key(tag))
    return merged, [key(t) for t in merged] != [key(t) for t in mine]


# ---------------------------------------------------------------------- body


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a Markdown body: stretches between blank lines, without those lines."""
    text = body.strip("\n")
    return [p for p in _PARAGRAPH_BREAK.split(text)] if text.strip() else []


def _merge_body(base: str | None, mine: str, theirs: str, conflicts: list, taken: list):
    """(pieces, trailing_newline) for a paragraph merge, or (None, MINE|THEIRS) when one
    side's body is taken whole (unchanged text is kept byte for byte)."""
    if mine == theirs or (base is not None and theirs == base):
        return None, MINE
    if base is not None and mine == base:
        taken.append(FIELD_LABELS["body"])
        return None, THEIRS
    base_paragraphs = split_paragraphs(base) if base is not None else None
    mine_paragraphs, theirs_paragraphs = split_paragraphs(mine), split_paragraphs(theirs)
    if base_paragraphs is None:
        # Never shared: what both have in common, in order, stands in for the base, so
        # paragraphs only one side has are kept and differing stretches conflict.
        base_paragraphs = _common_subsequence(mine_paragraphs, theirs_paragraphs)
    pieces: list = []
    took_theirs = False
    for chunk in diff3(base_paragraphs, mine_paragraphs, theirs_paragraphs):
        if chunk.stable:
            pieces.extend(chunk.mine)
        elif chunk.mine == chunk.base or chunk.mine == chunk.theirs:
            pieces.extend(chunk.theirs)
            took_theirs = took_theirs or chunk.mine != chunk.theirs
        elif chunk.theirs == chunk.base:
            pieces.extend(chunk.mine)
        else:
            # Named and labelled by the same number: the paragraph of this library's text
            # the conflict starts at (or, where this side has none, the one it comes
            # before). Unstable chunks never touch, so no two conflicts share a number.
            first = chunk.mine_start + 1
            last = chunk.mine_start + len(chunk.mine)
            key = f"body.{first}"
            where = f"paragraph {first}" if last <= first else f"paragraphs {first}-{last}"
            if not chunk.mine:
                where = f"before paragraph {first}" if first <= len(mine_paragraphs) else f"after paragraph {last}"
                if not mine_paragraphs:
                    where = "all of it (empty here)"
            conflicts.append(
                Conflict(
                    key,
                    f"Body, {where}",
                    "\n\n".join(chunk.base) if base is not None else None,
                    "\n\n".join(chunk.mine),
                    "\n\n".join(chunk.theirs),
                )
            )
            pieces.append(_Choice(key, list(chunk.mine), list(chunk.theirs)))
    if took_theirs:
        taken.append("Body paragraphs")
    return pieces, mine.endswith("\n")


@dataclass(frozen=True)
class Chunk:
    """A stretch of diff3's output: stable (all three agree) or not."""

    stable: bool
    base: tuple[str, ...]
    mine: tuple[str, ...]
    theirs: tuple[str, ...]
    mine_start: int


def _matches(a: Sequence[str], b: Sequence[str]) -> dict[int, int]:
    """Index in `a` -> index in `b` for the items a longest-matching diff pairs up."""
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            pairs[block.a + offset] = block.b + offset
    return pairs


def _common_subsequence(a: Sequence[str], b: Sequence[str]) -> list[str]:
    return [a[i] for i in sorted(_matches(a, b))]


def diff3(base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]) -> list[Chunk]:
    """Split three versions into stable and unstable chunks (Khanna, Kuber and Pierce's
    formulation of diff3), matching each side against the base."""
    to_mine, to_theirs = _matches(base, mine), _matches(base, theirs)
    chunks: list[Chunk] = []
    o = a = b = 0
    while o < len(base) or a < len(mine) or b < len(theirs):
        run = 0
        while o + run < len(base) and to_mine.get(o + run) == a + run and to_theirs.get(o + run) == b + run:
            run += 1
        if run:
            chunks.append(
                Chunk(True, tuple(base[o : o + run]), tuple(mine[a : a + run]), tuple(theirs[b : b + run]), a)
            )
            o, a, b = o + run, a + run, b + run
            continue
        # The next base item both sides kept, beyond what either side changed here.
        next_o = next((i for i in range(o, len(base)) if i in to_mine and i in to_theirs), None)
        if next_o is None:
            end_o, end_a, end_b = len(base), len(mine), len(theirs)
        else:
            end_o, end_a, end_b = next_o, to_mine[next_o], to_theirs[next_o]
        chunks.append(Chunk(False, tuple(base[o:end_o]), tuple(mine[a:end_a]), tuple(theirs[b:end_b]), a))
        o, a, b = end_o, end_a, end_b
    return chunks


# ---------------------------------------------------------------------- placements


def _merge_placements(base, mine: list[dict], theirs: list[dict], conflicts: list, taken: list):
    """([(uuid, values or _Choice)], page order or a _Choice of two); see merge_story."""
    base_by = {p["uuid"]: p for p in base} if base is not None else None
    mine_by, theirs_by = {p["uuid"]: p for p in mine}, {p["uuid"]: p for p in theirs}
    mine_order, theirs_order = [p["uuid"] for p in mine], [p["uuid"] for p in theirs]
    base_order = [p["uuid"] for p in base] if base is not None else None

    # Which placements stay (or need a choice); numbered as the reader sees them: mine's
    # order, then theirs' additions.
    candidates = mine_order + [u for u in theirs_order if u not in mine_by]
    numbers = {uuid: index + 1 for index, uuid in enumerate(candidates)}
    kept: list[tuple[str, object]] = []
    for uuid in candidates:
        number = numbers[uuid]
        ours, other = mine_by.get(uuid), theirs_by.get(uuid)
        original = base_by.get(uuid) if base_by is not None else None
        label = f"Photo {number}"
        if ours is not None and other is not None:
            values = {}
            for name in PLACEMENT_FIELDS:
                before = original.get(name) if original is not None else _NO_BASE
                values[name] = _merge_value(
                    f"photo.{number}.{name}", f"{label} {FIELD_LABELS[name]}", before, ours.get(name),
                    other.get(name), conflicts, taken,
                )  # fmt: skip
            kept.append((uuid, values))
        elif base_by is None:  # never shared: removed by one side or added by the other?
            conflicts.append(
                Conflict(
                    f"photo.{number}",
                    label,
                    None,
                    _describe(ours) if ours is not None else "(not here)",
                    _describe(other) if other is not None else "(not in the packet)",
                )
            )
            mine_values = _values(ours) if ours is not None else None
            kept.append((uuid, _Choice(f"photo.{number}", mine_values, _values(other) if other is not None else None)))
        elif ours is not None:  # theirs lacks it: removed by them, or added by me
            if original is None:
                kept.append((uuid, _values(ours)))
            elif _values(ours) == _values(original):
                taken.append(f"{label} removed")
            else:
                conflicts.append(Conflict(f"photo.{number}", label, _describe(original), _describe(ours), "(removed)"))
                kept.append((uuid, _Choice(f"photo.{number}", _values(ours), None)))
        else:  # mine lacks it: added by them, or removed by me
            if original is None:
                taken.append(f"{label} added")
                kept.append((uuid, _values(other)))
            elif _values(other) != _values(original):
                conflicts.append(Conflict(f"photo.{number}", label, _describe(original), "(removed)", _describe(other)))
                kept.append((uuid, _Choice(f"photo.{number}", None, _values(other))))
    return kept, _merge_order(base_order, mine_order, theirs_order, conflicts, taken)


def _values(placement: dict) -> dict:
    return {name: placement.get(name) for name in PLACEMENT_FIELDS}


def _describe(placement: dict) -> str:
    photo = placement.get("photo")
    what = f"photo {photo[:12]}" if photo else "empty slot"
    return f"{what} ({placement.get('role', 'inline')}): {placement.get('caption', '')}"


def _merge_order(base_order, mine_order, theirs_order, conflicts: list, taken: list):
    """The page order: theirs when only they reordered, mine when only I did (each with the
    other's additions after their predecessor), a _Choice of both when both reordered."""
    if base_order is None:
        common = [u for u in mine_order if u in theirs_order]
        if common == [u for u in theirs_order if u in mine_order]:
            return _woven(mine_order, theirs_order)
        both_changed = True
    else:
        mine_moved = _relative(mine_order, base_order) != _relative(base_order, mine_order)
        theirs_moved = _relative(theirs_order, base_order) != _relative(base_order, theirs_order)
        if not theirs_moved:
            return _woven(mine_order, theirs_order)
        if not mine_moved:
            taken.append("Photo order")
            return _woven(theirs_order, mine_order)
        both_changed = _relative(mine_order, theirs_order) != _relative(theirs_order, mine_order)
        if not both_changed:
            return _woven(mine_order, theirs_order)
    key = "photo.order"
    numbers = {
        uuid: index + 1 for index, uuid in enumerate(mine_order + [u for u in theirs_order if u not in mine_order])
    }
    conflicts.append(
        Conflict(
            key,
            "Photo order",
            " ".join(f"#{numbers[u]}" for u in base_order if u in numbers) if base_order is not None else None,
            " ".join(f"#{numbers[u]}" for u in mine_order),
            " ".join(f"#{numbers[u]}" for u in theirs_order),
        )
    )
    return _Choice(key, _woven(mine_order, theirs_order), _woven(theirs_order, mine_order))


def _relative(order: Sequence[str], other: Sequence[str]) -> list[str]:
    """`order` restricted to the items `other` also has."""
    present = set(other)
    return [u for u in order if u in present]


def _woven(leading: Sequence[str], other: Sequence[str]) -> list[str]:
    """`leading`, with the items only `other` has placed after their predecessor there."""
    result = list(leading)
    for index, uuid in enumerate(other):
        if uuid in result:
            continue
        predecessor = next((other[i] for i in range(index - 1, -1, -1) if other[i] in result), None)
        result.insert(result.index(predecessor) + 1 if predecessor is not None else 0, uuid)
    return result


def _in_order(order: Sequence[str], placements: dict[str, dict]) -> list[dict]:
    ordered = [placements[u] for u in order if u in placements]
    listed = set(order)
    return ordered + [p for u, p in placements.items() if u not in listed]


def _one_lead(placements: list[dict]) -> list[dict]:
    """At most one lead (a library holds one per article): the first in page order."""
    seen_lead = False
    result = []
    for placement in placements:
        if placement.get("role") == "lead":
            if seen_lead:
                placement = {**placement, "role": "inline"}
            seen_lead = True
        result.append(placement)
    return result


def parse_take_rules(rules: Sequence[str]) -> list[tuple[str | None, str]]:
    """`--take` values ("mine", "theirs", "headline=theirs", "body=mine") as (name or None, side)."""
    from .errors import PacketError

    parsed = []
    sides: dict[str | None, tuple[str, str]] = {}  # name -> (side, the rule that said so)
    for rule in rules:
        name, equals, side = rule.rpartition("=")
        side = side.strip().lower()
        if side not in SIDES:
            raise PacketError(f"--take {rule}: say mine or theirs (for all), or FIELD=mine|theirs.")
        if equals and not name.strip():
            raise PacketError(f"--take {rule}: the name before '=' is empty; say FIELD={side}, or {side} for all.")
        name = name.strip() or None
        if name in sides and sides[name][0] != side:
            raise PacketError(f"--take {sides[name][1]} and --take {rule} contradict each other; say which side once.")
        sides[name] = (side, rule)
        parsed.append((name, side))
    return parsed


def choices_from_rules(conflicts: Sequence[Conflict], rules: Sequence[tuple[str | None, str]]) -> dict[str, str]:
    """Which side each conflict takes: an all-rule first, then named rules in order.

    A name matches its conflict and everything under it: "body" is every body conflict,
    "photo.2" every conflict of photo 2. A name matching no conflict is refused."""
    from .errors import UnknownConflictError

    choices: dict[str, str] = {}
    for name, side in rules:
        if name is None:
            choices.update({c.key: side for c in conflicts})
    for name, side in rules:
        if name is None:
            continue
        matched = [c.key for c in conflicts if c.key == name or c.key.startswith(name + ".")]
        if not matched:
            raise UnknownConflictError(name, [c.key for c in conflicts])
        choices.update({key: side for key in matched})
    return choices
