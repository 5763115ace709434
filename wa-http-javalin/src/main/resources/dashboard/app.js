// The gateway's dashboard: plain JavaScript over the REST API and the event stream (GET /events), no build step.
// Credentials live in sessionStorage (this tab only). fetch() reads the event stream because EventSource cannot
// send the admin secret or a bearer token in a header.
"use strict";

const base = document.currentScript.src.replace(/\/dashboard\/app\.js$/, "").replace(location.origin, "");
const $ = (id) => document.getElementById(id);
let credential = null; // {kind: "admin" | "device", value}
let stream = null;     // AbortController of the open event stream
const deviceTokens = {}; // device id -> token, for devices created in this tab

function headers(cred = credential) {
  return cred.kind === "admin" ? {"X-Admin-Secret": cred.value} : {"Authorization": "Bearer " + cred.value};
}

async function api(method, path, body, cred = credential, extra = {}) {
  const init = {method, headers: {...headers(cred), ...extra}};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(base + path, init);
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(json.message || ("HTTP " + response.status));
  }
  return json.data;
}

function text(tag, content, className) {
  const element = document.createElement(tag);
  element.textContent = content == null ? "" : String(content);
  if (className) element.className = className;
  return element;
}

// ---- sign in ----

function looksLikeJwt(value) {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
}

async function signIn(value) {
  const cred = {kind: looksLikeJwt(value) ? "device" : "admin", value};
  // a cheap authenticated call checks the credential before the page switches
  await api("GET", cred.kind === "admin" ? "/admin/stats" : "/devices/me", undefined, cred);
  credential = cred;
  sessionStorage.setItem("wa-dashboard", JSON.stringify(cred));
  show();
}

function signOut() {
  sessionStorage.removeItem("wa-dashboard");
  credential = null;
  if (stream) stream.abort();
  show();
}

function show() {
  const signedIn = credential !== null;
  $("signin").hidden = signedIn;
  $("signout").hidden = !signedIn;
  $("admin").hidden = !signedIn || credential.kind !== "admin";
  $("device").hidden = !signedIn || credential.kind !== "device";
  $("who").textContent = signedIn ? (credential.kind === "admin" ? "admin" : "device") : "";
  if (!signedIn) return;
  if (credential.kind === "admin") {
    loadDevices();
  } else {
    loadDevice();
  }
  openStream();
}

// ---- event stream ----

