-- Each modem's signal as last measured, in percent (NULL: not known).
ALTER TABLE modem_status ADD COLUMN signal INTEGER;
