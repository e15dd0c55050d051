# lib.sh - shared by the end-to-end tests (sourced).  Each test drives the
# real binaries of the build tree on real files, in a fresh temporary
# directory, and exits 0 (pass), 1 (fail) or 77 (skip).
set -u
: "${top_builddir:?run through make check}" "${top_srcdir:?run through make check}"
INDEX="$top_builddir/dossier-index"
SEARCH="$top_builddir/dossier-search"
SAMPLES="$top_srcdir/samples"
T=$(mktemp -d "${TMPDIR:-/tmp}/dossier-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

# expect_status WANT CMD... : run CMD, check its exit status
expect_status() {
  local want=$1; shift
  "$@" > "$T/out" 2> "$T/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "'$*' exited $got, want $want"; sed 's/^/  stderr: /' "$T/err" | head -5 >&2
    return 1
  fi
  return 0
}

# expect_eq GOT WANT WHAT
expect_eq() {
  if [ "$1" != "$2" ]; then fail "$3: got '$1', want '$2'"; else ok "$3"; fi
}

finish() { [ "$failures" = 0 ] && exit 0 || exit 1; }