async function openStream(lastId) {
  if (stream) stream.abort();
  const controller = new AbortController();
  stream = controller;
  const extra = lastId ? {"Last-Event-ID": lastId} : {};
  let last = lastId;
  try {
    const response = await fetch(base + "/events", {headers: {...headers(), ...extra}, signal: controller.signal});
    if (!response.ok) throw new Error("HTTP " + response.status);
    setStreamState("live");
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (event.id) last = event.id;
        if (event.data && event.type !== "end") onEvent(event.type, JSON.parse(event.data));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (stream === controller && credential) {
    setStreamState("reconnecting");
    setTimeout(() => openStream(last), 3000); // resumes after the last event seen: nothing is missed
  }
}

function parseEvent(block) {
  const event = {type: "message", data: ""};
  for (const line of block.split("\n")) {
    if (line.startsWith("id: ")) event.id = line.slice(4);
    else if (line.startsWith("event: ")) event.type = line.slice(7);
    else if (line.startsWith("data: ")) event.data += line.slice(6);
  }
  return event;
}

function setStreamState(state) {
  $("stream-state").textContent = "(" + state + ")";
}

const STATUS_OF_EVENT = {
  "connection.connected": "active", "connection.pair_success": "active", "connection.disconnected": "disconnected",
  "connection.logged_out": "logged_out", "connection.stream_replaced": "disconnected",
};

function onEvent(type, body) {
  const item = text("li", new Date(body.timestamp).toLocaleTimeString() + "  " + type + "  "
    + (body.data.text || body.data.message_id || ""));
  $("events").prepend(item);
  const status = STATUS_OF_EVENT[type];
  if (credential.kind === "admin") {
    const row = document.querySelector(`tr[data-device="${body.device_id}"]`);
    if (row && status) setStatus(row.querySelector(".status"), status);
    if (!row) loadDevices();
    return;
  }
  if (status) setStatus($("device-status"), status);
  if (type === "connection.qr") refreshQr();
  if (type === "connection.connected") {
    $("qr").hidden = true;
    $("pair-code").textContent = "";
    $("login-state").textContent = "Connected as " + (body.data.phone_number || body.data.jid);
  }
  if (type === "message.received" && $("chat").value) loadMessages();
}

function setStatus(element, status) {
  element.textContent = status;
  element.className = element.className.replace(/\bstatus-\S+/g, "").trim() + " status-" + status;
}

// ---- admin ----

async function loadDevices() {
  const data = await api("GET", "/admin/devices");
  const body = $("devices").querySelector("tbody");
  body.replaceChildren();
  for (const device of data.devices) {
    const row = document.createElement("tr");
    row.dataset.device = device.device_id;
    row.append(text("td", device.device_name), text("td", device.device_id), text("td", device.whatsmeow_jid));
    const status = text("td", "", "status");
    setStatus(status, device.status);
    row.append(status);
    const open = document.createElement("td");
    if (deviceTokens[device.device_id]) {
      const button = text("button", "Open");
      button.onclick = () => switchToDevice(deviceTokens[device.device_id]);
      open.append(button);
    }
    row.append(open);
    body.append(row);
  }
}

async function createDevice(name) {
  const key = await api("POST", "/admin/api-keys", {customer_name: name, max_devices: 1});
  const response = await fetch(base + "/devices", {method: "POST",
    headers: {"X-API-Key": key.api_key, "Content-Type": "application/json"},
    body: JSON.stringify({device_name: name})});
  const created = (await response.json()).data;
  deviceTokens[created.device_id] = created.token;
  $("created").textContent = "Created " + created.device_id + ". Its token (shown once): " + created.token;
  await loadDevices();
}

function switchToDevice(token) {
  credential = {kind: "device", value: token};
  sessionStorage.setItem("wa-dashboard", JSON.stringify(credential));
  show();
}

// ---- device ----

async function loadDevice() {
  const me = await api("GET", "/devices/me");
  $("device-id").textContent = me.device_id + (me.whatsmeow_jid ? " (" + me.whatsmeow_jid + ")" : "");
  setStatus($("device-status"), me.status);
  const live = await api("GET", "/devices/me/status");
  if (live.connected && !$("login-state").textContent.startsWith("Connected as")) {
    $("login-state").textContent = "Connected" + (me.whatsmeow_jid ? " as " + me.whatsmeow_jid.split(/[:@]/)[0] : "");
  }
  loadDeliveries();
}

async function refreshQr() {
  if ($("device-status").textContent === "active") return;
  const data = await api("POST", "/devices/me/login?output=json");
  if (data && data.qr_code) {
    $("qr").src = data.qr_code;
    $("qr").dataset.qr = data.qr;
    $("qr").hidden = false;
    $("login-state").textContent = "Scan with WhatsApp: Linked devices, Link a device";
  } else if (!$("login-state").textContent.startsWith("Connected as")) {
    // already paired: the server reconnects it, and connection.connected on the stream will say so; a connected
    // event that arrived while this call was under way is not overwritten
    $("login-state").textContent = "Reconnecting";
  }
}

async function pairingCode(phone) {
  const data = await api("POST", "/devices/me/login-code", {phone});
  $("pair-code").textContent = data.pair_code;
  $("login-state").textContent = "Enter the code on the phone: Linked devices, Link with phone number";
}

async function loadMessages() {
  const data = await api("GET", "/chats/" + encodeURIComponent($("chat").value.trim()) + "/messages?limit=20");
  const list = $("messages");
  list.replaceChildren();
  for (const message of data.messages) {
    list.append(text("li", new Date(message.timestamp * 1000).toLocaleString() + "  "
      + (message.is_from_me ? "me" : message.from) + ": " + (message.text || message.caption || "[" + message.type + "]")));
  }
}

async function loadDeliveries() {
  const body = $("deliveries").querySelector("tbody");
  body.replaceChildren();
  for (const webhook of (await api("GET", "/webhooks")).webhooks) {
    for (const log of (await api("GET", "/webhooks/" + webhook.id + "/logs")).logs) {
      const row = document.createElement("tr");
      row.append(text("td", webhook.url), text("td", log.id), text("td", log.event_type),
        text("td", log.status, "status-" + log.status), text("td", log.attempt_count), text("td", log.last_error));
      const action = document.createElement("td");
      if (log.status !== "pending") {
        const button = text("button", "Redeliver");
        button.onclick = async () => {
          await api("POST", "/webhooks/" + webhook.id + "/logs/" + log.id + "/redeliver");
          loadDeliveries();
        };
        action.append(button);
      }
      row.append(action);
      body.append(row);
    }
  }
}

// ---- wiring ----

function guard(action) {
  return async (event) => {
    if (event) event.preventDefault();
    try {
      $("signin-error").textContent = "";
      await action();
    } catch (e) {
      $("signin-error").textContent = e.message;
      $("login-state").textContent = e.message;
    }
  };
}

$("signin-form").onsubmit = guard(() => signIn($("credential").value.trim()));
$("signout").onclick = signOut;
$("create-form").onsubmit = guard(() => createDevice($("device-name").value.trim()));
$("qr-login").onclick = guard(refreshQr);
$("code-form").onsubmit = guard(() => pairingCode($("code-phone").value.trim()));
$("chat-form").onsubmit = guard(loadMessages);

// A credential in the fragment (never sent to the server) signs in at once, for links and the headless check;
// it is removed from the address bar straight away.
const fragment = new URLSearchParams(location.hash.slice(1));
const given = fragment.get("admin") || fragment.get("token");
if (given) history.replaceState(null, "", location.pathname);
const stored = sessionStorage.getItem("wa-dashboard");
if (given) {
  guard(async () => {
    await signIn(given);
    if (fragment.get("login") === "qr") await refreshQr();
  })();
} else if (stored) {
  credential = JSON.parse(stored);
  show();
}
