// The search boxes: an ARIA combobox with results as you type, and the /search/?q= page.
// Settled queries and result clicks are dispatched as kbgen:search and kbgen:click events; a
// settled query is reported once per visit, wherever the shopper types it again.
import { missingWords, writeMissing } from "./notice.js";
import { escapeHtml } from "./query.js";
import { visitId } from "./visit.js";

const TYPE_DELAY_MS = 60;
const SETTLE_DELAY_MS = 1000;
const DROPDOWN_LIMIT = 8;
const PAGE_SIZE = 20;
const REPORTED_KEY = "kbgen:reported";
const MISSING_WORDS = "No articles mention {words}.";

function pageLang() {
  return document.documentElement.lang || "en";
}

/** Dispatch a kbgen:<type> event on document; sinks listen for these. */
export function emit(type, fields) {
  const detail = { type, ...fields, lang: pageLang(), page: location.pathname, ts: new Date().toISOString(), visit: visitId() };
  document.dispatchEvent(new CustomEvent(`kbgen:${type}`, { detail }));
  return detail;
}

const NO_RESULTS = "No answers found for “{query}”";

function text(element, name, fallback) {
  return (element && element.dataset[name]) || fallback;
}

/** ``template`` with each ``{name}`` of ``values`` filled in one pass: a query holding "{n}" or "$&" stays as typed. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function count(element, n) {
  const template = n === 1 ? text(element, "resultOne", "{n} result") : text(element, "resultMany", "{n} results");
  return fill(template, { n });
}

function resultHtml(result, id, inListbox = true, faqLabel = "FAQ") {
  const context = result.kind === "article" ? result.category : result.page;
  const label = result.kind === "faq" ? `<span class="kbgen-result__badge">${escapeHtml(faqLabel)}</span>` : "";
  // In the listbox the link is the option itself (a link inside an option would nest one control
  // in another); focus stays in the box, which points at it with aria-activedescendant.
  return (
    `<li class="kbgen-result kbgen-result--${result.kind}"${inListbox ? ' role="none"' : ` id="${id}"`}>` +
    `<a class="kbgen-result__link" href="${escapeHtml(result.url)}"` +
    (inListbox ? ` id="${id}" role="option" aria-selected="false" tabindex="-1">` : ">") +
    `<span class="kbgen-result__title">${label}${escapeHtml(result.title)}</span>` +
    (context ? `<span class="kbgen-result__context">${escapeHtml(context)}</span>` : "") +
    `<span class="kbgen-result__snippet">${result.snippet}</span></a></li>`
  );
}

/** The query as reported: the same words in another case or spacing are the same search. */
function reportKey(query) {
  return `${pageLang()} ${query.replace(/\s+/g, " ").toLocaleLowerCase()}`;
}

// The visit's memory of the last query reported: sessionStorage lives as long as the tab and is
// shared by its pages, so the box on one page and /search/?q= on the next report a query once.
let reportedHere = null;

function lastReported() {
  try {
    return sessionStorage.getItem(REPORTED_KEY);
  } catch {
    return reportedHere; // storage refused: remember it for this page at least
  }
}

function rememberReported(key) {
  reportedHere = key;
  try {
    sessionStorage.setItem(REPORTED_KEY, key);
  } catch {
    // Storage refused or full: this page still remembers it.
  }
}

/** Tracks one box's query: answers as it changes, reports it once it settles. */
class QueryState {
  constructor(kbgen, input) {
    this.kbgen = kbgen;
    this.input = input;
    this.sequence = 0;
    this.settleTimer = null;
    this.handedOver = false;
    this.latest = { query: "", total: 0, unmatched: [] };
  }

  async run(query, limit) {
    const sequence = ++this.sequence;
    const answer = await this.kbgen.query(query, { lang: pageLang(), limit });
    if (sequence !== this.sequence) return null; // a newer keystroke won
    this.latest = { query, total: answer.total, unmatched: missingWords(answer) };
    return answer;
  }

  /** The form opens /search/?q= with this query, and that page reports it: nothing to report here. */
  handOver() {
    clearTimeout(this.settleTimer);
    this.handedOver = true;
  }

  typed() {
    this.handedOver = false; // back from the results page (the back-forward cache), typing again
    this.scheduleSettle();
  }

