#!/usr/bin/env python3
"""Usage: check-install.py MESON GLIB_COMPILE_SCHEMAS BUILD_ROOT PREFIX BINDIR DATADIR LOCALEDIR PO_DIR APP_ID

Runs `meson install --destdir` into a temporary directory and checks the
layout: both binaries, the desktop file, metainfo, schema, both icons and a
.mo for every language in po/LINGUAS — and nothing else, so that test
programs or stray files are not installed by accident. The installed schema
must compile. gnome.post_install() skips itself with --destdir.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")


def under(root, prefix, directory):
    """Where DIRECTORY (absolute, or relative to PREFIX) lands inside ROOT."""
    path = directory if os.path.isabs(directory) else os.path.join(prefix, directory)
    return os.path.join(root, path.lstrip(os.sep))


def linguas(po_dir):
    try:
        with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
            return [w for line in f for w in line.split("#")[0].split()]
    except FileNotFoundError:
        return []


def expected_files(destdir, prefix, bindir, datadir, localedir, po_dir, app_id):
    bin_dir = under(destdir, prefix, bindir)
    data_dir = under(destdir, prefix, datadir)
    files = {
        os.path.join(bin_dir, "vodup"),
        os.path.join(bin_dir, "vodup-cli"),
        os.path.join(data_dir, "applications", app_id + ".desktop"),
        os.path.join(data_dir, "metainfo", app_id + ".metainfo.xml"),
        os.path.join(data_dir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
        os.path.join(data_dir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        os.path.join(data_dir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
    }
    for language in linguas(po_dir):
        files.add(os.path.join(under(destdir, prefix, localedir), language, "LC_MESSAGES", "vodup.mo"))
    return files


def check_layout(destdir, expected, compile_schemas, schemas_dir):
    installed = {os.path.join(d, f) for d, _, names in os.walk(destdir) for f in names}
    failures = [f"missing: {os.path.relpath(p, destdir)}" for p in sorted(expected - installed)]
    failures += [f"not expected (add it to check-install.py if it should be installed): "
                 f"{os.path.relpath(p, destdir)}" for p in sorted(installed - expected)]

    for path in sorted(expected & installed):
        if os.sep + "bin" + os.sep in path and not os.access(path, os.X_OK):
            failures.append(f"not executable: {os.path.relpath(path, destdir)}")
        if path.endswith(".mo"):
            with open(path, "rb") as f:
                if f.read(4) not in MO_MAGIC:
                    failures.append(f"not a gettext catalogue: {os.path.relpath(path, destdir)}")

    if compile_schemas and os.path.isdir(schemas_dir):
        result = subprocess.run([compile_schemas, "--strict", "--dry-run", schemas_dir],
                                capture_output=True, text=True)
        if result.returncode != 0:
            failures.append(f"installed schema does not compile: {result.stderr.strip()}")
    return failures


def main(meson, compile_schemas, build_root, prefix, bindir, datadir, localedir, po_dir, app_id):
    if not meson:
        print("SKIP: the meson command was not found")
        return SKIP

    destdir = tempfile.mkdtemp(prefix="vodup-install-")
    try:
        result = subprocess.run([meson, "install", "-C", build_root, "--destdir", destdir,
                                 "--no-rebuild", "--quiet"], capture_output=True, text=True)
        if result.returncode != 0:
            print(f"meson install failed (rc {result.returncode}):\n{result.stdout}{result.stderr}\n"
                  f"It installs without rebuilding: run `meson compile -C {build_root}` first.")
            return 1

        expected = expected_files(destdir, prefix, bindir, datadir, localedir, po_dir, app_id)
        schemas_dir = os.path.join(under(destdir, prefix, datadir), "glib-2.0", "schemas")
        failures = check_layout(destdir, expected, compile_schemas, schemas_dir)
        for failure in failures:
            print(failure)
        if not failures:
            print("ok: installed\n  " + "\n  ".join(sorted(os.path.relpath(p, destdir) for p in expected)))
        return 1 if failures else 0
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 10:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
