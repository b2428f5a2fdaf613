# Sourced by ./seedgrid and scripts/test after scripts/jdk.sh (find_jdk): tools on demand, and Maven with plain
# output on any JDK 21+.

# need_tool COMMAND PACKAGE WHY: COMMAND is on the PATH, else Debian's PACKAGE is installed with apt-get (as root),
# else this fails saying what to install. Says what it does: a fresh machine should not look stuck.
need_tool() {
  local tool=$1 package=$2 why=$3
  command -v "$tool" >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "${LABEL:-seedgrid}: $tool is needed ($why) and is not on the PATH: install it" \
      "(Debian/Ubuntu: apt-get install $package), or run this as root on Debian to have it installed" >&2
    return 2
  fi
  echo "${LABEL:-seedgrid}: $tool is needed ($why): installing Debian's $package package with apt-get..." >&2
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/seedgrid-apt.XXXXXX")"
  if ! { [ -n "${APT_UPDATED:-}" ] || apt-get update -q; } >"$log" 2>&1 \
      || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "${LABEL:-seedgrid}: could not install $package (apt-get's output above)" >&2
    return 2
  fi
  APT_UPDATED=1
  rm -f "$log"
  command -v "$tool" >/dev/null || { echo "${LABEL:-seedgrid}: $package installed but no $tool on the PATH" >&2; return 2; }
}

# MAVEN_OPTS for Maven's own JVM on JDK 23+: no sun.misc.Unsafe warnings from Maven's Guice and Guava (JDK 24+
# warns). The flag is unknown before JDK 23, so it cannot go into .mvn/jvm.config (which turns off jansi's raw
# escape codes) while JDK 21 is supported.
maven_env() {
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 23 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
}

# run_maven MODE ARGS...: mvn -B ARGS, its downloads condensed to a running total (the first run fetches every
# dependency from Maven Central), the rest passed through (MODE full) or only its errors and the module being built
# (MODE brief). In brief mode a failed build keeps the whole output in a file and names it.
run_maven() {
  local mode=$1 log status
  shift
  log="$(mktemp "${TMPDIR:-/tmp}/seedgrid-maven.XXXXXX")"
  set +e
  mvn -B -Dstyle.color=never "$@" 2>&1 | tee "$log" | awk -v label="${LABEL:-seedgrid}" -v mode="$mode" '
    function mb() { return sprintf("%.0f MB", bytes / 1e6) }
    /^\[INFO\] Downloading from / {
      if (!announced) {
        print label ": downloading dependencies from Maven Central (once; a few hundred MB)..."
        announced = 1
        fflush()
      }
      next
    }
    /^\[INFO\] Downloaded from / {
      files++
      if (match($0, /\([0-9.]+ [kMG]?B at /)) {
        split(substr($0, RSTART + 1, RLENGTH - 1), size, " ")
        bytes += size[1] * (size[2] == "GB" ? 1e9 : size[2] == "MB" ? 1e6 : size[2] == "kB" ? 1e3 : 1)
      }
      if (bytes >= reported + 25e6 || files >= reportedFiles + 100) {
        reported = bytes
        reportedFiles = files
        print label ": ... " files " files, " mb() " downloaded"
        fflush()
      }
      next
    }
    mode == "brief" && /^\[INFO\] Building .*\[[0-9]+\/[0-9]+\]$/ {
      module = $0
      sub(/^\[INFO\] Building /, "", module)
      sub(/ [^ ]+ +\[/, " [", module) # the version
      print label ": building " module
      fflush()
      next
    }
    mode == "full" || /^\[ERROR\]/ { print; fflush() }
    END { if (files) print label ": downloaded " files " files (" mb() ") from Maven Central" }'
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ] && [ "$mode" = brief ]; then
    echo "${LABEL:-seedgrid}: Maven failed (exit $status); its whole output: $log" >&2
  else
    rm -f "$log"
  fi
  return "$status"
}
