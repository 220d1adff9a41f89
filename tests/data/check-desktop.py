#!/usr/bin/env python3
"""Usage: check-desktop.py DESKTOP_FILE_VALIDATE APP_ID DESKTOP_FILE

desktop-file-validate exits 0 on some errors and on hints, so any output
fails (ci-notes.md §7). Then the keys the app relies on: the launcher passes
files to `vodup` (it handles open), and video files offer "Open With Vodup".
"""
import configparser
import os
import subprocess
import sys

SKIP = 77


def main(validator, app_id, path):
    if not validator:
        print("SKIP: desktop-file-validate not found (Debian: desktop-file-utils)")
        return SKIP

    result = subprocess.run([validator, path], capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or output:
        print(f"desktop-file-validate (rc {result.returncode}):\n{output}")
        return 1

    failures = []
    if os.path.basename(path) != app_id + ".desktop":
        failures.append(f"file name {os.path.basename(path)} is not {app_id}.desktop")

    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]

    expected = {
        "Name": "Vodup",
        "Icon": app_id,
        "Type": "Application",
        "Terminal": "false",
        "StartupNotify": "true",
    }
    for key, value in expected.items():
        if entry.get(key) != value:
            failures.append(f"{key}={entry.get(key)!r}, expected {value!r}")

    exec_line = entry.get("Exec", "").split()
    if exec_line[:1] != ["vodup"] or not {"%U", "%F"} & set(exec_line[1:]):
        failures.append(f"Exec={entry.get('Exec')!r} must run vodup with %U or %F")

    mime_types = [m for m in entry.get("MimeType", "").split(";") if m]
    for needed in ("video/mp4", "video/quicktime", "video/x-matroska", "video/webm"):
        if needed not in mime_types:
            failures.append(f"MimeType lacks {needed}")
    if not all(m.startswith(("video/", "application/")) for m in mime_types):
        failures.append(f"MimeType has types Vodup cannot upload: {mime_types}")

    for key in ("GenericName", "Comment", "Keywords"):
        if not entry.get(key):
            failures.append(f"{key} is missing")

    for failure in failures:
        print(failure)
    if not failures:
        print(f"ok: {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
