#!/usr/bin/env bash
# Builds socketchat_VERSION_amd64.deb from the runtime image with dpkg-deb (jpackage's .deb
# cannot hold a system user, a conffile or a systemd unit of its own): the image under
# /usr/lib/socketchat, /usr/bin/chat-server, the config, the unit and the maintainer scripts.
#
#   deb.sh IMAGE_DIR VERSION PACKAGING_DIR OUT_DIR   (writes socketchat_VERSION-1_amd64.deb)
set -euo pipefail
image="$1" version="$2" packaging="$3" out="$4"
if ! command -v dpkg-deb >/dev/null; then
  echo "deb: no dpkg-deb on this machine (apt-get install dpkg-dev): no .deb built" >&2
  exit 0
fi
stage="$out/deb-root"
rm -rf "$stage"
install -d "$stage/usr/lib/socketchat" "$stage/usr/bin" "$stage/etc/socketchat" \
  "$stage/lib/systemd/system" "$stage/usr/share/doc/socketchat" "$stage/usr/share/lintian/overrides" "$stage/DEBIAN"
cp -a "$image/." "$stage/usr/lib/socketchat/"
# The docs live in /usr/share/doc, as Debian wants them.
mv "$stage/usr/lib/socketchat/README.md" "$stage/usr/lib/socketchat/NOTICE" "$stage/usr/share/doc/socketchat/"
gzip -9n <"$stage/usr/lib/socketchat/CHANGELOG.md" >"$stage/usr/share/doc/socketchat/changelog.gz"
rm "$stage/usr/lib/socketchat/CHANGELOG.md" "$stage/usr/lib/socketchat/LICENSE" # LICENSE: in copyright
ln -s ../lib/socketchat/bin/chat-server "$stage/usr/bin/chat-server"
install -m 0644 "$packaging/socketchat.conf" "$stage/etc/socketchat/socketchat.conf"
install -m 0644 "$packaging/socketchat.service" "$stage/lib/systemd/system/socketchat.service"
install -m 0644 "$packaging/socketchat@.service" "$stage/lib/systemd/system/socketchat@.service"
install -m 0644 "$packaging/copyright" "$stage/usr/share/doc/socketchat/copyright"
install -m 0644 "$packaging/lintian-overrides" "$stage/usr/share/lintian/overrides/socketchat"
cat >"$stage/usr/share/doc/socketchat/changelog.Debian" <<CHANGES
socketchat ($version-1) unstable; urgency=medium

  * Packaged from SocketChat $version; see changelog.gz for what it brings.

 -- SocketChat maintainers <maintainers@socketchat.org>  $(date -R -d @"${SOURCE_DATE_EPOCH:-$(date +%s)}")
CHANGES
gzip -9n "$stage/usr/share/doc/socketchat/changelog.Debian"
for script in postinst prerm postrm; do
  install -m 0755 "$packaging/DEBIAN/$script" "$stage/DEBIAN/$script"
done
install -m 0644 "$packaging/DEBIAN/conffiles" "$stage/DEBIAN/conffiles"
installed_kib="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_kib/" "$packaging/DEBIAN/control.in" >"$stage/DEBIAN/control"
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's|  \./|  |') >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out/socketchat_${version}-1_amd64.deb" >/dev/null
echo "deb: $out/socketchat_${version}-1_amd64.deb ($(du -k "$out/socketchat_${version}-1_amd64.deb" | cut -f1) KiB; installed $installed_kib KiB)"
