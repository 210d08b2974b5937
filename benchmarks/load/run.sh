#!/usr/bin/env bash
# Load test (issue 9 item 6; `make load-test`): gunicorn on the national demo in PostgreSQL,
# driven by locust (benchmarks/load/locustfile.py). Prints PASS or FAIL against the thresholds
# and exits non-zero on FAIL. Figures are recorded in docs/performance.md.
#
# Needs PostgreSQL (LOAD_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/pn_load; the
# database is created and seeded on the first run, then kept) and the "bench" extra
# (`pip install ".[bench]"`, which `make load-test` does). With Redis on LOAD_BROKER_URL (default
# redis://127.0.0.1:6379/13) tasks go through it to one Celery worker, as in production;
# without Redis they run in-process.
#
# Tunables: LOAD_USERS (30), LOAD_SPAWN_RATE (5 a second), LOAD_TIME (90s), LOAD_WORKERS
# (gunicorn workers, 3), LOAD_PORT (8100), LOAD_CONN_MAX_AGE (60). Output in benchmarks/load/out/.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=.venv/bin
OUT=benchmarks/load/out
PORT="${LOAD_PORT:-8100}"
mkdir -p "$OUT"

export DATABASE_URL="${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pn_load}"
export DJANGO_SETTINGS_MODULE=peernetworks.settings.local
export DJANGO_DEBUG=false
export DJANGO_STAFF_MFA=true  # as in production: staff sessions must be two-factor verified
export DJANGO_SECRET_KEY="${LOAD_SECRET_KEY:-load-test-only-secret-key-never-used-elsewhere}"
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend
# Persistent database connections, as recommended for production (docs/operations.md).
export DATABASE_CONN_MAX_AGE="${LOAD_CONN_MAX_AGE:-60}"
BROKER="${LOAD_BROKER_URL:-redis://127.0.0.1:6379/13}"
if "$BIN/python" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).ping()" "$BROKER" \
  2>/dev/null; then
  export CELERY_BROKER_URL="$BROKER"
else
  unset CELERY_BROKER_URL
  echo "Redis not reachable on $BROKER: tasks run in-process"
fi

# The database: created when missing (the name is the last part of the URL).
"$BIN/python" - "$DATABASE_URL" <<'EOF'
import sys
import psycopg2
base, name = sys.argv[1].rsplit("/", 1)
admin = psycopg2.connect(f"{base}/postgres")
admin.autocommit = True
cursor = admin.cursor()
cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
if cursor.fetchone() is None:
    cursor.execute(f'CREATE DATABASE "{name}"')
    print(f"Created database {name}")
EOF

"$BIN/python" benchmarks/load/prepare.py --output "$OUT/users.json"

# Whether the machine is busy with something else (recorded with the figures).
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpus: $(nproc); memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "busiest other processes before:"
  ps -eo pcpu,etime,args --sort=-pcpu | head -n 6 | cut -c1-120
} >"$OUT/machine.txt"

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

if [ -n "${CELERY_BROKER_URL:-}" ]; then
  "$BIN/celery" -A peernetworks purge -f >/dev/null
  "$BIN/celery" -A peernetworks worker --concurrency=1 --loglevel=WARNING --without-gossip \
    --without-mingle >"$OUT/worker.log" 2>&1 &
  PIDS+=($!)
fi

"$BIN/gunicorn" peernetworks.wsgi:application --bind "127.0.0.1:$PORT" \
  --workers "${LOAD_WORKERS:-3}" --log-level warning --error-logfile "$OUT/gunicorn.log" &
PIDS+=($!)
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.5
done

# CPU used by the server side (gunicorn workers, the Celery worker, PostgreSQL backends on the
# load database), in clock ticks: with the request count, the CPU each request costs, which
# does not depend on how busy the machine is with other work.
server_ticks() {
  local pids
  pids="$(pgrep -P "$(IFS=,; echo "${PIDS[*]}")" || true) ${PIDS[*]} \
    $(pgrep -f "postgres: .* ${DATABASE_URL##*/} " || true)"
  for pid in $pids; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done |
    awk '{s += $1} END {print s + 0}'
}

feedback_count() {
  "$BIN/python" manage.py shell -v 0 -c \
    "from participants.models import SessionFeedback; print(SessionFeedback.objects.count())"
}

export LOAD_DATA="$OUT/users.json" LOAD_SUMMARY="$OUT/summary.json"
FEEDBACK_BEFORE=$(feedback_count)
TICKS_BEFORE=$(server_ticks)
set +e
"$BIN/locust" -f benchmarks/load/locustfile.py --host "http://127.0.0.1:$PORT" --headless \
  -u "${LOAD_USERS:-30}" -r "${LOAD_SPAWN_RATE:-5}" -t "${LOAD_TIME:-90s}" \
  --csv "$OUT/load" --only-summary --loglevel WARNING
STATUS=$?
set -e
TICKS_AFTER=$(server_ticks)
# Every feedback POST must have stored a new response (SUR-1: one per participant and session).
STORED=$(($(feedback_count) - FEEDBACK_BEFORE))
POSTED=$("$BIN/python" -c "import json, sys; print(json.load(open(sys.argv[1]))['groups']['feedback posts']['requests'])" "$OUT/summary.json")
echo "feedback responses stored: $STORED for $POSTED POSTs" >>"$OUT/machine.txt"
if [ "$STORED" != "$POSTED" ]; then
  echo "FAIL: $POSTED feedback POSTs stored $STORED responses"
  STATUS=1
fi
{
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$BIN/python" - "$OUT/summary.json" "$((TICKS_AFTER - TICKS_BEFORE))" "$(getconf CLK_TCK)" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
seconds = int(sys.argv[2]) / int(sys.argv[3])
per_request = 1000 * seconds / max(1, summary["requests"])
print(f"server CPU: {seconds:.1f} s for {summary['requests']} requests, "
      f"{per_request:.1f} ms a request (2 idle cores: about {2000 / per_request:.0f} requests/s)")
summary["server_cpu_ms_per_request"] = round(per_request, 1)
json.dump(summary, open(sys.argv[1], "w"), indent=2)
EOF
} >>"$OUT/machine.txt"
cat "$OUT/machine.txt"
echo "Stats: $OUT/load_stats.csv; figures: $OUT/summary.json"
exit "$STATUS"
