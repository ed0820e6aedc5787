#!/usr/bin/env bash
# Validate every deployment recipe under samples/deploy/ (and docs/key-rotation-runbook.md)
# offline: YAML syntax, Compose / Kubernetes / GitHub Actions / GitLab CI schemas, Prometheus
# config and rules (promtool, with alert unit tests), the Grafana dashboard (promtool parses every
# expression, and evaluates it on the sample's scrape when SampleTelemetryTests has written
# samples/paracle-keys-sample/target/telemetry-scrape.prom; when the sample jar is built, a real
# Prometheus scrapes the sample running in demo mode and answers every dashboard and alert
# expression, see validate/prometheus-live.mjs), the product's contracts, and a scan for
# real-looking keys. See validate/validate.mjs for the list of checks.
#
# Usage: samples/deploy/validate.sh
#   VALIDATE_NO_INSTALL=1  use only what is installed already (no npm, no apt)
#   VALIDATE_STRICT=1      a check that cannot run (no promtool, no docker CLI, no sample jar) is a failure
#
# Installs on first run, then reuses (idempotent):
#   - npm packages pinned in validate/package-lock.json → validate/node_modules
#   - promtool and prometheus, when not on PATH: extracted from Debian's `prometheus` package with
#     `apt-get download` (nothing is installed system-wide, no service is started; the live check
#     runs prometheus on 127.0.0.1 for a few seconds and kills it)
#     → validate/.tools/bin/promtool, validate/.tools/bin/prometheus
# Exit status: 0 all checks passed, 1 a check failed, 2 the validators could not be installed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$HERE/validate"
BIN="$TOOLS/.tools/bin"
export PATH="$BIN:$PATH"

say() { printf '%s\n' "validate.sh: $*" >&2; }

# ---------------------------------------------------------------- Node.js and npm packages
if ! command -v node >/dev/null 2>&1; then
	say "ERROR: Node.js (18 or newer) is required and was not found on PATH. Nothing was validated."
	exit 2
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
	say "ERROR: Node.js 18 or newer is required (found $(node --version)). Nothing was validated."
	exit 2
fi

stamp="$TOOLS/node_modules/.paracle-validate.stamp"
want="$(cat "$TOOLS/package-lock.json" "$TOOLS/package.json" | sha256sum | cut -d' ' -f1) node$node_major"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	: # installed and current
elif [ "${VALIDATE_NO_INSTALL:-}" = 1 ]; then
	say "ERROR: validator packages are not installed (or outdated) and VALIDATE_NO_INSTALL=1. Nothing was validated."
	exit 2
else
	say "installing validator packages (npm ci, pinned in validate/package-lock.json)..."
	if ! command -v npm >/dev/null 2>&1; then
		say "ERROR: npm not found. Nothing was validated."
		exit 2
	fi
	if ! (cd "$TOOLS" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error --fetch-retries=1 --fetch-timeout=60000 >&2); then
		say "ERROR: could not install the validator packages from the npm registry (offline or unreachable?)."
		say "       Run this script again once the registry answers. Nothing was validated."
		exit 2
	fi
	printf '%s\n' "$want" >"$stamp"
fi

# ---------------------------------------------------------------- promtool and prometheus (optional)
install_promtool() {
	command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || {
		say "note: no apt-get/dpkg-deb here; install promtool (Prometheus) yourself to check the Prometheus files fully."
		return 1
	}
	local work
	work="$(mktemp -d)"
	# shellcheck disable=SC2064
	trap "rm -rf '$work'" RETURN
	say "fetching promtool and prometheus (Debian package prometheus, extracted, not installed)..."
	if ! (cd "$work" && apt-get download -q -o Acquire::Retries=1 prometheus >/dev/null 2>&1); then
		# Package lists may be missing or stale: refresh them when allowed to.
		if [ "$(id -u)" = 0 ]; then
			apt-get update -q -o Acquire::Retries=1 >/dev/null 2>&1 || true
		fi
		if ! (cd "$work" && apt-get download -q -o Acquire::Retries=1 prometheus >/dev/null 2>&1); then
			say "note: could not download Debian's prometheus package (offline, or apt lists missing: run 'apt-get update')."
			return 1
		fi
	fi
	dpkg-deb -x "$work"/prometheus_*.deb "$work/x"
	mkdir -p "$BIN"
	command -v promtool >/dev/null 2>&1 || install -m 0755 "$work/x/usr/bin/promtool" "$BIN/promtool"
	command -v prometheus >/dev/null 2>&1 || install -m 0755 "$work/x/usr/bin/prometheus" "$BIN/prometheus"
	say "ready: $(promtool --version 2>&1 | head -n1); $(prometheus --version 2>&1 | head -n1)"
}

if { ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; } && [ "${VALIDATE_NO_INSTALL:-}" != 1 ]; then
	install_promtool || say "continuing without promtool/prometheus: Prometheus files get YAML and contract checks only."
fi

# ---------------------------------------------------------------- run the checks
# The live check (validate/prometheus-live.mjs) runs the sample and prometheus for a few seconds and lists their pids
# here; whatever happens to node, they are killed on the way out.
pids="$(mktemp)"
node_pid=
cleanup() {
	if [ -s "$pids" ]; then xargs -r kill -9 <"$pids" 2>/dev/null || true; fi
	rm -f "$pids"
}
trap cleanup EXIT
trap '[ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null; cleanup; exit 130' INT
trap '[ -n "$node_pid" ] && kill -TERM "$node_pid" 2>/dev/null; cleanup; exit 143' TERM
PARACLE_VALIDATE_PIDS="$pids" node "$TOOLS/validate.mjs" &
node_pid=$!
status=0
wait "$node_pid" || status=$?
exit "$status"
