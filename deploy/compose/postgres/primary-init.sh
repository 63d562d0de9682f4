#!/bin/sh
# Runs once, when the primary's data directory is first created (the postgres image runs
# /docker-entrypoint-initdb.d/*.sh then): the role the streaming replicas sign in as, and a slot
# for each (stage-6.yml names them in REPLICATION_SLOT).
#
# A slot makes the primary keep the WAL its replica has not replayed yet, so a replica that
# was down catches up instead of needing a new copy; max_slot_wal_keep_size (stage-6.yml) caps
# what a replica gone for good can hold back.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('replica_1');
SELECT pg_create_physical_replication_slot('replica_2');
SQL

# "all" in pg_hba.conf does not cover replication connections: they need a line of their own.
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
