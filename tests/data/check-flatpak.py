#!/usr/bin/env python3
"""Usage: check-flatpak.py manifest APP_ID MANIFEST
       check-flatpak.py builder FLATPAK_BUILDER MANIFEST

`manifest`: the Flatpak manifest parses as JSON (no duplicate keys), uses only
keys flatpak-builder knows (it ignores misspelled top-level keys silently),
builds Vodup with meson from this checkout, grants exactly the allowed
finish-args, and every local path it names exists.

`builder`: `flatpak-builder --show-manifest` accepts it with
G_DEBUG=fatal-warnings, which turns unknown or mistyped module properties into
failures (ci-notes.md §7). Skipped when flatpak-builder is not installed.
"""
import json
import os
import subprocess
import sys

SKIP = 77

# Sandbox holes: network, the display, the GPU. Files arrive through portals
# and the API key through the Secret portal, so no --filesystem or talk-name.
ALLOWED_FINISH_ARGS = [
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
]

# Top-level properties from flatpak-manifest(5).
KNOWN_KEYS = {
    "id", "app-id", "branch", "default-branch", "collection-id", "extension-tag", "token-type",
    "runtime", "runtime-version", "runtime-commit", "sdk", "sdk-commit", "base", "base-version",
    "base-commit", "base-extensions", "var", "metadata", "command", "build-runtime",
    "build-extension", "separate-locales", "id-platform", "metadata-platform", "writable-sdk",
    "appstream-compose", "sdk-extensions", "platform-extensions", "inherit-extensions",
    "inherit-sdk-extensions", "tags", "build-options", "modules", "add-extensions",
    "add-build-extensions", "cleanup", "cleanup-commands", "cleanup-platform",
    "cleanup-platform-commands", "prepare-platform-commands", "finish-args",
    "rename-desktop-file", "rename-appdata-file", "rename-mime-file", "appdata-license",
    "rename-icon", "rename-mime-icons", "copy-icon", "desktop-file-name-suffix",
}


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"duplicate keys: {sorted(duplicates)}")
    return dict(pairs)


def local_paths(module):
    """Yields the local files and directories a module (and its submodules) names."""
    for source in module.get("sources", []):
        if isinstance(source, str):
            yield source
            continue
        if "path" in source:
            yield source["path"]
        yield from source.get("paths", [])
    for submodule in module.get("modules", []):
        if isinstance(submodule, str):
            yield submodule
        else:
            yield from local_paths(submodule)


def check_vodup_module(manifest, base, failures):
    modules = [m for m in manifest.get("modules", []) if isinstance(m, dict)]
    vodup = [m for m in modules if m.get("name") == "vodup"]
    if len(vodup) != 1 or modules[-1] is not vodup[0]:
        failures.append("the last module must be the one named vodup")
        return
    if vodup[0].get("buildsystem") != "meson":
        failures.append(f"vodup builds with {vodup[0].get('buildsystem')!r}, not meson")
    dirs = [s for s in vodup[0].get("sources", []) if isinstance(s, dict) and s.get("type") == "dir"]
    roots = [os.path.join(base, s.get("path", "")) for s in dirs]
    if not any(os.path.isfile(os.path.join(r, "meson.build")) and
               os.path.isfile(os.path.join(r, "src", "vodup-application.c")) for r in roots):
        failures.append("vodup's sources must be a dir source pointing at this checkout")


def check_manifest(app_id, path):
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f, object_pairs_hook=no_duplicates)
    base = os.path.dirname(os.path.abspath(path))
    failures = []

    unknown = set(manifest) - KNOWN_KEYS
    if unknown:
        failures.append(f"unknown top-level keys (flatpak-builder would ignore them): {sorted(unknown)}")

    expected = {"id": app_id, "runtime": "org.gnome.Platform", "sdk": "org.gnome.Sdk", "command": "vodup"}
    for key, value in expected.items():
        if manifest.get(key) != value:
            failures.append(f"{key}: {manifest.get(key)!r}, expected {value!r}")
    if not str(manifest.get("runtime-version", "")).isdigit():
        failures.append(f"runtime-version {manifest.get('runtime-version')!r} is not a GNOME release")

    finish_args = manifest.get("finish-args", [])
    if sorted(finish_args) != sorted(ALLOWED_FINISH_ARGS):
        extra = sorted(set(finish_args) - set(ALLOWED_FINISH_ARGS))
        missing = sorted(set(ALLOWED_FINISH_ARGS) - set(finish_args))
        failures.append(f"finish-args: extra {extra}, missing {missing}, or duplicated")

    check_vodup_module(manifest, base, failures)

    for module in manifest.get("modules", []):
        names = [module] if isinstance(module, str) else local_paths(module)
        for name in names:
            if not os.path.exists(os.path.join(base, name)):
                failures.append(f"{name} (relative to {base}) does not exist")

    for failure in failures:
        print(failure)
    if not failures:
        print(f"ok: {path}")
    return 1 if failures else 0


def check_builder(flatpak_builder, path):
    if not flatpak_builder:
        print("SKIP: flatpak-builder not found (Debian: flatpak-builder); the manifest was "
              "still checked by the flatpak-manifest test")
        return SKIP

    env = dict(os.environ, G_DEBUG="fatal-warnings")
    result = subprocess.run([flatpak_builder, "--show-manifest", path],
                            capture_output=True, text=True, env=env)
    if result.returncode != 0 or result.stderr.strip():
        print(f"flatpak-builder --show-manifest (rc {result.returncode}):\n{result.stderr}")
        return 1

    shown = json.loads(result.stdout)
    with open(path, encoding="utf-8") as f:
        written = json.load(f)
    if shown.get("finish-args") != written.get("finish-args") or shown.get("id") != written.get("id"):
        print("flatpak-builder read a different id or finish-args:\n" + result.stdout)
        return 1

    print(f"ok: flatpak-builder reads {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("manifest", "builder"):
        sys.exit(__doc__)
    if sys.argv[1] == "manifest":
        sys.exit(check_manifest(sys.argv[2], sys.argv[3]))
    sys.exit(check_builder(sys.argv[2], sys.argv[3]))
