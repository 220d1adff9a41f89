#!/usr/bin/env python3
"""Usage: check-metainfo.py APPSTREAMCLI APP_ID VERSION SCREENSHOTS_DIR METAINFO

Runs `appstreamcli validate --no-net` (errors and warnings fail; infos such as
appstream 0.16's "unknown-tag developer" do not), then checks what the
validator cannot know: the ID and launchable match the desktop file, the
newest release is this project's version, and every screenshot URL points at
a PNG that exists in data/screenshots/.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

SKIP = 77
SCREENSHOT_BASE = "https://raw.githubusercontent.com/vodup/vodup/main/data/screenshots/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def validate(appstreamcli, path):
    result = subprocess.run([appstreamcli, "validate", "--no-net", "--explain", path],
                            capture_output=True, text=True)
    print(result.stdout + result.stderr)
    return result.returncode == 0


def check_screenshots(root, screenshots_dir, failures):
    screenshots = root.findall("screenshots/screenshot")
    if not screenshots:
        failures.append("no screenshots")
    defaults = [s for s in screenshots if s.get("type") == "default"]
    if len(defaults) != 1:
        failures.append(f"{len(defaults)} default screenshots, expected 1")

    for screenshot in screenshots:
        caption = screenshot.findtext("caption", "").strip()
        if not caption:
            failures.append("a screenshot has no caption")
        for image in screenshot.findall("image"):
            url = (image.text or "").strip()
            if not url.startswith(SCREENSHOT_BASE):
                failures.append(f"screenshot {url} is not under {SCREENSHOT_BASE}")
                continue
            local = os.path.join(screenshots_dir, url[len(SCREENSHOT_BASE):])
            try:
                with open(local, "rb") as f:
                    if f.read(8) != PNG_SIGNATURE:
                        failures.append(f"{local} is not a PNG")
            except OSError as error:
                failures.append(f"screenshot {url}: {error}")


def check_fields(root, app_id, version, failures):
    def expect(path, value, attribute=None):
        element = root.find(path)
        found = None
        if element is not None:
            found = element.get(attribute) if attribute else (element.text or "").strip()
        if found != value:
            failures.append(f"{path}{'@' + attribute if attribute else ''}: {found!r}, expected {value!r}")

    expect("id", app_id)
    expect("metadata_license", "CC0-1.0")
    expect("project_license", "GPL-3.0-or-later")
    expect("launchable", app_id + ".desktop")
    expect("launchable", "desktop-id", "type")
    expect("content_rating", "oars-1.1", "type")
    expect("translation", "vodup")
    expect("translation", "gettext", "type")
    expect("requires/display_length", "360")
    expect("requires/display_length", "ge", "compare")
    expect("releases/release", version, "version")

    controls = {c.text for c in root.findall("supports/control")}
    if not {"keyboard", "pointing"} <= controls:
        failures.append(f"supports/control {sorted(controls)} lacks keyboard or pointing")
    if not root.findall("description/p") or not root.findall("description/ul/li"):
        failures.append("description needs paragraphs and a list")
    urls = {u.get("type") for u in root.findall("url")}
    if not {"homepage", "bugtracker"} <= urls:
        failures.append(f"url types {sorted(urls)} lack homepage or bugtracker")


def main(appstreamcli, app_id, version, screenshots_dir, path):
    if not appstreamcli:
        print("SKIP: appstreamcli not found (Debian: appstream)")
        return SKIP

    failures = []
    if not validate(appstreamcli, path):
        failures.append("appstreamcli validate failed")

    root = ET.parse(path).getroot()
    if root.tag != "component" or root.get("type") != "desktop-application":
        failures.append(f"root is <{root.tag} type={root.get('type')!r}>")
    check_fields(root, app_id, version, failures)
    check_screenshots(root, screenshots_dir, failures)

    for failure in failures:
        print(failure)
    if not failures:
        print(f"ok: {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
