"""Build one small file per real-world metadata quirk of issue 11 (each a few KB at most).

Everything is generated (into a test's tmp_path, or a folder for ``bench/photo_truth.py``):
Pillow writes the pixels and ordinary containers; what no writer produces on request (an
IIM dataset with a zero-length value, a UTF-16 XMP packet, ImageMagick's hex raw profiles,
RAW magic bytes) is assembled here byte by byte, following each format's layout.

Run ``python tests/photos/quirk_files.py FOLDER`` to write them all into FOLDER.
"""

from __future__ import annotations

import hashlib
import io
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, PngImagePlugin

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from editor_app.photos import iim, xmp

SIZE = (48, 32)
IPTC_RESOURCE, IPTC_DIGEST_RESOURCE = 0x0404, 0x0425  # Photoshop image resource ids


def _pixels(mode: str = "RGB", size: tuple[int, int] = SIZE) -> Image.Image:
    """A picture whose orientation can be checked: a red left half on a blue ground."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    return image.convert(mode)


def _jpeg(image: Image.Image | None = None, **save_options) -> bytes:
    out = io.BytesIO()
    (image or _pixels()).save(out, "JPEG", quality=70, **save_options)
    return out.getvalue()


def dataset(key: tuple[int, int], value: bytes) -> bytes:
    return struct.pack(">BBBH", 0x1C, key[0], key[1], len(value)) + value


def resource(resource_id: int, data: bytes) -> bytes:
    block = b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    return block + (b"\x00" if len(data) % 2 else b"")


def app13(*resources: bytes) -> bytes:
    payload = b"Photoshop 3.0\x00" + b"".join(resources)
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_iim(block: bytes, *more_resources: bytes, **save_options) -> bytes:
    return iim.splice_app13(_jpeg(**save_options), app13(resource(IPTC_RESOURCE, block), *more_resources))


# ---- photos lost


def empty_iptc_dataset() -> bytes:
    """IIM with zero-length caption and credit beside a real by-line (Photoshop 7-era files)."""
    block = dataset((2, 0), b"\x00\x04") + dataset(iim.CAPTION, b"") + dataset(iim.BYLINE, b"Ana Reporter")
    block += dataset(iim.CREDIT, b"") + dataset(iim.KEYWORDS, b"") + dataset(iim.KEYWORDS, b"harbour")
    return jpeg_with_iim(block)


def tiff(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "TIFF", **options)
    return out.getvalue()


# Larger than the grid thumbnail (256 px), so thumbnailing really resamples; deflate keeps
# each file a few KB.
MODE_SIZE = (300, 40)


def tiff_16bit_grey() -> bytes:
    """A top-to-bottom ramp over 0..51000 in 16-bit little-endian greyscale (I;16)."""
    ramp = Image.linear_gradient("L").resize(MODE_SIZE).convert("I")
    return tiff(ramp.point(lambda value: value * 200).convert("I;16"), compression="tiff_deflate")


def tiff_16bit_grey_big_endian() -> bytes:
    width, height = MODE_SIZE
    image = Image.new("I;16B", MODE_SIZE)
    image.frombytes(b"".join(struct.pack(">H", x * 200) for _ in range(height) for x in range(width)))
    return tiff(image, compression="tiff_deflate")


def tiff_float() -> bytes:
    """32-bit float samples in 0..1, as scientific and HDR tools write them."""
    ramp = Image.linear_gradient("L").resize(MODE_SIZE).convert("F")
    return tiff(ramp.point(lambda value: value / 255), compression="tiff_deflate")


def tiff_palette_with_transparency() -> bytes:
    image = _pixels(size=MODE_SIZE).convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    image.info["transparency"] = 0
    return tiff(image, compression="tiff_deflate")


def tiff_one_bit_odd_strips() -> bytes:
    """1-bit, 301x23 pixels in strips of 5 rows (the last strip short)."""
    return tiff(_pixels("1", (301, 23)), strip_size=5 * 38)


def _patch_tiff_tag(data: bytes, tag: int, value: int) -> bytes:
    """Overwrite the SHORT/LONG value of ``tag`` in IFD0 of a little-endian TIFF."""
    (offset,) = struct.unpack_from("<I", data, 4)
    (count,) = struct.unpack_from("<H", data, offset)
    out = bytearray(data)
    for index in range(count):
        entry = offset + 2 + index * 12
        if struct.unpack_from("<H", data, entry)[0] == tag:
            struct.pack_into("<HIHH", out, entry + 2, 3, 1, value, 0)
            return bytes(out)
    raise ValueError(f"tag {tag} not in IFD0")


def tiff_webp_compressed() -> bytes:
    """A TIFF declaring WebP compression (50001), which this Pillow/libtiff build cannot decode."""
    return _patch_tiff_tag(tiff(_pixels(), compression="tiff_deflate"), 259, 50001)


def tiff_jpeg2000_compressed() -> bytes:
    """A TIFF declaring JPEG 2000 compression (34712), for which Pillow has no name at all."""
    return _patch_tiff_tag(tiff(_pixels(), compression="tiff_deflate"), 259, 34712)


# ---- captions and credits lost


def mpo_with_iptc() -> bytes:
    """Two pictures in one JPEG (an MPF APP2 block) with an IIM caption."""
    out = io.BytesIO()
    first, second = _pixels(), _pixels().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    first.save(out, "MPO", save_all=True, append_images=[second], quality=70)
    block = dataset(iim.CAPTION, b"Stereo pair of the harbour.") + dataset(iim.CREDIT, b"Wire Agency")
    return iim.splice_app13(out.getvalue(), app13(resource(IPTC_RESOURCE, block)))


def _packet(**fields) -> str:
    return xmp.build_xmp_packet(**fields).decode("utf-8")


def xmp_utf16() -> bytes:
    """UTF-16 little-endian: the byte order mark is the one in ``<?xpacket begin="...">``."""
    return _jpeg(xmp=_packet(description="Caption in UTF-16 XMP, café", credit="Ağency").encode("utf-16-le"))


def xmp_utf32() -> bytes:
    return _jpeg(xmp=_packet(description="Caption in UTF-32 XMP", credit="Agency 32").encode("utf-32-be"))


def xmp_junk_after_xmpmeta() -> bytes:
    packet = _packet(description="Caption before the junk", credit="Junk Agency")
    body, end = packet.rsplit("<?xpacket end", 1)
    return _jpeg(xmp=(body + "\x00\x00garbage <not xml & more\n" + "<?xpacket end" + end).encode("utf-8"))


def _raw_profile(name: str, data: bytes) -> str:
    """ImageMagick's hex text chunk: name, length, then 72 hex digits a line."""
    hex_text = data.hex()
    lines = "\n".join(hex_text[i : i + 72] for i in range(0, len(hex_text), 72))
    return f"\n{name}\n{len(data):8d}\n{lines}\n"


