#!/usr/bin/env bash
# Starts PostgreSQL and Mosquitto on 127.0.0.1 when they are not answering, and fails loudly if they cannot
# be started. Creates the `worksafety` database (the tests create their own test_ database beside it).
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 1; }
if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='worksafety'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE worksafety" >/dev/null
fi

# Mosquitto on each port of BROKER_PORTS (default 1883, with the system configuration; CI runs a second one,
# anonymous on 127.0.0.1, for the suite it runs alongside the first).
broker_up() { timeout 2 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null; }
for port in ${BROKER_PORTS:-1883}; do
  if ! broker_up "$port"; then
    echo "starting Mosquitto on $port"
    if [ "$port" = 1883 ]; then
      mosquitto -d -c /etc/mosquitto/mosquitto.conf
    else
      config=$(mktemp)
      printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$config"
      mosquitto -d -c "$config"
    fi
    for _ in $(seq 1 10); do broker_up "$port" && break; sleep 1; done
  fi
  broker_up "$port" || { echo "Mosquitto is not answering on 127.0.0.1:$port" >&2; exit 1; }
done
