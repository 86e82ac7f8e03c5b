# Shared by the load benchmarks (run.sh, plugins.sh): tools, processes pinned to CPUs, NGINX configs,
# wrk runs and CPU accounting. Source it after setting LOAD_CPU and CONNECTIONS.

log() { printf '%s\n' "$*" >&2; }

ensure_tools() {
    local missing=()
    command -v nginx >/dev/null || missing+=(nginx)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v curl >/dev/null || missing+=(curl)
    command -v taskset >/dev/null || missing+=(util-linux)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]}"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

port_free() {
    ! ss -Hltn "sport = :$1" | grep -q .
}

# --- processes -----------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/portico-bench.XXXXXX)
chmod 755 "$WORK"   # NGINX workers run as www-data when started as root
PIDS=()

cleanup() {
    local status=$?
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP_WORK:-0} == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Writes an NGINX config for one instance; $2 is the server block's body.
nginx_conf() {
    local dir=$1 server=$2 upstream=${3:-}
    mkdir -p "$dir/tmp" "$dir/logs"
    chmod 755 "$dir"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
    access_log off;
    default_type application/octet-stream;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    $upstream
    server {
        $server
    }
}
CONF
}

proxy_server_block() {
    echo "listen 127.0.0.1:$1;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }"
}

UPSTREAM_BLOCK="upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 64; keepalive_requests 1000000; }"

# Starts "$@" pinned to CPU $1 in the background and remembers its pid.
start_pinned() {
    local cpu=$1 name=$2
    shift 2
    taskset -c "$cpu" "$@" >"$WORK/$name.out" 2>&1 &
    PIDS+=($!)
    log "started $name (pid $!, cpu $cpu)"
}

await_http() {
    local name=$1 port=$2 pid=$3
    for _ in $(seq 600); do
        if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$name exited before answering on :$port; its output:"
            cat "$WORK/$name.out" >&2 || true
            exit 1
        fi
        sleep 0.1
    done
    log "$name did not answer on :$port within 60 s; its output:"
    cat "$WORK/$name.out" >&2 || true
    exit 1
}

# --- wrk -----------------------------------------------------------------------------------------
# Prints "requests_per_second p50_ms p99_ms errors" for one wrk run against port $1 for $2 seconds;
# $3 is the path (default /), further arguments go to wrk (e.g. -H 'apikey: ...').
measure() {
    local port=$1 seconds=$2 path=${3:-/} out
    shift 3 2>/dev/null || shift $#
    out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "http://127.0.0.1:$port$path")
    printf '%s\n' "$out" >>"$WORK/wrk.log"
    printf '%s\n' "$out" | awk '
        function ms(v,   n) {
            n = v + 0
            if (v ~ /us$/) return n / 1000
            if (v ~ /ms$/) return n
            if (v ~ /s$/) return n * 1000
            return n
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        /Socket errors:/ { for (i = 3; i <= NF; i++) { gsub(",", "", $i); if ($i ~ /^[0-9]+$/) errors += $i } }
        END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors }'
}

# CPU time (ms, user + system, all threads) of process $1 and its children (NGINX's worker).
cpu_ms() {
    local pid ticks=0 hz
    hz=$(getconf CLK_TCK)
    for pid in "$1" $(pgrep -P "$1" || true); do
        [[ -r /proc/$pid/stat ]] || continue
        # Fields 14 and 15 (utime, stime) come after the ")" that closes the command name.
        ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
    done
    echo $((ticks * 1000 / hz))
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

