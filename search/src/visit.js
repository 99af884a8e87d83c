// The visit: a random id kept in sessionStorage, so it lives as long as the tab and is shared by
// its pages, and is forgotten when the tab closes. Never a cookie: nothing sends it to a server
// unasked, and the analytics sinks strip it for GA4 and Plausible (analytics.js).
const VISIT_KEY = "kbgen:visit";
const LAST_QUERY_KEY = "kbgen:last-query";
const memory = new Map(); // storage refused: this page at least keeps one id

function read(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key, value) {
  memory.set(key, value);
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Storage refused or full: the page's memory above keeps it.
  }
}

/** 16 random bytes as 32 hex digits: no clock, no counter, nothing that says who the shopper is. */
function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** This tab's visit id, made on first use. */
export function visitId() {
  let id = read(VISIT_KEY);
  if (!/^[0-9a-f]{32}$/.test(id || "")) {
    id = randomId();
    write(VISIT_KEY, id);
  }
  return id;
}

/** The visit's last settled query, which a contact event names as what the shopper tried before. */
export function lastQuery() {
  return read(LAST_QUERY_KEY) || "";
}

export function rememberQuery(query) {
  if (query) write(LAST_QUERY_KEY, String(query));
}
