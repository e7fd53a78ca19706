#!/usr/bin/env bash
# Compares SupportScope's detectors with Microsoft Presidio's pattern recognizers on the Faker corpus.
#
#     Benchmarks/presidio/compare.sh [CORPUS] [SUPPORTSCOPE_BINARY]
#
# Makes a virtual environment in .build-presidio/venv (git-ignored) with pinned packages, then runs
# compare.py with the arguments given. Nothing but packages is downloaded: Presidio gets a blank spaCy
# pipeline, not a trained model.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$repo/.build-presidio/venv"

# Pinned so the table only changes when we choose to: phonenumbers and tldextract decide Presidio's phone and
# email results as much as Presidio itself does.
pins=(
    presidio-analyzer==2.2.366
    spacy==3.8.18
    phonenumbers==9.0.43
    tldextract==5.4.0
)

fail() {
    echo "compare.sh: $*" >&2
    exit 1
}

command -v python3 >/dev/null || fail "python3 is not installed (Python 3.11 or newer is needed)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || fail "python3 is $(python3 -c 'import platform; print(platform.python_version())'); 3.11 or newer is needed"
python3 -c 'import venv, ensurepip' 2>/dev/null \
    || fail "python3 cannot make virtual environments with pip (on Debian: apt-get install python3-venv)"

# A stamp of the pins, so a changed pin reinstalls and an unchanged one costs no registry round trip.
stamp="$venv/.supportscope-pins"
if [[ ! -x "$venv/bin/python" || "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ]]; then
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv $venv failed"
    "$venv/bin/python" -m pip --version >/dev/null 2>&1 || fail "pip is not available in $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" \
        || fail "pip could not install ${pins[*]}"
    echo "${pins[*]}" >"$stamp"
fi

# Presidio de-duplicates results through a set of hashed strings; a fixed seed keeps even that repeatable.
PYTHONHASHSEED=0 exec "$venv/bin/python" "$repo/Benchmarks/presidio/compare.py" "$@"