def png_raw_profiles() -> bytes:
    """ImageMagick style: XMP and IPTC as hex in zTXt "Raw profile type ..." chunks."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", _raw_profile("xmp", xmp.build_xmp_packet(description="PNG raw profile caption")), zip=True)
    block = dataset(iim.CREDIT, b"Raw IPTC Credit") + dataset(iim.BYLINE, b"Raw Byline")
    info.add_text("Raw profile type iptc", _raw_profile("iptc", block), zip=True)
    out = io.BytesIO()
    _pixels().save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_ztxt_xmp() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("XML:com.adobe.xmp", _packet(description="zTXt XMP caption", credit="zTXt Credit"), zip=True)
    out = io.BytesIO()
    _pixels().save(out, "PNG", pnginfo=info)
    return out.getvalue()


def png_compressed_itxt_xmp() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", _packet(description="compressed iTXt XMP caption"), zip=True)
    out = io.BytesIO()
    _pixels().save(out, "PNG", pnginfo=info)
    return out.getvalue()


_LOCATION_CREATED = """<Iptc4xmpExt:LocationCreated><rdf:Bag><rdf:li rdf:parseType="Resource">
<Iptc4xmpExt:City>Oslo</Iptc4xmpExt:City><Iptc4xmpExt:GPSLatitude>59,54.6N</Iptc4xmpExt:GPSLatitude>
<Iptc4xmpExt:GPSLongitude>10,45.1E</Iptc4xmpExt:GPSLongitude></rdf:li></rdf:Bag></Iptc4xmpExt:LocationCreated>"""
_LOCATION_SHOWN = """<Iptc4xmpExt:LocationShown><rdf:Bag><rdf:li Iptc4xmpExt:GPSLatitude="48,51.4N"
Iptc4xmpExt:GPSLongitude="2,21.1E"/></rdf:Bag></Iptc4xmpExt:LocationShown>"""
_EXIF_GPS = "<exif:GPSLatitude>40,26.8N</exif:GPSLatitude><exif:GPSLongitude>79,58.9W</exif:GPSLongitude>"


def _xmp_with(properties: str) -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{xmp.RDF}">
<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="{xmp.IPTC_EXT}" xmlns:exif="{xmp.EXIF}" xmlns:dc="{xmp.DC}">
{properties}</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>""".encode()


