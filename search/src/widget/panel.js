// The widget's panel: a dialog with search as you type, the page's suggested articles, an article
// read in place with "Was this helpful?", and the contact channels with hours and response time.
// Keyboard: focus stays inside while it is open, Escape closes it, focus returns to the button.
import { openIndex } from "../engine.js";
import { escapeHtml } from "../query.js";
import { missingWords } from "../notice.js";
import { trackContacts } from "../contact.js";
import { fetchArticle } from "./article.js";
import { say } from "./config.js";

const TYPE_DELAY_MS = 60;
const SETTLE_DELAY_MS = 1000;
const RESULT_LIMIT = 8;
const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex='-1'])";
const CLOSE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/></svg>';

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function contactHtml(config) {
  const c = config.contact || {};
  const t = (key, values) => escapeHtml(say(config, key, values));
  const channels = [
    c.chat_url && `<li><a href="${escapeHtml(new URL(c.chat_url, config.base).href)}" target="_blank" rel="noopener" data-kbgen-channel="chat">${t("live_chat")}</a></li>`,
    c.email && `<li><a href="mailto:${escapeHtml(c.email)}" data-kbgen-channel="email">${t("email")}: ${escapeHtml(c.email)}</a></li>`,
    c.phone && `<li><a href="${escapeHtml(c.phone_href)}" data-kbgen-channel="phone">${t("phone")}: ${escapeHtml(c.phone)}</a></li>`,
  ].filter(Boolean);
  if (!channels.length) return "";
  const lead = t("team_happy") + (c.response_time ? ` — ${escapeHtml(c.response_time)}` : "");
  return (
    `<section class="kbw-contact" data-kbgen-contact aria-labelledby="kbw-contact-title">` +
    `<h3 id="kbw-contact-title">${t("still_need_help")}</h3><p>${lead}.</p>` +
    `<ul class="kbw-channels">${channels.join("")}</ul>` +
    (c.hours ? `<p>${t("opening_hours")} ${escapeHtml(c.hours)}</p>` : "") +
    `</section>`
  );
}

function skeleton(config) {
  const t = (key) => escapeHtml(say(config, key));
  return (
    `<div class="kbw-panel" role="dialog" aria-modal="true" aria-labelledby="kbw-title" hidden>` +
    `<div class="kbw-head"><button type="button" class="kbw-icon kbw-back" hidden>← ${t("back")}</button>` +
    `<h2 class="kbw-title" id="kbw-title">${escapeHtml(config.title || say(config, "help_center"))}</h2>` +
    `<button type="button" class="kbw-icon kbw-close" aria-label="${t("close")}">${CLOSE_ICON}</button></div>` +
    `<div class="kbw-body">` +
    `<div class="kbw-home"><label class="kbw-label" for="kbw-q">${t("search_label")}</label>` +
    `<input class="kbw-input" id="kbw-q" type="search" autocomplete="off" placeholder="${t("search_placeholder")}">` +
    `<p class="kbw-status" role="status" aria-live="polite"></p>` +
    `<ul class="kbw-list kbw-results" aria-label="${t("search")}"></ul>` +
    `<div class="kbw-suggested" hidden><h3 class="kbw-h" id="kbw-suggested-title"></h3>` +
    `<ul class="kbw-list" aria-labelledby="kbw-suggested-title"></ul></div></div>` +
    `<div class="kbw-reader" hidden><div class="kbw-article" tabindex="-1"></div>` +
    `<a class="kbw-open" target="_blank" rel="noopener">${t("open_in_help_center")}</a>` +
    (config.feedback ? `<div class="kbw-feedback" role="group" aria-labelledby="kbw-helpful"><p id="kbw-helpful">${t("was_helpful")}</p>` +
      `<div class="kbw-votes"><button type="button" class="kbw-vote" data-helpful="true" aria-pressed="false">${t("yes")}</button>` +
      `<button type="button" class="kbw-vote" data-helpful="false" aria-pressed="false">${t("no")}</button></div>` +
      `<p class="kbw-thanks" role="status" aria-live="polite"></p></div>` : "") +
    `</div>${contactHtml(config)}</div></div>`
  );
}

function pageLinks(pages, onOpen) {
  return pages.map((page, i) => {
    const li = element("li");
    const link = element("a", "", "");
    link.href = page.url;
    link.append(element("span", "kbw-result-title", page.title));
    if (page.snippet) {
      const snippet = element("span", "kbw-result-snippet");
      snippet.innerHTML = page.snippet; // the search client's snippet: escaped text and <mark>
      link.append(snippet);
    }
    link.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return; // a new tab, as asked
      event.preventDefault();
      onOpen(page, i + 1);
    });
    li.append(link);
    return li;
  });
}

export class Panel {
  /** ``root``: the shadow root; ``box``: the element in it that the panel goes into. */
  constructor(root, box, launcher, config, emit) {
    this.config = config;
    this.emit = emit;
    this.launcher = launcher;
    const holder = document.createElement("div");
    holder.innerHTML = skeleton(config);
    box.append(...holder.childNodes);
    const $ = (selector) => root.querySelector(selector);
    this.root = root;
    this.dialog = $(".kbw-panel");
    this.input = $("#kbw-q");
    this.status = $(".kbw-status");
    this.results = $(".kbw-results");
    this.suggested = $(".kbw-suggested");
    this.home = $(".kbw-home");
    this.reader = $(".kbw-reader");
    this.articleBox = $(".kbw-article");
    this.openLink = $(".kbw-open");
    this.back = $(".kbw-back");
    this.thanks = $(".kbw-thanks");
    this.votes = [...root.querySelectorAll(".kbw-vote")];
    this.sequence = 0;
    this.reported = "";
    this.latest = null;
    this.current = null;
    this.index = null;
    this.wire($);
  }

