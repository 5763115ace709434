-- A device's own proxy (api.md §6.1, POST /devices/me/proxy): the URL its sessions and media go through instead of
-- WHATSAPP_CLIENT_PROXY_URL. Kept as given (the password too: it is needed to connect); answers and logs mask it.
-- Null: the global proxy (or none) applies.

alter table devices add column proxy_url text;

create index devices_with_proxy on devices (device_id) where proxy_url is not null;
