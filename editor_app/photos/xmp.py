"""Read and write XMP packets by namespace URI.

XMP is RDF/XML: the same property may be an attribute of ``rdf:Description`` or a child
element, a caption is a language alternative, creators are an ordered list. Walking the
tree by namespace URI handles all of these shapes; prefixes are arbitrary and a regex
would miss half of them. Parsing goes through defusedxml because the packet comes from
untrusted files (entity expansion attacks); a packet declaring a DTD or an entity is refused.

Packets seen in the wild that must still be read: UTF-16 or UTF-32 text (the XMP spec
allows them; some Adobe tools write them), recognised by a byte order mark, by the NUL
pattern of "<" in the packet's first bytes, or by the ``encoding`` declaration; and junk or
non-whitespace padding after ``</x:xmpmeta>``, which would make the whole packet
ill-formed XML. Only the ``x:xmpmeta`` element (or, without one, the ``rdf:RDF`` element)
is parsed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from xml.etree import ElementTree

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

X = "adobe:ns:meta/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
EXIF = "http://ns.adobe.com/exif/1.0/"
TIFF = "http://ns.adobe.com/tiff/1.0/"

# Prefixes for the packets we write; readers resolve by URI, so these only help humans.
WRITE_PREFIXES = {
    "x": X,
    "rdf": RDF,
    "dc": DC,
    "photoshop": PHOTOSHOP,
    "Iptc4xmpCore": IPTC_CORE,
    "xmpRights": XMP_RIGHTS,
}

_XPACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"  # the fixed id every XMP packet carries


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


class XmpDocument:
    """The properties of one parsed XMP packet, looked up by (namespace URI, name)."""

    def __init__(self, root: ElementTree.Element) -> None:
        self._root = root
        self._descriptions = list(root.iter(_tag(RDF, "Description")))

    def _top_level(self, namespace: str, name: str) -> Iterator[str | ElementTree.Element]:
        key = _tag(namespace, name)
        for description in self._descriptions:
            if key in description.attrib:
                yield description.attrib[key]
            yield from description.findall(key)

    def text(self, namespace: str, name: str) -> str:
        """A simple or language-alternative property as text (x-default first), "" when absent."""
        for value in self._top_level(namespace, name):
            if isinstance(value, str):
                text = value
            else:
                text = _element_text(value)
            if text.strip():
                return text.strip()
        return ""

    def items(self, namespace: str, name: str) -> list[str]:
        """An ordered or unordered list property (dc:creator, dc:subject) as its items."""
        for value in self._top_level(namespace, name):
            if isinstance(value, str):
                return [value.strip()] if value.strip() else []
            container = _rdf_container(value)
            if container is None:
                text = (value.text or "").strip()
                return [text] if text else []
            return [
                (li.text or "").strip()
                for li in container.findall(_tag(RDF, "li"))
                if (li.text or "").strip()
            ]
        return []

    def location_sources(self) -> list[str]:
        """Where this packet holds coordinates: exif:GPS* or an IPTC location with GPS."""
        sources = []
        if self.text(EXIF, "GPSLatitude") and self.text(EXIF, "GPSLongitude"):
            sources.append("XMP exif:GPS")
        for structure in ("LocationCreated", "LocationShown"):
            for value in self._top_level(IPTC_EXT, structure):
                if not isinstance(value, str) and _has_coordinates(value):
                    sources.append(f"XMP Iptc4xmpExt:{structure}")
                    break
        return sources


# Byte order marks and the NUL patterns of "<" for packets written without one, longest first.
_ENCODINGS_BY_START = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_DECLARED_ENCODING = re.compile(rb"""encoding=["']([A-Za-z0-9_-]+)["']""")
_XMPMETA = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?)x[am]pmeta\b.*?</\1x[am]pmeta\s*>", re.DOTALL)
_RDF = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?)RDF\b.*?</\1RDF\s*>", re.DOTALL)
_HOSTILE = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def decode_packet(packet: bytes) -> str | None:
    """The packet as text, by byte order mark, NUL pattern or ``encoding`` declaration."""
    start = packet.lstrip(b" \t\r\n")[:4] if not packet.startswith((b"\x00", b"\xff\xfe", b"\xfe\xff")) else packet[:4]
    encoding = "utf-8"
    for prefix, name in _ENCODINGS_BY_START:
        if start.startswith(prefix):
            encoding = name
            break
    else:
        declared = _DECLARED_ENCODING.search(packet[:200])
        if declared:
            encoding = declared.group(1).decode("ascii")
    try:
        text = packet.decode(encoding, errors="replace")
    except LookupError:  # an encoding name Python does not know
        text = packet.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff")


