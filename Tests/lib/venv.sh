# Sourced by the checks that run Python tools from PyPI (Tests/*/run.sh).
# ensure_venv LABEL REQUIREMENTS VENV: makes VENV a virtualenv with exactly the pinned REQUIREMENTS
# (created, or rebuilt when the pins changed since), or prints a FAIL line and exits 1.
ensure_venv() {
  local label=$1 req=$2 venv=$3
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/takt-requirements.txt"; then
    echo "$label: installing the pinned Python tools into $venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" \
      && cp "$req" "$venv/takt-requirements.txt" || { echo "FAIL: could not install $req into $venv"; exit 1; }
  fi
}
