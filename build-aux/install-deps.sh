#!/bin/sh
# Installs, on Debian 12, what building, running and testing Vodup needs.
# Does nothing (and needs no network) when everything is already there.
set -eu

packages="gcc libc6-dev meson ninja-build pkgconf git
  libglib2.0-dev libglib2.0-dev-bin libsoup-3.0-dev libjson-glib-dev libsecret-1-dev
  libgtk-4-dev libadwaita-1-dev glib-networking
  gettext desktop-file-utils appstream
  xvfb xauth dbus gnome-keyring at-spi2-core
  curl time fonts-wqy-microhei flatpak-builder"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing
fi
