-- The backup admin (protocol §7.2): the authority key's seed wrapped by the primary for one admin companion, by HPKE
-- to that device's agreement key, so the server keeps only ciphertext. The signed list names the device
-- (backupAdmin); the wrap is deleted as soon as a list no longer names it, and with the authority key it wraps.
alter table recovery_authority
    add column backup_admin varchar(22),
    add column backup_wrapped_key varchar(120),
    add constraint recovery_authority_backup_complete check ((backup_admin is null) = (backup_wrapped_key is null));
