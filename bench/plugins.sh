#!/usr/bin/env bash
# Load benchmark of plugin chains: one Portico, routes to the same NGINX backend — no plugins,
# key-auth, jwt (RS256), rate-limiting local and redis, prometheus with correlation-id, proxy-cache
# memory and redis — measured in interleaved rounds. Prints each
# scenario's requests/s and requests per CPU-second, its ratio to the plain proxy, and the Redis round
# trips per request of the redis scenarios. See bench/README.md.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-50}
BODY_SIZE=${BODY_SIZE:-1024}
PROXY_CPU=${PROXY_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
PORTICO_PORT=18080
BACKEND_PORT=18081
PORTICO_JAVA_OPTS=${PORTICO_JAVA_OPTS:--Xms256m -Xmx256m}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/portico-app/target/portico.jar"
markdown=""

while [[ $# -gt 0 ]]; do
    case "$1" in
        --markdown) markdown=${2:?--markdown needs a file}; shift 2 ;;
        -h|--help) echo "usage: bench/plugins.sh [--markdown FILE]  (ROUNDS DURATION WARMUP CONNECTIONS BODY_SIZE as in run.sh;"
                   echo "       SCENARIO_NAMES='key-auth rl-local' limits the scenarios: plain key-auth jwt-rs256 rl-local rl-redis observed cached"
                   echo "       cached-redis cached-redis-1k)"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# An RS256 token for the consumer's credential, valid for a day.
make_jwt() {
    local key=$1 header payload signature
    header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
    payload=$(printf '{"iss":"bench-issuer","sub":"bench","exp":%d}' $(( $(date +%s) + 86400 )) | b64url)
    signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
    printf '%s.%s.%s' "$header" "$payload" "$signature"
}

ensure_tools
command -v openssl >/dev/null || { log "needs openssl"; exit 1; }
for port in $PORTICO_PORT $BACKEND_PORT; do
    port_free "$port" || { log "port $port is in use; stop whatever listens there first"; exit 1; }
done

mkdir -p "$WORK/backend/www"
head -c "$BODY_SIZE" /dev/zero | tr '\0' 'x' >"$WORK/backend/www/payload"
chmod -R a+rX "$WORK/backend"
nginx_conf "$WORK/backend" "listen 127.0.0.1:$BACKEND_PORT;
        location / { root $WORK/backend/www; try_files /payload =404; }"

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt.key" 2>/dev/null
openssl pkey -in "$WORK/jwt.key" -pubout -out "$WORK/jwt.pub"
TOKEN=$(make_jwt "$WORK/jwt.key")
API_KEY=$(openssl rand -hex 24)
REDIS_PREFIX="portico-bench:$(openssl rand -hex 6):"
redis_available=false
if command -v redis-cli >/dev/null && [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]; then
    redis_available=true
fi
cat >"$WORK/portico.yaml" <<YAML
version: 1
proxy:
  listen: ["127.0.0.1:$PORTICO_PORT"]
  workers: 1
  access_log: "off"
admin: {listen: "127.0.0.1:0"}
cluster: {redis: "redis://127.0.0.1:6379", redis_prefix: "$REDIS_PREFIX"}
services:
  - name: backend
    url: "http://127.0.0.1:$BACKEND_PORT"
routes:
  - {name: plain, paths: ["/plain"], service: backend}
  - {name: key-auth, paths: ["/key"], service: backend, plugins: [{name: key-auth}]}
  - {name: jwt, paths: ["/jwt"], service: backend, plugins: [{name: jwt}]}
  # Limits no run reaches: every request is decided, none refused.
  - {name: rl-local, paths: ["/rl-local"], service: backend, plugins: [{name: rate-limiting, config: {second: 1000000, minute: 60000000}}]}
  - {name: rl-redis, paths: ["/rl-redis"], service: backend, plugins: [{name: rate-limiting, config: {second: 1000000, minute: 60000000, policy: redis, redis: {timeout: 1s}}}]}
  - {name: observed, paths: ["/observed"], service: backend, plugins: [{name: prometheus}, {name: correlation-id}]}
  # Every request after the first is a hit: the backend is asked once per cache_ttl.
  - {name: cached, paths: ["/cached"], service: backend, plugins: [{name: proxy-cache, config: {content_type: ["*"]}}]}
  # The same from the Redis of cluster.redis (default 100ms timeout): hits read from Redis.
  - {name: cached-redis, paths: ["/cached-redis"], service: backend, plugins: [{name: proxy-cache, config: {content_type: ["*"], strategy: redis}}]}
consumers:
  - username: bench
    credentials:
      key-auth: [{key: "$API_KEY"}]
      jwt:
        - key: bench-issuer
          algorithm: RS256
          public_key: |
$(sed 's/^/            /' "$WORK/jwt.pub")
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
start_pinned "$PROXY_CPU" portico bash -c "exec $PORTICO_CMD"
PORTICO_PID=${PIDS[-1]}
await_http portico "$PORTICO_PORT/plain" "$PORTICO_PID"

# A thousand keys in turn: concurrent requests are for different keys, so none shares another's lookup.
cat >"$WORK/thousand-keys.lua" <<'LUA'
counter = 0
request = function()
    counter = counter + 1
    return wrk.format(nil, "/cached-redis?k=" .. (counter % 1000))
end
LUA

# scenario name, path, wrk header (or "", or script:FILE for a wrk Lua script)
SCENARIOS=("plain|/plain|" "key-auth|/key|apikey: $API_KEY" "jwt-rs256|/jwt|Authorization: Bearer $TOKEN"
    "rl-local|/rl-local|" "observed|/observed|" "cached|/cached|")
if $redis_available; then
    SCENARIOS+=("rl-redis|/rl-redis|" "cached-redis|/cached-redis|" "cached-redis-1k|/cached-redis|script:$WORK/thousand-keys.lua")
else
    log "no Redis on 127.0.0.1:6379: the rl-redis and cached-redis* scenarios are left out"
fi

# SCENARIO_NAMES="plain rl-local" runs only those (plain is always kept: the ratios need it).
if [[ -n ${SCENARIO_NAMES:-} ]]; then
    selected=()
    for scenario in "${SCENARIOS[@]}"; do
        name=${scenario%%|*}
        if [[ $name == plain || " $SCENARIO_NAMES " == *" $name "* ]]; then
            selected+=("$scenario")
        fi
    done
    SCENARIOS=("${selected[@]}")
fi

# Calls of the given commands Redis has served so far: evalsha|eval (the redis policy's round trips),
# hget (proxy-cache's lookups).
redis_calls() {
    redis-cli -h 127.0.0.1 -p 6379 info commandstats \
        | awk -F'[:=,]' -v pattern="^cmdstat_(${1:-evalsha|eval})$" '$1 ~ pattern { s += $3 } END { print s + 0 }'
}
cleanup_redis_keys() {
    $redis_available || return 0
    redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "${REDIS_PREFIX}*" | xargs -r redis-cli -h 127.0.0.1 -p 6379 del >/dev/null
}
trap 'status=$?; cleanup_redis_keys; (exit $status); cleanup' EXIT

run_scenario() {
    local seconds=$1 path=$2 header=$3
    if [[ $header == script:* ]]; then
        measure "$PORTICO_PORT" "$seconds" "$path" -s "${header#script:}"
    elif [[ -n $header ]]; then
        measure "$PORTICO_PORT" "$seconds" "$path" -H "$header"
    else
        measure "$PORTICO_PORT" "$seconds" "$path"
    fi
}

for scenario in "${SCENARIOS[@]}"; do
    IFS='|' read -r name path header <<<"$scenario"
    args=(-fsS -o /dev/null -w '%{http_code}')
    [[ -z $header || $header == script:* ]] || args+=(-H "$header")
    code=$(curl "${args[@]}" "http://127.0.0.1:$PORTICO_PORT$path")
    [[ $code == 200 ]] || { log "$name: $path answered $code (expected 200); portico output:"; cat "$WORK/portico.out" >&2; exit 1; }
    log "warming up $name for ${WARMUP}s"
    run_scenario "$WARMUP" "$path" "$header" >/dev/null
done

printf '%-6s %-12s %12s %10s %10s %7s %14s\n' round scenario "requests/s" "p50 ms" "p99 ms" errors "req/CPU-s"
: >"$WORK/rounds"
count=${#SCENARIOS[@]}
for round in $(seq "$ROUNDS"); do
    for i in $(seq 0 $((count - 1))); do
        # Rotate the starting scenario each round so that drift favours none.
        IFS='|' read -r name path header <<<"${SCENARIOS[$(( (i + round) % count ))]}"
        cpu_before=$(cpu_ms "$PORTICO_PID")
        [[ $name != rl-redis ]] || calls_before=$(redis_calls)
        [[ $name != cached-redis* ]] || lookups_before=$(redis_calls hget)
        read -r rps p50 p99 errors < <(run_scenario "$DURATION" "$path" "$header")
        cpu_used=$(( $(cpu_ms "$PORTICO_PID") - cpu_before ))
        if [[ $name == rl-redis ]]; then
            echo "$(( $(redis_calls) - calls_before )) $(awk -v r="$rps" -v d="$DURATION" 'BEGIN { printf "%.0f", r * d }')" >>"$WORK/redis-trips"
        fi
        if [[ $name == cached-redis* ]]; then
            echo "$(( $(redis_calls hget) - lookups_before )) $(awk -v r="$rps" -v d="$DURATION" 'BEGIN { printf "%.0f", r * d }')" >>"$WORK/lookups-$name"
        fi
        per_cpu=$(awk -v r="$rps" -v d="$DURATION" -v c="$cpu_used" 'BEGIN { printf "%.0f", (c > 0 ? r * d / (c / 1000) : 0) }')
        printf '%-6s %-12s %12s %10s %10s %7s %14s\n' "$round" "$name" "$rps" "$p50" "$p99" "$errors" "$per_cpu"
        echo "$round $name $rps $p50 $p99 $errors $per_cpu" >>"$WORK/rounds"
    done
done

med() { awk -v who="$1" -v col="$2" '$2 == who { print $col }' "$WORK/rounds" | median; }
plain_rps=$(med plain 3)
plain_cpu=$(med plain 7)
echo
echo "medians over $ROUNDS rounds (${DURATION}s, $CONNECTIONS connections, ${BODY_SIZE}-byte responses, keep-alive):"
printf '%-12s %12s %10s %10s %14s %10s %12s\n' scenario "requests/s" "p50 ms" "p99 ms" "req/CPU-s" "vs plain" "CPU vs plain"
summary=()
for scenario in "${SCENARIOS[@]}"; do
    IFS='|' read -r name _ _ <<<"$scenario"
    rps=$(printf '%.0f' "$(med "$name" 3)"); cpu=$(printf '%.0f' "$(med "$name" 7)")
    ratio=$(awk -v a="$rps" -v b="$plain_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    cpu_ratio=$(awk -v a="$cpu" -v b="$plain_cpu" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-12s %12s %10s %10s %14s %10s %12s\n' "$name" "$rps" "$(med "$name" 4)" "$(med "$name" 5)" "$cpu" "$ratio" "$cpu_ratio"
    summary+=("| $name | $rps | $(med "$name" 4) | $(med "$name" 5) | $cpu | $ratio | $cpu_ratio |")
done
echo "goals: key-auth >= 0.85 x plain requests/s; jwt-rs256 (verified-token cache) >= 0.90 x plain;"
echo "       rl-local >= 0.90 x plain; observed (prometheus + correlation-id) >= 0.95 x plain; cached (hits) >= 1.3 x plain"
trips=""
if [[ -s $WORK/redis-trips ]]; then
    trips=$(awk '{ c += $1; r += $2 } END { printf "%.2f", (r > 0 ? c / r : 0) }' "$WORK/redis-trips")
    echo "rl-redis: $trips Redis round trips (EVALSHA/EVAL) per request"
fi
lookups=()
for name in cached-redis cached-redis-1k; do
    if [[ -s $WORK/lookups-$name ]]; then
        per_request=$(awk '{ c += $1; r += $2 } END { printf "%.2f", (r > 0 ? c / r : 0) }' "$WORK/lookups-$name")
        lookups+=("$name: $per_request Redis lookups (HGET) per request")
        echo "$name: $per_request Redis lookups (HGET) per request (concurrent hits of a key on a node share one)"
    fi
done
total_errors=$(awk '{ s += $6 } END { print s + 0 }' "$WORK/rounds")
[[ $total_errors -eq 0 ]] || echo "WARNING: $total_errors non-2xx responses or socket errors; see the wrk output"

if [[ -n $markdown ]]; then
    {
        echo "# Plugin chain load benchmark"
        echo
        echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(java -version 2>&1 | head -1). Portico pinned to CPU $PROXY_CPU,"
        echo "backend NGINX and wrk to CPU $LOAD_CPU; wrk -t1 -c$CONNECTIONS -d${DURATION}s, ${BODY_SIZE}-byte responses, keep-alive;"
        echo "${WARMUP}s warm-up per scenario; $ROUNDS rounds, scenarios rotated."
        echo
        echo "| scenario | requests/s | p50 ms | p99 ms | requests per CPU-second | requests/s vs plain | CPU efficiency vs plain |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
        printf '%s\n' "${summary[@]}"
        echo
        echo "Goals: key-auth >= 0.85 x plain requests/s; jwt-rs256 >= 0.90 x plain; rl-local >= 0.90 x plain; observed (prometheus + correlation-id) >= 0.95 x plain; cached (hits) >= 1.3 x plain."
        [[ -z $trips ]] || echo "rl-redis: $trips Redis round trips (EVALSHA/EVAL) per request (requests estimated as requests/s x duration)."
        for line in "${lookups[@]}"; do
            echo "$line (requests estimated as requests/s x duration; concurrent hits of a key on a node share one)."
        done
    } >"$markdown"
    log "wrote $markdown"
fi