def xmp_location_created() -> bytes:
    return _jpeg(xmp=_xmp_with(_LOCATION_CREATED))


def xmp_location_shown() -> bytes:
    return _jpeg(xmp=_xmp_with(_LOCATION_SHOWN))


def xmp_exif_gps() -> bytes:
    return _jpeg(xmp=_xmp_with(_EXIF_GPS))


def _iim_and_xmp(digest: bytes | None) -> bytes:
    """IIM says one caption, XMP another; ``digest`` is what the IPTCDigest resource holds."""
    block = dataset((1, 90), iim.UTF8_MARKER) + dataset(iim.CAPTION, b"Caption from IIM") + dataset(iim.CREDIT, b"IIM Credit")
    packet = xmp.build_xmp_packet(description="Caption from XMP", credit="XMP Credit")
    resources = [resource(IPTC_DIGEST_RESOURCE, digest)] if digest is not None else []
    return jpeg_with_iim(block, *resources, xmp=packet)


def _iim_block_of_mwg_files() -> bytes:
    return dataset((1, 90), iim.UTF8_MARKER) + dataset(iim.CAPTION, b"Caption from IIM") + dataset(iim.CREDIT, b"IIM Credit")


def mwg_digest_stale() -> bytes:
    return _iim_and_xmp(hashlib.md5(b"the IIM block before a legacy tool edited it").digest())


def mwg_digest_matches() -> bytes:
    return _iim_and_xmp(hashlib.md5(_iim_block_of_mwg_files()).digest())


def mwg_digest_zeros() -> bytes:
    return _iim_and_xmp(bytes(16))


def mwg_digest_absent() -> bytes:
    return _iim_and_xmp(None)


# ---- values read wrong


def _jpeg_with_exif(ifd0: dict, exif_ifd: dict | None = None, gps: dict | None = None) -> bytes:
    exif = Image.Exif()
    exif.update(ifd0)
    if exif_ifd:
        exif.get_ifd(0x8769).update(exif_ifd)
    if gps is not None:
        exif.get_ifd(0x8825).update(gps)
    return _jpeg(exif=exif.tobytes())


def blank_camera_date() -> bytes:
    return _jpeg_with_exif({0x010F: "Olympus"}, {0x9003: "    :  :     :  :  ", 0x9004: "0000:00:00 00:00:00"})


def zero_camera_date() -> bytes:
    return _jpeg_with_exif({0x0132: "0000:00:00 00:00:00"}, {0x9003: "0000:00:00 00:00:00"})


def nul_padded_exif_strings() -> bytes:
    """Text cut by a NUL with leftovers of other tags behind it, and trailing whitespace."""
    return _jpeg_with_exif(
        {0x010E: "Harbour at dawn\x00OLYMPUS DIGITAL", 0x013B: "Ana Reporter  \n", 0x8298: "(c) Agency\x00\x00\x00"}
    )


def tiff_orientation_6() -> bytes:
    """A TIFF whose orientation tag says "rotate 90 CW"; stored 48x32, shown 32x48."""
    return tiff(_pixels(), tiffinfo={274: 6})


def gps_zero_coordinates() -> bytes:
    return _jpeg_with_exif({}, gps={0: b"\x02\x02\x00\x00", 1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)})


def gps_status_void() -> bytes:
    return _jpeg_with_exif({}, gps={1: "N", 2: (59.0, 54.0, 0.0), 3: "E", 4: (10.0, 45.0, 0.0), 9: "V"})


def gps_block_without_coordinates() -> bytes:
    return _jpeg_with_exif({}, gps={0: b"\x02\x02\x00\x00", 18: "WGS-84"})


def _tiff_structure(byte_order: bytes, entries: list[tuple[int, int, int, bytes]], head: bytes | None = None) -> bytes:
    """A minimal little-endian TIFF: IFD0 with (tag, type, count, value-bytes) entries, values after it."""
    header = head or (byte_order + struct.pack("<I", 16) + b"\x00" * 8)
    ifd_offset = len(header)
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    ifd, data = bytearray(struct.pack("<H", len(entries))), bytearray()
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            ifd += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\x00")
        else:
            ifd += struct.pack("<HHII", tag, kind, count, data_offset + len(data))
            data += value + (b"\x00" if len(value) % 2 else b"")
    ifd += b"\x00\x00\x00\x00"
    header = header[:4] + struct.pack("<I", ifd_offset) + header[8:]
    return bytes(header) + bytes(ifd) + bytes(data) + b"\x00" * 64


