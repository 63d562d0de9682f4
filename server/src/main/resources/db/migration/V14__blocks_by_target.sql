-- Who blocks an account: read (and cached) for every viewer whose statuses are checked in Java.
CREATE INDEX blocks_target ON blocks (target_account_id);