def parse_xmp(packet: bytes | str | None) -> XmpDocument | None:
    """Parse an XMP packet; None when there is none, it holds no xmpmeta/RDF, or it is hostile."""
    if not packet:
        return None
    text = packet if isinstance(packet, str) else decode_packet(packet)
    if not text or _HOSTILE.search(text):
        return None
    element = _XMPMETA.search(text) or _RDF.search(text)
    if element is None:
        return None
    try:
        root = SafeElementTree.fromstring(element.group(0).encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return None
    return XmpDocument(root)


def _rdf_container(element: ElementTree.Element) -> ElementTree.Element | None:
    for kind in ("Alt", "Seq", "Bag"):
        container = element.find(_tag(RDF, kind))
        if container is not None:
            return container
    return None


def _element_text(element: ElementTree.Element) -> str:
    container = _rdf_container(element)
    if container is None:
        return element.text or ""
    items = container.findall(_tag(RDF, "li"))
    for li in items:
        if li.get(_tag(XML, "lang")) == "x-default":
            return li.text or ""
    return (items[0].text or "") if items else ""


def _has_coordinates(element: ElementTree.Element) -> bool:
    found = set()
    for node in element.iter():
        for name in ("GPSLatitude", "GPSLongitude"):
            if node.tag == _tag(IPTC_EXT, name) and (node.text or "").strip():
                found.add(name)
            if node.get(_tag(IPTC_EXT, name), "").strip():
                found.add(name)
    return found == {"GPSLatitude", "GPSLongitude"}


def build_xmp_packet(
    *,
    description: str = "",
    creators: Iterable[str] = (),
    rights: str = "",
    credit: str = "",
    alt_text: str = "",
    headline: str = "",
    source: str = "",
) -> bytes:
    """A fresh XMP packet holding only the given fields (empty ones are left out).

    Built as an element tree so that any text (quotes, ampersands, angle brackets,
    right-to-left scripts) is escaped by the serializer, never by hand.
    """
    for prefix, uri in WRITE_PREFIXES.items():
        ElementTree.register_namespace(prefix, uri)
    xmpmeta = ElementTree.Element(_tag(X, "xmpmeta"))
    rdf = ElementTree.SubElement(xmpmeta, _tag(RDF, "RDF"))
    description_node = ElementTree.SubElement(rdf, _tag(RDF, "Description"), {_tag(RDF, "about"): ""})

    def add_language_alternative(namespace: str, name: str, text: str) -> None:
        if not text:
            return
        prop = ElementTree.SubElement(description_node, _tag(namespace, name))
        alt = ElementTree.SubElement(prop, _tag(RDF, "Alt"))
        li = ElementTree.SubElement(alt, _tag(RDF, "li"), {_tag(XML, "lang"): "x-default"})
        li.text = text

    def add_simple(namespace: str, name: str, text: str) -> None:
        if text:
            ElementTree.SubElement(description_node, _tag(namespace, name)).text = text

    add_language_alternative(DC, "description", description)
    creator_list = [c for c in creators if c]
    if creator_list:
        seq = ElementTree.SubElement(ElementTree.SubElement(description_node, _tag(DC, "creator")), _tag(RDF, "Seq"))
        for creator in creator_list:
            ElementTree.SubElement(seq, _tag(RDF, "li")).text = creator
    add_language_alternative(DC, "rights", rights)
    add_simple(PHOTOSHOP, "Credit", credit)
    add_simple(PHOTOSHOP, "Headline", headline)
    add_simple(PHOTOSHOP, "Source", source)
    add_language_alternative(IPTC_CORE, "AltTextAccessibility", alt_text)

    body = ElementTree.tostring(xmpmeta, encoding="unicode")
    packet = f'<?xpacket begin="\ufeff" id="{_XPACKET_ID}"?>\n{body}\n<?xpacket end="w"?>'
    return packet.encode("utf-8")