  scheduleSettle() {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_DELAY_MS);
  }

  /** Report what is in the box now, answering it first if the last answer was for an earlier keystroke. */
  settle() {
    clearTimeout(this.settleTimer);
    const typed = this.input.value.trim();
    if (!typed || this.handedOver) return;
    const key = reportKey(typed);
    if (key === lastReported()) return;
    rememberReported(key); // before answering: a second settle while it answers is the same search
    const { query, total, unmatched } = this.latest;
    if (query === typed) {
      emit("search", { query, results: total, unmatched });
      return;
    }
    this.kbgen
      .query(typed, { lang: pageLang(), limit: 1 })
      .then((answer) => emit("search", { query: typed, results: answer.total, unmatched: missingWords(answer) }));
  }

  click(url, position) {
    this.settle();
    emit("click", { query: this.input.value.trim(), url, position });
  }
}

/** Answer once typing pauses for a moment, and report the query once it settles. */
function answerWhileTyping(input, state, update) {
  let typeTimer = null;
  input.addEventListener("input", () => {
    clearTimeout(typeTimer);
    typeTimer = setTimeout(update, TYPE_DELAY_MS);
    state.typed();
  });
}

/**
 * Say before the results which words no article mentions, offer a person right there, and label
 * the results as answering the rest of the query; or clear all that. True when it is said.
 */
function showNotice(parts, template, words, hasResults) {
  const { notice, ask, rest } = parts;
  const shown = hasResults && words.length > 0;
  if (shown) writeMissing(notice, template, words, pageLang());
  else notice.replaceChildren();
  notice.classList.toggle("kbgen-notice--shown", shown);
  if (ask) ask.hidden = !shown;
  if (rest) rest.hidden = !shown;
  return shown;
}

function noticeParts(container, notice) {
  return {
    notice,
    ask: container.querySelector("[data-kbgen-ask]"),
    rest: container.querySelector("[data-kbgen-rest]"),
  };
}

function enhanceCombobox(box, kbgen) {
  const input = box.querySelector("input[type=search]");
  const panel = box.querySelector("[data-kbgen-panel]");
  const list = box.querySelector("[role=listbox]");
  const status = box.querySelector("[data-kbgen-status]");
  const notice = box.querySelector("[data-kbgen-notice]");
  const parts = notice ? noticeParts(box, notice) : null;
  const state = new QueryState(kbgen, input);
  let options = [];
  let active = -1;

  const open = (isOpen) => {
    panel.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) setActive(-1);
  };
  const setActive = (index) => {
    options.forEach((el, i) => el.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const render = (answer, query) => {
    const prefix = input.id || "kbgen-search";
    const faqLabel = text(box, "faq", "FAQ");
    list.innerHTML = answer.results.map((r, i) => resultHtml(r, `${prefix}-option-${i}`, true, faqLabel)).join("");
    options = [...list.querySelectorAll("[role=option]")];
    options.forEach((el, i) => {
      el.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the box
      el.addEventListener("click", () => state.click(answer.results[i].url, i + 1));
    });
    box.classList.toggle("kbgen-search--empty", answer.results.length === 0);
    const missing = parts && showNotice(parts, text(box, "missingWords", MISSING_WORDS), missingWords(answer), answer.results.length > 0);
    if (missing) list.setAttribute("aria-describedby", notice.id);
    else list.removeAttribute("aria-describedby");
    if (answer.results.length) {
      const more = answer.total > answer.results.length ? ` ${text(box, "more", "Press Enter for all results.")}` : "";
      status.innerHTML = escapeHtml(`${count(box, answer.total)}.${more}`);
    } else {
      const contact = box.dataset.contactUrl
        ? ` <a href="${escapeHtml(box.dataset.contactUrl)}">${escapeHtml(text(box, "contactLabel", "Contact us"))}</a>`
        : "";
      status.innerHTML =
        `<strong>${escapeHtml(fill(text(box, "noResults", NO_RESULTS), { query }))}</strong>` +
        ` ${escapeHtml(text(box, "noResultsHint", "Try other words, or ask us directly:"))}${contact}`;
    }
    setActive(-1);
    open(true);
  };

  const update = async () => {
    const query = input.value.trim();
    if (!query) {
      list.innerHTML = "";
      options = [];
      open(false);
      return;
    }
    const answer = await state.run(query, DROPDOWN_LIMIT);
    if (answer && input.value.trim() === query) render(answer, query);
  };

  answerWhileTyping(input, state, update);
  input.addEventListener("focus", () => {
    if (input.value.trim() && options.length) open(true);
  });
  input.addEventListener("blur", (event) => {
    state.settle();
    if (panel.contains(event.relatedTarget)) return; // tabbed to a contact link in the panel
    setTimeout(() => open(false), 150);
  });
  panel.addEventListener("focusout", (event) => {
    if (!box.contains(event.relatedTarget)) setTimeout(() => open(false), 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options.length) return;
      event.preventDefault();
      open(true);
      let next = active + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= options.length) next = -1;
      else if (next < -1) next = options.length - 1;
      setActive(next);
    } else if (event.key === "Enter") {
      if (active >= 0 && options[active]) {
        event.preventDefault();
        const link = options[active];
        state.click(link.getAttribute("href"), active + 1);
        location.href = link.href;
      } else {
        state.handOver(); // the form opens /search/?q=, which reports the query once
      }
    } else if (event.key === "Escape") {
      if (!panel.hidden) open(false);
      else input.value = "";
    }
  });
}

