#!/usr/bin/env bash
# The docker-compose topology as plain processes on 127.0.0.1: three grid nodes and a coordinator that runs one
# evolution on them (postgres only when you point the run at one).
#
#   scripts/local-cluster.sh start     start 3 nodes, wait until they are up, start the coordinator run
#   scripts/local-cluster.sh status    which processes run, the run's last progress line
#   scripts/local-cluster.sh stop      stop the coordinator (if still running) and the nodes (SIGTERM: they leave cleanly)
#
# State: pid files and logs under $SEEDGRID_HOME/local-cluster (SEEDGRID_HOME defaults to ./data).
# Settings (environment): NODES (3), SEEDGRID_NODE_HEAP (512m), SEEDGRID_COORDINATOR_HEAP (1g),
#   SEEDGRID_DISCOVERY_PORT (47500: nodes use PORT..PORT+9, communication 47100..), COORDINATOR_ARGS (extra
#   `evolve` options, e.g. "--population 200 --generations 20"), STORAGE_BACKEND=postgres + DATABASE_URL (+
#   PGUSER, PGPASSWORD) to store the run in PostgreSQL; otherwise the run goes to the default local DuckDB file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SEEDGRID_HOME="${SEEDGRID_HOME:-$ROOT/data}"
case "$SEEDGRID_HOME" in /*) ;; *) SEEDGRID_HOME="$PWD/$SEEDGRID_HOME" ;; esac
STATE="$SEEDGRID_HOME/local-cluster"
NODES="${NODES:-3}"
PORT="${SEEDGRID_DISCOVERY_PORT:-47500}"
export SEEDGRID_DISCOVERY="127.0.0.1:$PORT..$((PORT + 9))"
export SEEDGRID_DISCOVERY_PORT="$PORT"
export SEEDGRID_BIND=127.0.0.1

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  mkdir -p "$STATE"
  for i in $(seq 1 "$NODES"); do
    if alive "$STATE/node$i.pid"; then
      echo "local-cluster: node$i already running (pid $(cat "$STATE/node$i.pid"))" >&2
      exit 1
    fi
  done
  # Build the distribution once, in the foreground, before anything starts in the background.
  "$ROOT/seedgrid" --version >/dev/null
  for i in $(seq 1 "$NODES"); do
    SEEDGRID_HEAP="${SEEDGRID_NODE_HEAP:-512m}" nohup "$ROOT/seedgrid" node --name "local-node$i" \
      >"$STATE/node$i.log" 2>&1 &
    echo $! >"$STATE/node$i.pid"
    echo "local-cluster: node$i started (pid $!, log $STATE/node$i.log)"
  done
  for i in $(seq 1 "$NODES"); do
    for _ in $(seq 1 120); do
      grep -q "up; Ctrl-C" "$STATE/node$i.log" 2>/dev/null && break
      alive "$STATE/node$i.pid" || { echo "local-cluster: node$i died:" >&2; tail -20 "$STATE/node$i.log" >&2; stop; exit 1; }
      sleep 0.5
    done
    grep -q "up; Ctrl-C" "$STATE/node$i.log" || { echo "local-cluster: node$i not up after 60 s" >&2; stop; exit 1; }
  done
  echo "local-cluster: $NODES nodes up on $SEEDGRID_DISCOVERY"

  local storage=()
  if [ "${STORAGE_BACKEND:-}" = postgres ]; then
    if [ -z "${DATABASE_URL:-}" ]; then
      echo "local-cluster: STORAGE_BACKEND=postgres needs DATABASE_URL (jdbc:postgresql://host:5432/seedgrid)" >&2
      stop; exit 1
    fi
    storage=(--storage postgres)
    echo "local-cluster: storing the run in $DATABASE_URL"
  else
    echo "local-cluster: postgres skipped (set STORAGE_BACKEND=postgres and DATABASE_URL to use one); the run goes to the local DuckDB file"
  fi
  # shellcheck disable=SC2086
  SEEDGRID_HEAP="${SEEDGRID_COORDINATOR_HEAP:-1g}" nohup "$ROOT/seedgrid" evolve --mode cluster \
    --node-name local-coordinator --plain "${storage[@]}" ${COORDINATOR_ARGS:-} >"$STATE/coordinator.log" 2>&1 &
  echo $! >"$STATE/coordinator.pid"
  echo "local-cluster: coordinator run started (pid $!, log $STATE/coordinator.log)"
}

stop() {
  local pids=() f
  for f in "$STATE"/coordinator.pid "$STATE"/node*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then
      kill -TERM "$(cat "$f")" 2>/dev/null || true
      pids+=("$(cat "$f")")
    fi
  done
  for _ in $(seq 1 40); do
    local left=0 p
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.5
  done
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null && { echo "local-cluster: pid $p still up after 20 s, killing it" >&2; kill -KILL "$p" || true; }
  done
  rm -f "$STATE"/coordinator.pid "$STATE"/node*.pid
  echo "local-cluster: stopped ${#pids[@]} process(es)"
}

status() {
  local f any=0
  for f in "$STATE"/node*.pid "$STATE"/coordinator.pid; do
    [ -f "$f" ] || continue
    any=1
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): not running"; fi
  done
  [ "$any" = 1 ] || echo "local-cluster: nothing started (no pid files in $STATE)"
  if [ -f "$STATE/coordinator.log" ]; then
    echo "last run line: $(grep -E '^(generation|Done|seedgrid evolve failed)' "$STATE/coordinator.log" | tail -1)"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
