#!/usr/bin/env bash
# Builds the runtime image and its tarball: a jlink runtime holding the JVM modules the server
# needs and every module of its runtime dependency set (so a module added to the build is linked
# without a change here), the launcher, the docs, and the AOT start-up cache trained with that
# runtime. The result unpacks anywhere and runs with no JDK on the machine.
#
#   image.sh JAVA_HOME VERSION LIB_DIR BIN_DIR DOCS_DIR OUT_DIR
# LIB_DIR holds the server's runtime jars (the console and everything it needs, from Maven),
# BIN_DIR the launcher scripts, DOCS_DIR the project root (LICENSE, NOTICE, README, CHANGELOG).
# Writes OUT_DIR/socketchat-VERSION/ and OUT_DIR/socketchat-VERSION-linux-x64.tar.gz.
set -euo pipefail
java_home="$1" version="$2" lib="$3" bin="$4" docs="$5" out="$6"
name="socketchat-$version"
root="$out/$name"
rm -rf "$root" "$out/$name-linux-x64.tar.gz"
mkdir -p "$root"

# SQLite's driver carries its native library for some twenty platforms (12 MB); this image is
# linux-x64, so it links a copy of the driver that keeps only that one.
linked_lib="$out/linked-lib"
rm -rf "$linked_lib"
mkdir -p "$linked_lib"
cp "$lib"/*.jar "$linked_lib/"
for jar in "$linked_lib"/sqlite-jdbc-*.jar; do
  [ -f "$jar" ] || continue
  work="$(mktemp -d)"
  (cd "$work" && "$java_home/bin/jar" --extract --file "$jar")
  find "$work/org/sqlite/native" -mindepth 2 -maxdepth 2 -type d ! -path '*/Linux/x86_64' -exec rm -rf {} +
  find "$work/org/sqlite/native" -mindepth 1 -maxdepth 1 -type d -empty -delete
  rm "$jar"
  "$java_home/bin/jar" --create --file "$jar" --manifest "$work/META-INF/MANIFEST.MF" -C "$work" .
  rm -rf "$work"
done
lib="$linked_lib"

# Some libraries (the Prometheus client) are automatic modules, which jlink cannot link: each
# copy gets the module-info that jdeps derives from its code, compiled against the others.
generated="$(mktemp -d)"
automatic_modules() {
  "$java_home/bin/java" --module-path "$lib" --list-modules | grep ' file:' | grep ' automatic' || true
}
automatic=()
while read -r described location rest; do
  automatic+=("${location#file://}")
done < <(automatic_modules)
if [ ${#automatic[@]} -gt 0 ]; then
  "$java_home/bin/jdeps" --multi-release 21 --module-path "$lib" --ignore-missing-deps \
    --generate-module-info "$generated/src" "${automatic[@]}" >/dev/null
  while read -r described location rest; do
    module="${described%%@*}" jar="${location#file://}"
    source="$(find "$generated/src/$module" -name module-info.java)"
    # Requirements jdeps derives from code the server never runs (dropped-requires says which and why).
    while read -r from dropped; do
      if [ "$from" = "$module" ]; then
        sed -i "/requires\( transitive\)\? $dropped;/d" "$source"
      fi
    done < <(grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/dropped-requires" | sed 's/#.*//')
    # Libraries that read their own resources through a class loader (open-modules says which).
    if grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/open-modules" | sed 's/#.*//' | grep -qx "$module *"; then
      sed -i "s/^module $module {/open module $module {/" "$source"
    fi
    "$java_home/bin/javac" -nowarn --module-path "$lib" --patch-module "$module=$jar" -d "$generated/classes/$module" "$source"
    "$java_home/bin/jar" --update --file "$jar" -C "$generated/classes/$module" module-info.class
  done < <(automatic_modules)
fi
rm -rf "$generated"

# The modules: every module of LIB_DIR by its own name, as the JVM sees it. jlink links explicit
# modules only, so an automatic one that is still left (a jar jdeps could not describe) stops
# the build here.
modules=()
while read -r described location rest; do
  case "$location $rest" in
    *automatic*)
      echo "image: ${location#file://} is an automatic module, which jlink cannot link" >&2
      exit 1
      ;;
  esac
  modules+=("${described%%@*}")
done < <("$java_home/bin/java" --module-path "$lib" --list-modules | grep ' file:')
[ ${#modules[@]} -gt 0 ] || { echo "image: no modules in $lib" >&2; exit 1; }
# Not reached through requires, but wanted in production: flight recordings
# (JAVA_OPTS=-XX:StartFlightRecording=...), as the performance notes take them.
modules+=(jdk.jfr)
add_modules="$(IFS=,; echo "${modules[*]}")"
echo "image: linking $add_modules"
# Bouncy Castle's jar is signed, which jlink refuses unless told: its signature matters only to a
# JCE provider lookup, and the server calls its Argon2 classes directly.
"$java_home/bin/jlink" --module-path "$lib" --add-modules "$add_modules" --output "$root/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress zip-6 --ignore-signing-information

# Native code without its symbol tables (Debian wants it so; a crash report then names fewer
# native frames), and files readable by all, as a package installs them.
if command -v strip >/dev/null; then
  while IFS= read -r -d '' file; do
    if [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ]; then
      strip --strip-unneeded "$file"
    fi
  done < <(find "$root/runtime" -type f -print0)
fi
chmod -R u+w,go+rX "$root/runtime"

mkdir -p "$root/bin"
cp "$bin"/* "$root/bin/"
chmod 755 "$root/bin"/*
chmod 644 "$root/bin/find-java.sh" # sourced, not run
cp "$docs/LICENSE" "$docs/NOTICE" "$docs/README.md" "$docs/CHANGELOG.md" "$root/"

# The start-up cache, built by the launcher itself with the image's runtime (JDK 25+).
if ! env -u JAVA_HOME "$root/bin/chat-server" --build-aot-cache >"$out/aot-training.log" 2>&1; then
  echo "image: no AOT cache (see $out/aot-training.log); the image starts about twice as slowly" >&2
  rm -rf "$root/aot"
fi

tar -C "$out" --owner=0 --group=0 --numeric-owner -czf "$out/$name-linux-x64.tar.gz" "$name"
echo "image: $out/$name-linux-x64.tar.gz ($(du -k "$out/$name-linux-x64.tar.gz" | cut -f1) KiB; unpacked $(du -sk "$root" | cut -f1) KiB)"
