"""Read and write XMP packets by namespace URI.

XMP is RDF/XML: the same property may be an attribute of ``rdf:Description`` or a child
element, a caption is a language alternative, creators are an ordered list. Walking the
tree by namespace URI handles all of these shapes; prefixes are arbitrary and a regex
would miss half of them. Parsing goes through defusedxml because the packet comes from
untrusted files (entity expansion attacks).
"""

from __future__ import annotations

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


def parse_xmp(packet: bytes | str | None) -> XmpDocument | None:
    """Parse an XMP packet; None when there is none or it is not well-formed (or hostile) XML."""
    if not packet:
        return None
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    packet = packet.strip(b"\x00 \t\r\n")
    try:
        root = SafeElementTree.fromstring(packet)
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
