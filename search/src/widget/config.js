// What the panel needs from the help center, read from the widget.json kbgen writes next to
// widget.js in each language's sub-site: texts, contact channels, topics, the manifest's address.

/** The widget.json of ``lang`` (or of the sub-site widget.js was loaded from), with absolute URLs. */
export async function loadConfig(scriptUrl, lang) {
  let url = new URL("widget.json", scriptUrl);
  let config = await fetchJson(url);
  const other = lang && lang !== config.lang && config.languages?.[lang];
  if (other) {
    url = new URL(`${other}widget.json`, url);
    config = await fetchJson(url);
  }
  config.base = url;
  config.manifestUrl = new URL(config.manifest, url).href;
  return config;
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: "omit" });
  if (!response.ok) throw new Error(`kbgen widget: ${url} answered ${response.status}`);
  return response.json();
}

/** A text of the panel, with {placeholders} filled. */
export function say(config, key, values = {}) {
  const text = config.texts?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The articles suggested for the page: the topics' own (data-topics), in order, each once. */
export function topicPages(config, topics) {
  const seen = new Set();
  const pages = [];
  for (const topic of topics) {
    for (const [url, title] of config.topics?.[topic]?.pages || []) {
      if (!seen.has(url)) pages.push({ url: new URL(url, config.base).href, title });
      seen.add(url);
    }
  }
  return pages;
}
