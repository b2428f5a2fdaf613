# Sourced by ./seedgrid and scripts/test: points JAVA_HOME at a JDK 21+ or fails clearly.
# Order: $JAVA_HOME, the java on PATH, then /usr/lib/jvm/* (newest first).
java_major() { # prints the major version of the java binary $1, or nothing
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
      $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate/bin/java")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "seedgrid: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm/*)." >&2
  echo "seedgrid: install one (e.g. Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}
