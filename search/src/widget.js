// kbgen's help widget: <script src="https://help.example.com/widget.js" data-lang="da" async>
// on any page of the store adds a help button that opens the help center in a panel. Everything
// lives in a shadow root, so the store's CSS cannot break it and its styles stay inside; no
// cookies. window.kbgen.widget: open(), close(), search(q), suggest(urls), article(url).
import { startAnalytics } from "./analytics.js";
import { followQueries } from "./contact.js";
import { fetchArticle } from "./widget/article.js";
import { loadConfig, say, topicPages } from "./widget/config.js";
import { widgetEmitter } from "./widget/events.js";
import { Panel } from "./widget/panel.js";
import { STYLE } from "./widget/style.js";

const script = document.currentScript;
const SCRIPT_URL = script ? script.src : location.href;
const HELP_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm1 17h-2v-2h2v2Zm2.1-7.7-.9.9c-.7.7-1.2 1.3-1.2 2.8h-2v-.5c0-1.1.5-2.1 1.2-2.8l1.2-1.3A2 2 0 1 0 10 9H8a4 4 0 1 1 7.1 2.3Z"/></svg>';

/** Tell the store page what the widget did: kbgen:widget-open, -close, -ready on document. */
function announce(name) {
  document.dispatchEvent(new CustomEvent(`kbgen:widget-${name}`));
}

function colours(host, config) {
  host.style.setProperty("--kbw-primary", config.colors?.primary || "#1e56a0");
  host.style.setProperty("--kbw-on-primary", config.colors?.on_primary || "#ffffff");
  host.style.setProperty("--kbw-link", config.colors?.link || "#1e56a0");
  host.style.setProperty("--kbw-focus", config.colors?.focus || "#f0a500");
}

async function titled(config, urls) {
  const known = new Map(topicPages(config, Object.keys(config.topics || {})).map((p) => [p.url, p.title]));
  return Promise.all(urls.map(async (url) => {
    const href = new URL(url, config.base).href;
    const title = known.get(href) || (await fetchArticle(href).then((a) => a.title, () => href));
    return { url: href, title };
  }));
}

async function start() {
  const lang = script?.dataset.lang || "";
  const topics = (script?.dataset.topics || "").split(",").map((t) => t.trim()).filter(Boolean);
  const config = await loadConfig(SCRIPT_URL, lang);
  const host = document.createElement("kbgen-widget");
  const root = host.attachShadow({ mode: "open" });
  colours(host, config);
  root.innerHTML = `<style>${STYLE}</style><div class="kbw" lang="${config.lang}" dir="${config.dir || "ltr"}"></div>`;
  const box = root.querySelector(".kbw");
  const launcher = document.createElement("button");
  launcher.type = "button";
  launcher.className = "kbw-launcher";
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.setAttribute("aria-expanded", "false");
  launcher.innerHTML = HELP_ICON;
  launcher.append(say(config, "help"));
  box.append(launcher);
  const emit = widgetEmitter(config.lang, config.home || "/");
  const panel = new Panel(root, box, launcher, config, emit);
  launcher.setAttribute("aria-controls", "kbw-panel");
  panel.dialog.id = "kbw-panel";
  launcher.addEventListener("click", () => (panel.isOpen ? api.close() : api.open()));
  document.body.append(host);
  startAnalytics(config.analytics || {});
  followQueries();

  const fallback = () => panel.suggest(topicPages(config, ["_featured"]), say(config, "popular_articles"));
  const fromTopics = topicPages(config, topics);
  if (fromTopics.length) panel.suggest(fromTopics, say(config, "suggested_here"));
  else fallback();

  const api = {
    open() {
      if (!panel.isOpen) {
        panel.open();
        announce("open");
      }
    },
    close() {
      if (panel.isOpen) {
        panel.close();
        announce("close");
      }
    },
    async search(query) {
      api.open();
      await panel.search(query);
    },
    async suggest(urls) {
      const pages = await titled(config, [...(urls || [])]);
      if (pages.length) panel.suggest(pages, say(config, "suggested_here"));
      else fallback();
    },
    async article(url) {
      api.open();
      await panel.article(new URL(url, config.base).href);
    },
  };
  return api;
}

// Calls made before this script arrived (kbgen.widget = [["suggest", [...]]]) are replayed once it is ready.
const kbgen = (window.kbgen = window.kbgen || {});
const queued = Array.isArray(kbgen.widget) ? kbgen.widget : [];
const ready = new Promise((resolve) => {
  const go = () => start().then(resolve, (error) => console.warn(error.message));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
  else go();
});
const call = (name) => (...args) => ready.then((api) => api[name](...args));
kbgen.widget = { open: call("open"), close: call("close"), search: call("search"), suggest: call("suggest"), article: call("article"), ready };
ready.then((api) => {
  for (const [name, args] of queued) api[name]?.(...(args || []));
  announce("ready");
});
