# Sourced by the checks that run Python tools from PyPI (Tests/*/run.sh).
# ensure_venv CHECK VENV: makes VENV a virtualenv with exactly the pins of Tests/CHECK/requirements.txt
# (created, or rebuilt when the pins changed since), or prints a FAIL line and exits 1.
ensure_venv() {
  local label=$1 venv=$2
  local req
  req=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/$label/requirements.txt
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/takt-requirements.txt"; then
    echo "$label: installing the pinned Python tools into $venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check -r "$req" \
      && cp "$req" "$venv/takt-requirements.txt" || { echo "FAIL: could not install $req into $venv"; exit 1; }
  fi
}
