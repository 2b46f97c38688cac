# Sourced by the bench scripts that take --up (not run on its own): bring the spec's lab up now, and down again
# when the script exits, whatever way it exits. Needs $here (the repository) set by the caller.
# Usage, after the arguments are parsed:   bench_up_if_asked "$up" "${spec[@]}"
bench_up_if_asked() {
  local up=$1
  shift
  [ "$up" -eq 1 ] || return 0
  bench_lab_spec=("$@")
  trap '"$here/meridian" down "${bench_lab_spec[@]}" >/dev/null 2>&1 || true' EXIT
  "$here/meridian" up "$@" >&2
}
