#!/bin/sh
# Starts a PostgreSQL streaming replica of the "postgres" service (stage 6). On first start, with
# an empty data directory, it copies the primary (pg_basebackup) and writes the recovery settings
# (-R: primary_conninfo, primary_slot_name and standby.signal); then, and on every later start,
# it runs PostgreSQL as a read-only hot standby that replays the primary's WAL as it streams in.
set -eu

: "${PRIMARY_HOST:=postgres}"
: "${REPLICATION_SLOT:=replica_1}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host="$PRIMARY_HOST" --quiet; do
        echo "waiting for the primary at $PRIMARY_HOST..."
        sleep 1
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
        --host="$PRIMARY_HOST" --username=replicator --pgdata="$PGDATA" \
        --wal-method=stream --slot="$REPLICATION_SLOT" --write-recovery-conf --checkpoint=fast --progress
fi

# The image's own entrypoint: it finds the data directory initialised and starts PostgreSQL as
# the postgres user.
# hot_standby_feedback: the primary's vacuum keeps the rows a replica's reads still see, rather
# than the replica cancelling those reads.
exec docker-entrypoint.sh postgres -c hot_standby=on -c hot_standby_feedback=on
