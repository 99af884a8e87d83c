// kbgen's browser search: window.kbgen.search(query, {lang}) and the search boxes on the page.
// Everything it downloads lives under search/ next to this file: the manifest, then only the
// dictionary shards, postings chunks and page texts that a query needs.
import { INDEX_FORMAT } from "./format.js";
import { openIndex } from "./engine.js";
import { startAnalytics } from "./analytics.js";
import { followQueries, trackContacts } from "./contact.js";
import { enhanceFeedback } from "./feedback.js";
import { emit, enhanceSearchBoxes } from "./ui.js";

const SCRIPT_URL = document.currentScript ? document.currentScript.src : location.href;
const indexes = new Map();

function manifestUrl(lang) {
  // Each language's sub-site has its own search/ folder; this script sits in the page's one.
  // Codes are compared and used in lower case, as in the sub-sites' folders: pt-BR is /pt-br/.
  const own = (document.documentElement.lang || "en").toLowerCase();
  const code = String(lang || "").toLowerCase();
  if (!code || code === own) return new URL("manifest.json", new URL(".", SCRIPT_URL));
  const config = pageConfig();
  const root = new URL(config.root || "/", location.href);
  const prefix = code === (config.defaultLang || "en").toLowerCase() ? "" : `${code}/`;
  return new URL(`${prefix}search/manifest.json`, root);
}

async function loadIndex(lang) {
  const url = manifestUrl(lang).href;
  if (!indexes.has(url)) indexes.set(url, openIndex(url));
  return indexes.get(url);
}

/** Full answer: {results, total, missing} (and `unmatched`, the same words). */
async function query(text, options = {}) {
  const index = await loadIndex(options.lang);
  return index.query(String(text || ""), options.limit || 10);
}

/** The public API: results best first, de-duplicated the way the page shows them. */
async function search(text, options = {}) {
  return (await query(text, options)).results;
}

function pageConfig() {
  try {
    return JSON.parse(document.getElementById("kbgen-config")?.textContent || "{}");
  } catch {
    return {};
  }
}

const kbgen = Object.assign(window.kbgen || {}, { search, query, emit, version: INDEX_FORMAT });
window.kbgen = kbgen;

function start() {
  const config = pageConfig();
  startAnalytics(config);
  followQueries();
  trackContacts(document, emit);
  enhanceSearchBoxes(kbgen);
  enhanceFeedback(config, emit);
  // The manifest is small: fetch it now so the first keystroke starts one step ahead.
  loadIndex().catch((error) => console.warn(error.message));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
