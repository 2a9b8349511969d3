"""Draws the hub's mark (cms/core/static/hub/favicon.svg, made for the hub) as
the favicon.ico and apple-touch-icon.png fallbacks: .venv/bin/python
scripts/make_favicon.py (Pillow, installed with Wagtail)."""

from pathlib import Path

from PIL import Image, ImageDraw

DARK, YELLOW = (0x1d, 0x1d, 0x1b, 255), (0xff, 0xe6, 0x15, 255)
OUT = Path(__file__).resolve().parents[1] / "cms" / "core" / "static" / "hub"


def mark(size: int, radius: bool = True) -> Image.Image:
    scale = 8  # draw large, then shrink: smooth edges
    big = size * scale
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=3 * unit if radius else 0,
                           fill=DARK)
    for x0, y0, x1, y1 in ((10, 7, 14, 25), (10, 7, 23, 11), (10, 15, 21, 19)):
        draw.rectangle((x0 * unit, y0 * unit, x1 * unit - 1, y1 * unit - 1), fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


mark(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)],
              append_images=[mark(16), mark(32)])
mark(180, radius=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
