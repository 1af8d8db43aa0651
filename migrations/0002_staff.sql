-- Staff second factor: the TOTP time step (30-second counter) of the last accepted code, so a code
-- that was already used cannot be replayed within its validity window.
ALTER TABLE staff_users ADD COLUMN totp_last_step bigint;
