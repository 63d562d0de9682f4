-- Ids in the Instagram scheme: 41 bits of milliseconds since 2026-01-01T00:00:00Z, 13 bits of
-- logical shard, 10 bits of sequence. They sort by creation time, and an id names the logical
-- shard its row lives on, so splitting the data later needs no id migration. Generated in the
-- database so that any number of server instances share one sequence without coordination.
CREATE SEQUENCE id_sequence;

CREATE FUNCTION next_id(shard integer) RETURNS bigint
    LANGUAGE plpgsql VOLATILE AS
$$
DECLARE
    epoch_millis constant bigint := 1767225600000;
    now_millis bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
    sequence_part bigint := nextval('id_sequence') % 1024;
BEGIN
    IF shard < 0 OR shard >= 8192 THEN
        RAISE EXCEPTION 'logical shard % is outside 0..8191', shard;
    END IF;
    RETURN ((now_millis - epoch_millis) << 23) | (shard::bigint << 10) | sequence_part;
END;
$$;
