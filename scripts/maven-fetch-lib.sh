#!/usr/bin/env bash
# Helpers the setup scripts share to fetch Java programs from Maven Central into the cache outside
# the checkout (sourced by scripts/setup-contract-programs.sh). Debian's `mvn` resolves a small
# generated pom, so every transitive dependency comes at the version the program's own pom states.
#
# A cache folder is complete when it holds `.complete` (is_done and finish, from go-build-lib.sh);
# jars land in `lib.partial` and are moved to `lib` only when the whole resolution succeeded.

# The plugin that copies the jars, pinned (`dependency:` alone would resolve whatever is newest).
MAVEN_DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

# maven_fetch OUT_DIR GROUP:ARTIFACT:VERSION…: the artifacts and their runtime dependencies into
# OUT_DIR/lib. Maven's own downloads go to a temporary local repository, removed afterwards: the
# jars in lib are all a program needs, and nothing is kept twice.
maven_fetch() {
  local out="$1"
  shift
  command -v mvn >/dev/null 2>&1 || { echo "maven_fetch: mvn is missing: run scripts/setup.sh (Debian's maven)" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  {
    echo '<project xmlns="http://maven.apache.org/POM/4.0.0">'
    echo '  <modelVersion>4.0.0</modelVersion>'
    echo '  <groupId>betelgeuse.test</groupId><artifactId>fetch</artifactId><version>1</version><packaging>pom</packaging>'
    echo '  <dependencies>'
    local c g a v
    for c in "$@"; do
      IFS=: read -r g a v <<<"$c"
      echo "    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"
    done
    echo '  </dependencies>'
    echo '</project>'
  } >"$work/pom.xml"
  rm -rf "$out/lib.partial"
  mkdir -p "$out"
  # Maven 3.8 colours even in batch mode: the escapes are stripped from what reaches the log.
  (cd "$work" && mvn -B -q -Dmaven.repo.local="$work/repository" \
    "$MAVEN_DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$out/lib.partial" 2>&1) |
    sed 's/\x1b\[[0-9;]*m//g' >&2
  rm -rf "$out/lib"
  mv "$out/lib.partial" "$out/lib"
}

# java_home_at_least N: the first JDK under /usr/lib/jvm whose release is N or newer ("" if none).
java_home_at_least() {
  local want="$1" dir version
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [ -x "$dir/bin/java" ] && [ -f "$dir/release" ] || continue
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")"
    if [ -n "$version" ] && [ "$version" -ge "$want" ]; then
      echo "$dir"
      return
    fi
  done
}

# java_launcher FILE JAVA_HOME LIB_DIR MAIN_CLASS: an executable FILE that runs MAIN_CLASS on
# LIB_DIR/* with that Java (exported as JAVA_HOME: a program that starts another JVM, as Neo4j's
# bootloader does, uses the same), passing its arguments on; what a distribution's bin/ script does.
java_launcher() {
  local file="$1" java_home="$2" lib="$3" main="$4"
  cat >"$file" <<LAUNCHER
#!/bin/sh
# Written by scripts/setup-contract-programs.sh: $main on $lib.
export JAVA_HOME="$java_home"
exec "\$JAVA_HOME/bin/java" -cp "$lib/*" $main "\$@"
LAUNCHER
  chmod +x "$file"
}

# maven_fetch_file OUT_FILE GROUP:ARTIFACT:VERSION:TYPE: one artifact as it is published (a
# distribution's zip, say), without its dependencies, into OUT_FILE; through a temporary local
# repository, removed afterwards.
maven_fetch_file() {
  local out="$1" coords="$2"
  command -v mvn >/dev/null 2>&1 || { echo "maven_fetch_file: mvn is missing: run scripts/setup.sh (Debian's maven)" >&2; return 1; }
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  mkdir -p "$work/out" "$(dirname "$out")"
  (cd "$work" && mvn -B -q -Dmaven.repo.local="$work/repository" "$MAVEN_DEPENDENCY_PLUGIN:copy" \
    -Dartifact="$coords" -DoutputDirectory="$work/out" -Dmdep.stripVersion=false 2>&1) |
    sed 's/\x1b\[[0-9;]*m//g' >&2
  local files=("$work/out"/*)
  [ "${#files[@]}" -eq 1 ] && [ -f "${files[0]}" ] || { echo "maven_fetch_file: $coords: nothing fetched" >&2; return 1; }
  mv "${files[0]}" "$out"
}
