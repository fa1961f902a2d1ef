#!/usr/bin/env bash
# Two ClickHouse servers on 127.0.0.1 for the tests, each with its own config in a temporary folder and
# a cluster `fclog` of two shards (one per server).
#   cluster.sh start DIR   starts them (HTTP on 18123 and 18124) and waits until both answer
#   cluster.sh stop DIR    stops them and removes DIR
# Needs Debian's clickhouse-server (/usr/sbin/clickhouse-server) and, as root, its clickhouse user.
set -euo pipefail
action=${1:?start or stop}
dir=${2:?a folder for the servers}
server=${CLICKHOUSE_SERVER:-/usr/sbin/clickhouse-server}

write_config() { # node http tcp interserver
  local node=$1 http=$2 tcp=$3 inter=$4 root="$dir/$1"
  mkdir -p "$root/data" "$root/tmp" "$root/log"
  cat > "$root/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$root/log/server.log</log><errorlog>$root/log/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$root/data/</path>
  <tmp_path>$root/tmp/</tmp_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <remote_servers>
    <fclog>
      <shard><replica><host>127.0.0.1</host><port>19000</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>19001</port></replica></shard>
    </fclog>
  </remote_servers>
</yandex>
XML
}

start() {
  mkdir -p "$dir"
  # `default` without a password (what the cluster's shards use) and `fclog` with one, for the credentials tests.
  cat > "$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default><readonly><readonly>1</readonly></readonly></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <fclog><password>fclog-secret</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></fclog>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
  write_config a 18123 19000 19009
  write_config b 18124 19001 19010
  local run=()
  if [[ $(id -u) == 0 ]] && id clickhouse >/dev/null 2>&1; then
    chown -R clickhouse: "$dir"
    run=(setpriv --reuid=clickhouse --regid=clickhouse --init-groups)
  fi
  for node in a b; do
    "${run[@]}" "$server" --config-file="$dir/$node/config.xml" --pid-file="$dir/$node/server.pid" --daemon
  done
  for port in 18123 18124; do
    for _ in $(seq 1 100); do
      curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && break
      sleep 0.1
    done
    curl -sf "http://127.0.0.1:$port/ping" >/dev/null || { echo "ClickHouse on $port did not start:" >&2; cat "$dir"/*/log/error.log >&2 || true; exit 1; }
  done
}

stop() {
  for node in a b; do
    local pid_file="$dir/$node/server.pid"
    [[ -f $pid_file ]] || continue
    local pid; pid=$(cat "$pid_file")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

"$action"
