-- An outgoing message that never reached WhatsApp, or that WhatsApp refused, is kept as 'failed' (before, its row
-- was deleted and the caller was the only one to know).
alter table wa_messages drop constraint wa_messages_status_check;
alter table wa_messages add constraint wa_messages_status_check
    check (status in ('received', 'pending', 'failed', 'sent', 'delivered', 'read', 'played'));