/** The page's results from ``from`` on, appended; clicks report their position in the whole list. */
function appendResults(list, answer, from, state, faqLabel) {
  const html = answer.results.slice(from).map((r, i) => resultHtml(r, `kbgen-page-result-${from + i}`, false, faqLabel));
  if (from === 0) list.innerHTML = "";
  list.insertAdjacentHTML("beforeend", html.join(""));
  [...list.querySelectorAll(".kbgen-result__link")].slice(from).forEach((link, i) =>
    link.addEventListener("click", () => state.click(answer.results[from + i].url, from + i + 1)),
  );
}

/** "Showing 40 of 57 results" and the button for the next 20, while there are more than one page holds. */
function showCount(container, more, answer) {
  const shown = answer.results.length;
  more.hidden = answer.total <= PAGE_SIZE;
  more.querySelector("[data-kbgen-shown]").textContent = fill(
    text(container, "showing", "Showing {shown} of {n} results"), { shown, n: answer.total });
  more.querySelector("[data-kbgen-show-more]").hidden = shown >= answer.total;
}

function summarize(container, summary, parts, answer, query) {
  const template = text(container, "missingWords", MISSING_WORDS);
  if (showNotice(parts, template, missingWords(answer), answer.results.length > 0)) return;
  const found = answer.total === 1 ? text(container, "resultForOne", "{n} result for “{query}”")
    : text(container, "resultsFor", "{n} results for “{query}”");
  summary.textContent = fill(answer.results.length ? found : text(container, "noResults", NO_RESULTS),
    { n: answer.total, query });
}

function enhanceResultsPage(container, kbgen) {
  const input = container.querySelector("input[type=search]");
  const list = container.querySelector("[data-kbgen-results]");
  const summary = container.querySelector("[data-kbgen-summary]");
  const empty = container.querySelector("[data-kbgen-noresults]");
  const more = container.querySelector("[data-kbgen-more]");
  const parts = noticeParts(container, summary);
  const faqLabel = text(container, "faq", "FAQ");
  const state = new QueryState(kbgen, input);

  const update = async () => {
    const query = input.value.trim();
    const params = new URLSearchParams(location.search);
    if (query) params.set("q", query);
    else params.delete("q");
    history.replaceState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
    if (!query) {
      list.innerHTML = "";
      showNotice(parts, "", [], false);
      summary.textContent = "";
      empty.hidden = true;
      more.hidden = true;
      return;
    }
    const answer = await state.run(query, PAGE_SIZE);
    if (!answer || input.value.trim() !== query) return;
    appendResults(list, answer, 0, state, faqLabel);
    summarize(container, summary, parts, answer, query);
    showCount(container, more, answer);
    empty.hidden = answer.results.length > 0;
  };

  // The next 20: focus moves to the first of them, and the new count is announced.
  more.querySelector("[data-kbgen-show-more]").addEventListener("click", async () => {
    const query = input.value.trim();
    const from = list.children.length;
    const answer = await state.run(query, from + PAGE_SIZE);
    if (!answer || input.value.trim() !== query) return;
    appendResults(list, answer, from, state, faqLabel);
    showCount(container, more, answer);
    list.querySelectorAll(".kbgen-result__link")[from]?.focus();
  });

  input.value = new URLSearchParams(location.search).get("q") || "";
  answerWhileTyping(input, state, update);
  input.addEventListener("blur", () => state.settle());
  container.querySelector("form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    update().then(() => state.settle());
  });
  if (input.value) update().then(() => state.settle());
  input.focus();
}

export function enhanceSearchBoxes(kbgen) {
  document.querySelectorAll("[data-kbgen-search]").forEach((box) => enhanceCombobox(box, kbgen));
  document.querySelectorAll("[data-kbgen-search-page]").forEach((page) => enhanceResultsPage(page, kbgen));
}
