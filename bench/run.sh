#!/usr/bin/env bash
# Load benchmark: Portico vs NGINX as reverse proxies in front of the same backend. See bench/README.md.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-50}
BODY_SIZE=${BODY_SIZE:-1024}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_PORT=18080
BACKEND_PORT=18081
NGINX_PORT=18082
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms256m -Xmx256m}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/portico-app/target/portico.jar"

markdown=""
self_test=false

usage() {
    cat <<USAGE
usage: bench/run.sh [--markdown FILE] [--self-test]
  --markdown FILE  also write the results as a markdown summary to FILE
  --self-test      benchmark a second NGINX in Portico's place (checks the harness; ratio should be ~1)
environment: ROUNDS=$ROUNDS DURATION=$DURATION (s) WARMUP=$WARMUP (s) CONNECTIONS=$CONNECTIONS
             BODY_SIZE=$BODY_SIZE (bytes) PROXY_CPU=$PROXY_CPU LOAD_CPU=$LOAD_CPU
             PORTICO_CMD (default: java \$PORTICO_JAVA_OPTS -jar portico-app/target/portico.jar start -c CONFIG)
             PORTICO_JAVA_OPTS=$PORTICO_JAVA_OPTS  KEEP_WORK=1 keeps the temporary directory
USAGE
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --markdown) markdown=${2:?--markdown needs a file}; shift 2 ;;
        --self-test) self_test=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# --- main ----------------------------------------------------------------------------------------
ensure_tools
for port in $PORTICO_PORT $BACKEND_PORT $NGINX_PORT; do
    port_free "$port" || { log "port $port is in use; stop whatever listens there first"; exit 1; }
done
if [[ $(nproc) -lt 2 ]]; then
    log "only one CPU: proxies, backend and wrk all share CPU 0; figures will be pessimistic"
    PROXY_CPU=0
    LOAD_CPU=0
fi

mkdir -p "$WORK/backend/www"
head -c "$BODY_SIZE" /dev/zero | tr '\0' 'x' >"$WORK/backend/www/payload"
chmod -R a+rX "$WORK/backend"
nginx_conf "$WORK/backend" "listen 127.0.0.1:$BACKEND_PORT;
        location / { root $WORK/backend/www; try_files /payload =404; }"
nginx_conf "$WORK/nginx" "$(proxy_server_block $NGINX_PORT)" "$UPSTREAM_BLOCK"

if $self_test; then
    nginx_conf "$WORK/selftest" "$(proxy_server_block $PORTICO_PORT)" "$UPSTREAM_BLOCK"
    PORTICO_CMD="nginx -p $WORK/selftest -c $WORK/selftest/nginx.conf"
    SUBJECT="NGINX (self-test)"
else
    SUBJECT="Portico"
fi
cat >"$WORK/portico.yaml" <<YAML
version: 1
proxy:
  listen: ["127.0.0.1:$PORTICO_PORT"]
  workers: 1
  access_log: "off"
services:
  - name: backend
    url: "http://127.0.0.1:$BACKEND_PORT"
routes:
  - name: all
    paths: ["/"]
    service: backend
YAML
if [[ -z ${PORTICO_CMD:-} ]]; then
    if [[ ! -f $JAR ]]; then
        log "building $JAR"
        (cd "$ROOT" && mvn -q -DskipTests package)
    fi
    PORTICO_CMD="java $PORTICO_JAVA_OPTS -jar $JAR start -c $WORK/portico.yaml"
fi

start_pinned "$LOAD_CPU" backend nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf"
await_http backend $BACKEND_PORT "${PIDS[-1]}"
start_pinned "$PROXY_CPU" nginx nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_PID=${PIDS[-1]}
await_http nginx $NGINX_PORT "$NGINX_PID"
# exec: the pid we signal is the proxy itself, not a shell around it.
start_pinned "$PROXY_CPU" portico bash -c "exec $PORTICO_CMD"
PORTICO_PID=${PIDS[-1]}
await_http portico $PORTICO_PORT "$PORTICO_PID"

for port in $PORTICO_PORT $NGINX_PORT; do
    size=$(curl -fsS "http://127.0.0.1:$port/" | wc -c)
    [[ $size -eq $BODY_SIZE ]] || { log ":$port answered $size bytes (expected: $BODY_SIZE)"; exit 1; }
done

log "warming up each proxy for ${WARMUP}s"
measure $PORTICO_PORT "$WARMUP" >/dev/null
measure $NGINX_PORT "$WARMUP" >/dev/null

