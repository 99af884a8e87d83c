// Sinks for kbgen:search, kbgen:click and kbgen:feedback events, as chosen in mkdocs.yml.
// No cookies, no personal data; nothing at all with sink "none" or when the browser sends
// Global Privacy Control. The endpoint sink batches events into navigator.sendBeacon calls
// (text/plain, so no CORS preflight) and keeps them in localStorage while offline.
const OUTBOX_KEY = "kbgen:outbox";
const OUTBOX_LIMIT = 200;
const FLUSH_DELAY_MS = 3000;
const BATCH_EVENTS = 25;
const BATCH_BYTES = 12000; // the collector refuses bodies over 16 KiB
const TYPES = ["search", "click", "feedback"];

function readOutbox() {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX_KEY)) || [];
  } catch {
    return [];
  }
}

function writeOutbox(events) {
  try {
    if (events.length) localStorage.setItem(OUTBOX_KEY, JSON.stringify(events.slice(-OUTBOX_LIMIT)));
    else localStorage.removeItem(OUTBOX_KEY);
  } catch {
    // Storage unavailable: these events are dropped rather than blocking the page.
  }
}

/** Split events into beacon-sized batches. */
export function batches(events) {
  const out = [];
  let current = [];
  let size = 2;
  for (const event of events) {
    const length = new Blob([JSON.stringify(event)]).size + 1; // bytes: Chinese text is 3 per character
    if (current.length && (current.length >= BATCH_EVENTS || size + length > BATCH_BYTES)) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(event);
    size += length;
  }
  if (current.length) out.push(current);
  return out;
}

function endpointSink(endpoint) {
  let queue = [];
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    const pending = readOutbox().concat(queue);
    queue = [];
    if (!pending.length) return;
    if (navigator.onLine === false || !navigator.sendBeacon) {
      writeOutbox(pending);
      return;
    }
    const left = [];
    for (const batch of batches(pending)) {
      const body = new Blob([JSON.stringify(batch)], { type: "text/plain;charset=UTF-8" });
      if (!navigator.sendBeacon(endpoint, body)) left.push(...batch);
    }
    writeOutbox(left);
  };
  addEventListener("pagehide", flush);
  addEventListener("online", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  setTimeout(flush, FLUSH_DELAY_MS); // whatever an earlier visit could not send
  return (event) => {
    queue.push(event);
    if (queue.length >= BATCH_EVENTS) flush();
    else if (!timer) timer = setTimeout(flush, FLUSH_DELAY_MS);
  };
}

function flat(event) {
  const params = {};
  for (const [name, value] of Object.entries(event)) {
    if (name !== "type") params[name] = Array.isArray(value) ? value.join(" ") : value;
  }
  return params;
}

function sinkFor(config) {
  if (config.sink === "endpoint" && config.endpoint) return endpointSink(config.endpoint);
  if (config.sink === "ga4") {
    return (event) => typeof window.gtag === "function" && window.gtag("event", `kbgen_${event.type}`, flat(event));
  }
  if (config.sink === "plausible") {
    return (event) => typeof window.plausible === "function" && window.plausible(`kbgen ${event.type}`, { props: flat(event) });
  }
  return null;
}

export function startAnalytics(config) {
  if (navigator.globalPrivacyControl === true) return;
  const sink = sinkFor(config);
  if (!sink) return;
  for (const type of TYPES) document.addEventListener(`kbgen:${type}`, (e) => sink(e.detail));
}
