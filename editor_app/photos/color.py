"""Bring any decoded photo into 8-bit sRGB, the only colour space browsers agree on.

Wire photos arrive in Adobe RGB (colours look dull when shown as sRGB) and print
desks send CMYK (browsers show it badly or not at all), so thumbnails and renditions
always pass through here.
"""

from __future__ import annotations

import io
import struct
from functools import cache

from PIL import Image, ImageCms

# The creation date written into our sRGB profile. LittleCMS stamps the current time, which
# made every export differ from the last in these 12 bytes: no export was byte-reproducible
# and an incremental export could never recognise an unchanged photo by its bytes.
PROFILE_DATE = (2024, 1, 1, 0, 0, 0)  # year, month, day, hour, minute, second (UTC)
_ICC_DATE_OFFSET = 24  # ICC.1 header: dateTimeNumber, six big-endian uInt16 at bytes 24-35
_ICC_PROFILE_ID = slice(84, 100)  # an MD5 over the profile, or zeros


@cache
def srgb_profile_bytes() -> bytes:
    """The ICC profile embedded in everything we write, so viewers need not guess.

    The same bytes in every run: its creation date is ``PROFILE_DATE``, not today.
    """
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[_ICC_DATE_OFFSET : _ICC_DATE_OFFSET + 12] = struct.pack(">6H", *PROFILE_DATE)
    # LittleCMS leaves the profile ID zero; should a version set it, it would cover the date
    # just changed, so it goes back to zero ("not computed"), which ICC.1 allows.
    profile[_ICC_PROFILE_ID] = bytes(16)
    return bytes(profile)


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Return an RGB or RGBA copy of ``image`` in sRGB.

    ``icc_profile`` is the profile the original file embedded (pass it explicitly: resizing
    and transposing may not keep ``info``). A profile that cannot be parsed is ignored and
    the pixels are taken as sRGB, which is what a browser would do.
    """
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info
    )
    image = _to_eight_bit(image)
    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc_profile:
        converted = _apply_profile(image, icc_profile, has_alpha)
        if converted is not None:
            return converted
    if has_alpha:
        return image.convert("RGBA")
    return image.convert("RGB")


def _to_eight_bit(image: Image.Image) -> Image.Image:
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    if image.mode == "1":
        return image.convert("L")
    return image


def _apply_profile(image: Image.Image, icc_profile: bytes, has_alpha: bool) -> Image.Image | None:
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
    except (OSError, ImageCms.PyCMSError):
        return None
    alpha = None
    if image.mode in ("RGBA", "LA"):
        alpha = image.getchannel("A")
        image = image.convert("RGB" if image.mode == "RGBA" else "L")
    try:
        converted = ImageCms.profileToProfile(
            image,
            source,
            _srgb_profile(),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, ValueError, OSError):
        return None
    if converted is None:
        return None
    if alpha is not None and has_alpha:
        converted.putalpha(alpha)
    return converted
