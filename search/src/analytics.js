// Sinks for kbgen:search, kbgen:click, kbgen:feedback and kbgen:contact events, as chosen in mkdocs.yml.
// No cookies, no personal data; nothing at all with sink "none" or when the browser sends
// Global Privacy Control. The endpoint sink batches events into navigator.sendBeacon calls
// (text/plain, so no CORS preflight) and keeps them in localStorage while offline.
// Every event is cleaned to what the collector accepts first (kbgen/analytics/limits.json, the
// file the collector reads too): a beacon's answer is never seen, so a refused event is lost.
import limits from "../../kbgen/analytics/limits.json" with { type: "json" };

const OUTBOX_KEY = "kbgen:outbox";
const OUTBOX_LIMIT = 200;
const FLUSH_DELAY_MS = 3000;
const BATCH_EVENTS = Math.min(25, limits.batch_events);
const BATCH_BYTES = Math.floor((limits.body_bytes * 3) / 4); // a margin under the collector's limit
const TYPES = ["search", "click", "feedback", "contact"];
const CHANNELS = ["email", "chat", "phone"];
const VISIT = /^[0-9a-f]{32}$/;
// Fields only kbgen's own collector gets: the visit id lets it count per visit, and GA4 and
// Plausible have visits of their own, so it is never handed to them.
const COLLECTOR_ONLY = ["visit"];
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g; // C0, DEL and C1
const COMMENT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g; // keeps tabs and line breaks
const BLANK = /^[\s\p{Cf}]*$/u; // spaces, zero-width characters and BOMs only

/** At most ``max`` characters, counted as the collector counts them (code points, not UTF-16 units). */
function cut(text, max) {
  const chars = Array.from(text);
  return chars.length > max ? chars.slice(0, max).join("") : text;
}

/** One line of text: control characters become spaces, runs of spaces one, trimmed and cut to ``max``. */
export function cleanText(value, max) {
  const text = String(value ?? "").replace(LONE_SURROGATE, "").replace(CONTROLS, " ").replace(/\s+/g, " ");
  return cut(text.trim(), max).trim();
}

/** The event as the collector accepts it, or null when what is left would still be refused (a blank query). */
export function cleanEvent(event) {
  const out = { ...event };
  out.lang = LANG.test(String(out.lang)) ? out.lang : "und";
  out.page = cut(String(out.page || "/"), limits.page_chars);
  if ("query" in out) {
    out.query = cleanText(out.query, limits.query_chars);
    if (BLANK.test(out.query)) return null;
  }
  if ("visit" in out && !VISIT.test(String(out.visit))) delete out.visit;
  if (out.type === "contact" && !CHANNELS.includes(out.channel)) return null;
  if ("url" in out) out.url = cut(String(out.url), limits.url_chars);
  if ("anchor" in out) out.anchor = cleanText(out.anchor, limits.anchor_chars);
  if (Array.isArray(out.unmatched)) {
    out.unmatched = out.unmatched
      .map((word) => cleanText(word, limits.unmatched_word_chars))
      .filter((word) => !BLANK.test(word))
      .slice(0, limits.unmatched_words);
  }
  if (typeof out.comment === "string") {
    const comment = out.comment.replace(LONE_SURROGATE, "").replace(COMMENT_CONTROLS, "").trim();
    if (BLANK.test(comment)) delete out.comment;
    else out.comment = cut(comment, limits.comment_chars);
  }
  return out;
}

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
    if (name !== "type" && !COLLECTOR_ONLY.includes(name)) params[name] = Array.isArray(value) ? value.join(" ") : value;
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
  for (const type of TYPES) {
    document.addEventListener(`kbgen:${type}`, (e) => {
      const event = cleanEvent(e.detail);
      if (event) sink(event);
    });
  }
}
