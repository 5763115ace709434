-- An outgoing message is stored before it is sent, as 'pending', and becomes 'sent' at the server's ack: a delivery
-- receipt that overtakes the ack then finds its row instead of being lost.
alter table wa_messages drop constraint wa_messages_status_check;
alter table wa_messages add constraint wa_messages_status_check
    check (status in ('received', 'pending', 'sent', 'delivered', 'read', 'played'));