printf '%-6s %-18s %12s %10s %10s %7s %14s\n' round proxy "requests/s" "p50 ms" "p99 ms" errors "req/CPU-s"
: >"$WORK/rounds"
for round in $(seq "$ROUNDS"); do
    # Alternate who goes first, so that drift (thermal, neighbours) does not favour one side.
    if (( round % 2 )); then order="portico nginx"; else order="nginx portico"; fi
    for who in $order; do
        if [[ $who == portico ]]; then
            port=$PORTICO_PORT; label=$SUBJECT; pid=$PORTICO_PID
        else
            port=$NGINX_PORT; label=NGINX; pid=$NGINX_PID
        fi
        cpu_before=$(cpu_ms "$pid")
        read -r rps p50 p99 errors < <(measure "$port" "$DURATION")
        cpu_used=$(( $(cpu_ms "$pid") - cpu_before ))
        # Requests per CPU-second of the proxy: its efficiency, unaffected by how much CPU the
        # (possibly shared, virtual) machine let it have during the round.
        per_cpu=$(awk -v r="$rps" -v d="$DURATION" -v c="$cpu_used" 'BEGIN { printf "%.0f", (c > 0 ? r * d / (c / 1000) : 0) }')
        printf '%-6s %-18s %12s %10s %10s %7s %14s\n' "$round" "$label" "$rps" "$p50" "$p99" "$errors" "$per_cpu"
        echo "$round $who $rps $p50 $p99 $errors $per_cpu" >>"$WORK/rounds"
    done
done

med() { awk -v who="$1" -v col="$2" '$2 == who { print $col }' "$WORK/rounds" | median; }
p_rps=$(printf '%.0f' "$(med portico 3)"); p_p50=$(med portico 4); p_p99=$(med portico 5)
n_rps=$(printf '%.0f' "$(med nginx 3)"); n_p50=$(med nginx 4); n_p99=$(med nginx 5)
p_cpu=$(printf '%.0f' "$(med portico 7)"); n_cpu=$(printf '%.0f' "$(med nginx 7)")
ratio=$(awk -v p="$p_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? p / n : 0) }')
cpu_ratio=$(awk -v p="$p_cpu" -v n="$n_cpu" 'BEGIN { printf "%.2f", (n > 0 ? p / n : 0) }')
total_errors=$(awk '{ s += $6 } END { print s + 0 }' "$WORK/rounds")

echo
echo "medians over $ROUNDS rounds (${DURATION}s, $CONNECTIONS connections, ${BODY_SIZE}-byte responses, keep-alive):"
printf '%-18s %12s %10s %10s %14s\n' proxy "requests/s" "p50 ms" "p99 ms" "req/CPU-s"
printf '%-18s %12s %10s %10s %14s\n' "$SUBJECT" "$p_rps" "$p_p50" "$p_p99" "$p_cpu"
printf '%-18s %12s %10s %10s %14s\n' NGINX "$n_rps" "$n_p50" "$n_p99" "$n_cpu"
echo "$SUBJECT/NGINX requests/s ratio: $ratio (goal: >= 0.70)"
echo "$SUBJECT/NGINX requests per CPU-second ratio: $cpu_ratio"
[[ $total_errors -eq 0 ]] || echo "WARNING: $total_errors non-2xx responses or socket errors; see the wrk output"

if [[ -n $markdown ]]; then
    {
        echo "# Portico vs NGINX load benchmark"
        echo
        echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
        echo "$(nginx -v 2>&1 | sed 's/.*: //'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), $(java -version 2>&1 | head -1)."
        echo "Each proxy pinned to CPU $PROXY_CPU, backend and wrk to CPU $LOAD_CPU; wrk -t1 -c$CONNECTIONS -d${DURATION}s,"
        echo "${BODY_SIZE}-byte responses, keep-alive; ${WARMUP}s warm-up each; $ROUNDS interleaved rounds."
        echo
        echo "| round | proxy | requests/s | p50 ms | p99 ms | errors | requests per CPU-second |"
        echo "|---:|---|---:|---:|---:|---:|---:|"
        while read -r round who rps p50 p99 errors per_cpu; do
            [[ $who == portico ]] && label=$SUBJECT || label=NGINX
            echo "| $round | $label | $rps | $p50 | $p99 | $errors | $per_cpu |"
        done <"$WORK/rounds"
        echo
        echo "| median | requests/s | p50 ms | p99 ms | requests per CPU-second |"
        echo "|---|---:|---:|---:|---:|"
        echo "| $SUBJECT | $p_rps | $p_p50 | $p_p99 | $p_cpu |"
        echo "| NGINX | $n_rps | $n_p50 | $n_p99 | $n_cpu |"
        echo
        echo "**$SUBJECT/NGINX requests/s: $ratio** (goal: >= 0.70); requests per CPU-second: $cpu_ratio"
    } >"$markdown"
    log "wrote $markdown"
fi
