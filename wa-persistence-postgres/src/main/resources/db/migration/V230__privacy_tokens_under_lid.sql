-- Privacy tokens are kept under the contact's LID once the pairing is known (issue 14; whatsmeow
-- resolveTCTokenStorageLID): a row kept under a phone number whose LID the device knows moves to the LID, unless the
-- LID has a row already (that one is newer: it was written after the pairing was learned). The client still reads a
-- row left under the number.
update wa_privacy_tokens t
set contact = m.lid_user
from wa_lid_mappings m
where m.device_key = t.device_key
  and m.phone_user = t.contact
  and not exists (select 1 from wa_privacy_tokens o where o.device_key = t.device_key and o.contact = m.lid_user);
