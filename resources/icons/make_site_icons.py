"""Draws the exported site's PNG and ICO icons from the shapes of copydesk.svg.

Run once when the icon changes (`python resources/icons/make_site_icons.py`) and commit
the files in site/: Pillow cannot read SVG, so the shapes are repeated here, drawn at
four times the size and scaled down for smooth edges.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SITE = Path(__file__).parent / "site"
SUPERSAMPLE = 4
# (x, y, width, height, corner radius, fill) on the SVG's 256-unit canvas.
RECTANGLES = [
    (16, 16, 224, 224, 36, "#1f3a5f"),
    (56, 44, 144, 176, 10, "#f7f4ec"),
    (76, 68, 104, 14, 3, "#1f3a5f"),
    (76, 96, 46, 40, 3, "#c8553d"),
    (132, 98, 48, 8, 2, "#7a8796"),
    (132, 114, 48, 8, 2, "#7a8796"),
    (132, 130, 36, 6, 2, "#7a8796"),
    (76, 152, 104, 8, 2, "#7a8796"),
    (76, 168, 104, 8, 2, "#7a8796"),
    (76, 184, 70, 8, 2, "#7a8796"),
]
PENCIL = [(188, 150), (216, 122), (230, 136), (202, 164), (184, 168)]


def draw(size: int, *, background: str | None = None) -> Image.Image:
    big = size * SUPERSAMPLE
    scale = big / 256
    image = Image.new("RGBA", (big, big), background or (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    for x, y, width, height, radius, fill in RECTANGLES:
        box = (x * scale, y * scale, (x + width) * scale, (y + height) * scale)
        pen.rounded_rectangle(box, radius=radius * scale, fill=fill)
    pen.polygon([(x * scale, y * scale) for x, y in PENCIL], fill="#e9b44c", outline="#1f3a5f", width=round(4 * scale))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    SITE.mkdir(exist_ok=True)
    draw(32).save(SITE / "favicon-32.png", optimize=True)
    draw(192).save(SITE / "icon-192.png", optimize=True)
    # iOS draws a touch icon's transparent corners black: give it the page's background.
    draw(180, background="#f7f4ec").convert("RGB").save(SITE / "apple-touch-icon.png", optimize=True)
    draw(48).save(SITE / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