  wire($) {
    $(".kbw-close").addEventListener("click", () => this.close());
    this.back.addEventListener("click", () => this.showHome());
    this.dialog.addEventListener("keydown", (event) => this.keydown(event));
    let typeTimer = null;
    let settleTimer = null;
    this.input.addEventListener("input", () => {
      clearTimeout(typeTimer);
      clearTimeout(settleTimer);
      typeTimer = setTimeout(() => this.update(), TYPE_DELAY_MS);
      settleTimer = setTimeout(() => this.settle(), SETTLE_DELAY_MS);
    });
    this.input.addEventListener("keydown", (event) => event.key === "Enter" && this.settle());
    this.input.addEventListener("blur", () => this.settle());
    this.votes.forEach((button) => button.addEventListener("click", () => this.vote(button.dataset.helpful === "true")));
    trackContacts(this.dialog, (type, fields) => this.emit(type, fields));
  }

  get isOpen() {
    return !this.dialog.hidden;
  }

  open() {
    this.dialog.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    (this.reader.hidden ? this.input : this.articleBox).focus();
    this.loadIndex();
  }

  close() {
    if (!this.isOpen) return;
    this.settle();
    this.dialog.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.focus();
  }

  keydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (event.key === "Tab") {
      const items = [...this.dialog.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length);
      const active = this.root.activeElement;
      const [first, last] = [items[0], items[items.length - 1]];
      if (event.shiftKey && (active === first || !items.includes(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  loadIndex() {
    if (!this.index) this.index = openIndex(this.config.manifestUrl, "widget.js");
    return this.index;
  }

  /** Put ``query`` in the box and answer it, as if typed. */
  async search(query) {
    this.showHome();
    this.input.value = String(query || "");
    await this.update();
    this.settle();
  }

  async update() {
    const query = this.input.value.trim();
    const sequence = ++this.sequence;
    if (!query) {
      this.results.replaceChildren();
      this.status.textContent = "";
      this.latest = null;
      return;
    }
    const answer = await (await this.loadIndex()).query(query, RESULT_LIMIT);
    if (sequence !== this.sequence) return; // a newer keystroke won
    this.latest = { query, answer };
    const results = answer.results.map((r) => ({ ...r, url: new URL(r.url, this.config.base).href, path: r.url }));
    this.results.replaceChildren(...pageLinks(results, (page, position) => {
      this.settle();
      this.emit("click", { query, url: page.path, position });
      this.article(page.url);
    }));
    const n = answer.total;
    this.status.textContent = n
      ? say(this.config, n === 1 ? "result_one" : "result_many", { n })
      : `${say(this.config, "no_results", { query })} ${say(this.config, "no_results_hint")}`;
  }

  /** Report the query in the box once it settles, once per query. */
  settle() {
    const latest = this.latest;
    if (!latest || latest.query !== this.input.value.trim() || latest.query === this.reported) return;
    this.reported = latest.query;
    const { answer, query } = latest;
    this.emit("search", { query, results: answer.total, unmatched: missingWords(answer) });
  }

  /** The suggested articles ({url, title}), shown under the search box. */
  suggest(pages, heading) {
    const list = this.suggested.querySelector("ul");
    this.suggested.querySelector("h3").textContent = heading;
    list.replaceChildren(...pageLinks(pages, (page) => this.article(page.url)));
    this.suggested.hidden = pages.length === 0;
  }

  showHome() {
    this.reader.hidden = true;
    this.back.hidden = true;
    this.home.hidden = false;
    if (this.isOpen) this.input.focus();
  }

  /** Read the article at ``url`` (absolute) inside the panel. */
  async article(url) {
    this.current = new URL(url);
    this.home.hidden = true;
    this.reader.hidden = false;
    this.back.hidden = false;
    this.votes.forEach((b) => b.setAttribute("aria-pressed", "false"));
    if (this.thanks) this.thanks.textContent = "";
    this.openLink.href = url;
    this.articleBox.replaceChildren(element("p", "", say(this.config, "loading")));
    this.articleBox.focus();
    try {
      const { node } = await fetchArticle(url);
      if (this.current.href === url) this.articleBox.replaceChildren(...node.childNodes);
    } catch (error) {
      console.warn(error.message);
      this.articleBox.replaceChildren(element("p", "", say(this.config, "article_failed")));
    }
  }

  vote(helpful) {
    if (!this.current) return;
    this.votes.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.helpful === String(helpful))));
    this.emit("feedback", { page: this.current.pathname, anchor: decodeURIComponent(this.current.hash.slice(1)), helpful });
    this.thanks.textContent = say(this.config, helpful ? "thanks_yes" : "thanks_no");
    if (!helpful) this.root.querySelector(".kbw-channels a")?.focus();
  }
}
