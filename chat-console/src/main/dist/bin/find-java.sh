# Finding a JDK, for bin/chat-server, bin/chat-bench and the project's ./dev (sourced, not run).
# Candidates in order: $JAVA_HOME, java on PATH, then /usr/lib/jvm/*.

# The full version of a java binary (e.g. 25.0.3) from its JDK's release file: no JVM starts.
java_version() {
  local release
  release="$(dirname "$(readlink -f "$1")")/../release"
  [ -f "$release" ] && sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$release" | head -n 1
}

# The feature version of a java binary (e.g. 25), or nothing if it does not run.
java_major() {
  local version
  version="$(java_version "$1" || true)"
  if [ -n "$version" ]; then
    echo "${version%%[.+-]*}"
    return 0
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

# find_java MIN [jdk]: prints the first java binary of version MIN or newer (with "jdk": only
# one with javac beside it, as a build needs); fails when there is none.
find_java() {
  local minimum="$1" need_javac="${2:-}" candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if [ -n "$need_javac" ] && [ ! -x "$(dirname "$(readlink -f "$candidate")")/javac" ]; then
      continue # a JRE cannot build
    fi
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge "$minimum" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