def _preview_entries(make: bytes = b"Canon\x00") -> list[tuple[int, int, int, bytes]]:
    """An 8x8 uncompressed preview IFD with a camera maker, as RAW files start."""
    return [
        (256, 3, 1, struct.pack("<H", 8)), (257, 3, 1, struct.pack("<H", 8)), (258, 3, 1, struct.pack("<H", 8)),
        (259, 3, 1, struct.pack("<H", 1)), (262, 3, 1, struct.pack("<H", 1)), (273, 4, 1, struct.pack("<I", 0)),
        (277, 3, 1, struct.pack("<H", 1)), (279, 4, 1, struct.pack("<I", 64)), (271, 2, len(make), make),
    ]  # fmt: skip


def raw_dng() -> bytes:
    return _tiff_structure(b"II*\x00", [*_preview_entries(b"Leica\x00"), (0xC612, 1, 4, b"\x01\x04\x00\x00")])


def raw_cr2() -> bytes:
    return _tiff_structure(b"II*\x00", _preview_entries(), head=b"II*\x00\x10\x00\x00\x00CR\x02\x00\x00\x00\x00\x00")


def raw_nef() -> bytes:
    entries = [*_preview_entries(b"NIKON CORPORATION\x00"), (254, 4, 1, struct.pack("<I", 1)), (330, 4, 1, struct.pack("<I", 8))]
    return _tiff_structure(b"II*\x00", entries)


def raw_orf() -> bytes:
    return _tiff_structure(b"IIRO", _preview_entries(b"OLYMPUS\x00"))


def raw_rw2() -> bytes:
    return _tiff_structure(b"IIU\x00", _preview_entries(b"Panasonic\x00"))


def raw_raf() -> bytes:
    return b"FUJIFILMCCD-RAW 0201FF383501" + b"\x00" * 100


def bigtiff() -> bytes:
    return b"II+\x00\x08\x00\x00\x00" + struct.pack("<Q", 16) + b"\x00" * 64


# File name -> builder. The names say the quirk; photo_truth reports them by name.
QUIRK_FILES: dict[str, Callable[[], bytes]] = {
    "empty_iptc_dataset.jpg": empty_iptc_dataset,
    "tiff_16bit_grey.tif": tiff_16bit_grey,
    "tiff_16bit_grey_big_endian.tif": tiff_16bit_grey_big_endian,
    "tiff_float.tif": tiff_float,
    "tiff_palette_transparency.tif": tiff_palette_with_transparency,
    "tiff_1bit_odd_strips.tif": tiff_one_bit_odd_strips,
    "tiff_webp_compressed.tif": tiff_webp_compressed,
    "tiff_jpeg2000_compressed.tif": tiff_jpeg2000_compressed,
    "mpo_with_iptc.jpg": mpo_with_iptc,
    "xmp_utf16.jpg": xmp_utf16,
    "xmp_utf32.jpg": xmp_utf32,
    "xmp_junk_after_xmpmeta.jpg": xmp_junk_after_xmpmeta,
    "png_raw_profiles.png": png_raw_profiles,
    "png_ztxt_xmp.png": png_ztxt_xmp,
    "png_compressed_itxt_xmp.png": png_compressed_itxt_xmp,
    "xmp_location_created.jpg": xmp_location_created,
    "xmp_location_shown.jpg": xmp_location_shown,
    "xmp_exif_gps.jpg": xmp_exif_gps,
    "mwg_digest_stale.jpg": mwg_digest_stale,
    "mwg_digest_matches.jpg": mwg_digest_matches,
    "mwg_digest_zeros.jpg": mwg_digest_zeros,
    "mwg_digest_absent.jpg": mwg_digest_absent,
    "blank_camera_date.jpg": blank_camera_date,
    "zero_camera_date.jpg": zero_camera_date,
    "nul_padded_exif_strings.jpg": nul_padded_exif_strings,
    "tiff_orientation_6.tif": tiff_orientation_6,
    "gps_zero_coordinates.jpg": gps_zero_coordinates,
    "gps_status_void.jpg": gps_status_void,
    "gps_block_without_coordinates.jpg": gps_block_without_coordinates,
    "raw_dng.dng": raw_dng,
    "raw_cr2.cr2": raw_cr2,
    "raw_nef.nef": raw_nef,
    "raw_orf.orf": raw_orf,
    "raw_rw2.rw2": raw_rw2,
    "raw_raf.raf": raw_raf,
    "bigtiff.tif": bigtiff,
}


def write_quirk_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, build in QUIRK_FILES.items():
        path = folder / name
        path.write_bytes(build())
        written[name] = path
    return written


if __name__ == "__main__":
    for written_path in write_quirk_files(Path(sys.argv[1])).values():
        print(written_path)
