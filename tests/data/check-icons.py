#!/usr/bin/env python3
"""Usage: check-icons.py APP_ICON SYMBOLIC_ICON

The app icon is a 128×128 SVG in GNOME palette colours; the symbolic icon is a
16×16 SVG in one colour, without gradients (GTK recolours it). Neither has
text (fonts differ between systems), embedded images or external references.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN = {"text", "image", "script", "foreignObject", "use"}
GRADIENTS = {"linearGradient", "radialGradient", "pattern"}

# The GNOME HIG palette.
PALETTE = {
    "#99c1f1", "#62a0ea", "#3584e4", "#1c71d8", "#1a5fb4",  # blue
    "#8ff0a4", "#57e389", "#33d17a", "#2ec27e", "#26a269",  # green
    "#f9f06b", "#f8e45c", "#f6d32d", "#f5c211", "#e5a50a",  # yellow
    "#ffbe6f", "#ffa348", "#ff7800", "#e66100", "#c64600",  # orange
    "#f66151", "#ed333b", "#e01b24", "#c01c28", "#a51d2d",  # red
    "#dc8add", "#c061cb", "#9141ac", "#813d9c", "#613583",  # purple
    "#cdab8f", "#b5835a", "#986a44", "#865e3c", "#63452c",  # brown
    "#ffffff", "#f6f5f4", "#deddda", "#c0bfbc", "#9a9996",  # light
    "#77767b", "#5e5c64", "#3d3846", "#241f31", "#000000",  # dark
}
COLOUR_ATTRIBUTES = ("fill", "stroke", "stop-color", "color")


def colours(element):
    """The paint values an element sets, from attributes and style="…"."""
    values = [element.get(a) for a in COLOUR_ATTRIBUTES if element.get(a)]
    for declaration in (element.get("style") or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() in COLOUR_ATTRIBUTES:
            values.append(value.strip())
    return [v.lower() for v in values if v.lower() not in ("none", "currentcolor")]


def check(path, size, symbolic):
    failures = []
    root = ET.parse(path).getroot()
    if root.tag != SVG + "svg":
        return [f"{path}: root is {root.tag}, not an SVG <svg>"]

    if root.get("width") != str(size) or root.get("height") != str(size):
        failures.append(f"{path}: {root.get('width')}×{root.get('height')}, expected {size}×{size}")
    viewbox = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    if viewbox != ["0", "0", str(size), str(size)]:
        failures.append(f"{path}: viewBox {root.get('viewBox')!r}, expected '0 0 {size} {size}'")

    used = set()
    for element in root.iter():
        tag = element.tag.replace(SVG, "")
        if tag in FORBIDDEN:
            failures.append(f"{path}: has <{tag}>")
        if symbolic and tag in GRADIENTS:
            failures.append(f"{path}: symbolic icons are one flat colour, found <{tag}>")
        href = element.get("href") or element.get(XLINK_HREF)
        if href is not None and not href.startswith("#"):
            failures.append(f"{path}: external reference {href!r}")
        used.update(c for c in colours(element) if not c.startswith("url(#"))

    if not used:
        failures.append(f"{path}: no colours at all")
    if symbolic and len(used) > 1:
        failures.append(f"{path}: symbolic icons use one colour, found {sorted(used)}")
    if not symbolic and not used <= PALETTE:
        failures.append(f"{path}: colours outside the GNOME palette: {sorted(used - PALETTE)}")
    return failures


def main(app_icon, symbolic_icon):
    failures = check(app_icon, 128, False) + check(symbolic_icon, 16, True)
    for failure in failures:
        print(failure)
    if not failures:
        print(f"ok: {app_icon}, {symbolic_icon}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
