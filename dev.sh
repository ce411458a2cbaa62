#!/usr/bin/env bash
# Set up and run ML Trade-off Explorer.
#   ./dev.sh app           install the runtime requirements into .venv and run the app
#   ./dev.sh test [ARGS]   install everything (incl. Chromium if absent), lint (without ARGS) and run
#                          all the tests
#   ./dev.sh bench [ARGS]  install everything and run the performance benchmark (AppTest, server time)
#   ./dev.sh bench --browser [ARGS]
#                          install everything (incl. Chromium if absent) and run the browser benchmark:
#                          headless Chromium against `streamlit run app.py` and Streamlit's floor page,
#                          key press to the charts drawn, first loads, a just-started server
#   ./dev.sh load [ARGS]   install everything (incl. Chromium if absent) and run the load test:
#                          20 concurrent browser sessions against one `streamlit run app.py`
#   ./dev.sh memory [ARGS] install everything and cycle 200 parameter combinations through
#                          every page, checking that memory levels off
# Environment: VENV (default .venv), PYTHON (default python3), CHROMIUM_PATH (a browser to use).
set -euo pipefail
cd "$(dirname "$0")"

VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

say() { printf '\n==> %s\n' "$*"; }

install_requirements() {
  local file="$1"
  if [[ ! -x "$VENV/bin/python" ]]; then
    say "Creating the virtual environment $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  say "Installing $file"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$file"
}

find_chromium() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" "$(command -v chromium || true)" \
                   "$(command -v chromium-browser || true)" "$(command -v google-chrome || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_chromium() {
  if path="$(find_chromium)"; then
    export CHROMIUM_PATH="$path"
    say "Using Chromium at $CHROMIUM_PATH"
    return 0
  fi
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null && sudo -n true 2>/dev/null && sudo="sudo -n"
  if command -v apt-get >/dev/null && { [[ "$(id -u)" -eq 0 ]] || [[ -n "$sudo" ]]; }; then
    say "Installing Chromium from the system packages"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  else
    say "Installing Playwright's own Chromium (needs network access)"
    "$VENV/bin/python" -m playwright install chromium
  fi
  if path="$(find_chromium)"; then
    export CHROMIUM_PATH="$path"
    say "Using Chromium at $CHROMIUM_PATH"
  fi
}

command="${1:-}"
shift || true
case "$command" in
  app)
    install_requirements requirements.txt
    exec "$VENV/bin/python" -m streamlit run app.py "$@"
    ;;
  test)
    install_requirements requirements-dev.txt
    ensure_chromium
    if [[ $# -eq 0 ]]; then
      say "Linting (ruff check, ruff format --check)"
      "$VENV/bin/python" -m ruff check --quiet .
      "$VENV/bin/python" -m ruff format --check --quiet .
    fi
    say "Running the tests"
    # Two workers (pytest-xdist): the suite takes about half as long on two cores. PYTEST_WORKERS=0
    # runs it in one process.
    exec "$VENV/bin/python" -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
    ;;
  bench)
    install_requirements requirements-dev.txt
    if [[ "${1:-}" == "--browser" ]]; then
      shift
      ensure_chromium
      say "Running the browser benchmark"
      exec "$VENV/bin/python" -m bench.browser "$@"
    fi
    say "Running the benchmark"
    exec "$VENV/bin/python" -m bench.run "$@"
    ;;
  load)
    install_requirements requirements-dev.txt
    ensure_chromium
    say "Running the load test"
    exec "$VENV/bin/python" -m bench.load "$@"
    ;;
  memory)
    install_requirements requirements-dev.txt
    say "Running the memory test"
    exec "$VENV/bin/python" -m bench.memory "$@"
    ;;
  *)
    echo "usage: ./dev.sh app | test [pytest args] | bench [--browser] [args] | load [args] | memory [args]" >&2
    exit 2
    ;;
esac
