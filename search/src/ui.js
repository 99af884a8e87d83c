// The search boxes: an ARIA combobox with results as you type, and the /search/?q= page.
// Settled queries and result clicks are dispatched as kbgen:search and kbgen:click events.
import { escapeHtml } from "./query.js";

const TYPE_DELAY_MS = 60;
const SETTLE_DELAY_MS = 1000;
const DROPDOWN_LIMIT = 8;
const PAGE_LIMIT = 20;

function pageLang() {
  return document.documentElement.lang || "en";
}

/** Dispatch a kbgen:<type> event on document; sinks listen for these. */
export function emit(type, fields) {
  const detail = { type, ...fields, lang: pageLang(), page: location.pathname, ts: new Date().toISOString() };
  document.dispatchEvent(new CustomEvent(`kbgen:${type}`, { detail }));
  return detail;
}

function text(element, name, fallback) {
  return (element && element.dataset[name]) || fallback;
}

function count(element, n) {
  const template = n === 1 ? text(element, "resultOne", "{n} result") : text(element, "resultMany", "{n} results");
  return template.replace("{n}", String(n));
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

/** Tracks one box's query: answers as it changes, reports it once it settles. */
class QueryState {
  constructor(kbgen, input) {
    this.kbgen = kbgen;
    this.input = input;
    this.sequence = 0;
    this.settleTimer = null;
    this.lastSettled = "";
    this.latest = { query: "", total: 0, unmatched: [] };
  }

  async run(query, limit) {
    const sequence = ++this.sequence;
    const answer = await this.kbgen.query(query, { lang: pageLang(), limit });
    if (sequence !== this.sequence) return null; // a newer keystroke won
    this.latest = { query, total: answer.total, unmatched: answer.unmatched };
    return answer;
  }

  scheduleSettle() {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), SETTLE_DELAY_MS);
  }

  /** Report what is in the box now, answering it first if the last answer was for an earlier keystroke. */
  settle() {
    clearTimeout(this.settleTimer);
    const typed = this.input.value.trim();
    if (!typed || typed === this.lastSettled) return;
    this.lastSettled = typed;
    const { query, total, unmatched } = this.latest;
    if (query === typed) {
      emit("search", { query, results: total, unmatched });
      return;
    }
    this.kbgen
      .query(typed, { lang: pageLang(), limit: 1 })
      .then((answer) => emit("search", { query: typed, results: answer.total, unmatched: answer.unmatched }));
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
    state.scheduleSettle();
  });
}

function enhanceCombobox(box, kbgen) {
  const input = box.querySelector("input[type=search]");
  const panel = box.querySelector("[data-kbgen-panel]");
  const list = box.querySelector("[role=listbox]");
  const status = box.querySelector("[data-kbgen-status]");
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
    if (answer.results.length) {
      const more = answer.total > answer.results.length ? ` ${text(box, "more", "Press Enter for all results.")}` : "";
      status.innerHTML = escapeHtml(`${count(box, answer.total)}.${more}`);
    } else {
      const contact = box.dataset.contactUrl
        ? ` <a href="${escapeHtml(box.dataset.contactUrl)}">${escapeHtml(text(box, "contactLabel", "Contact us"))}</a>`
        : "";
      status.innerHTML =
        `<strong>${escapeHtml(text(box, "noResults", "No answers found for"))} “${escapeHtml(query)}”.</strong>` +
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
  input.addEventListener("blur", () => {
    state.settle();
    setTimeout(() => open(false), 150);
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
        state.settle();
      }
    } else if (event.key === "Escape") {
      if (!panel.hidden) open(false);
      else input.value = "";
    }
  });
}

function enhanceResultsPage(container, kbgen) {
  const input = container.querySelector("input[type=search]");
  const list = container.querySelector("[data-kbgen-results]");
  const summary = container.querySelector("[data-kbgen-summary]");
  const empty = container.querySelector("[data-kbgen-noresults]");
  const state = new QueryState(kbgen, input);

  const update = async () => {
    const query = input.value.trim();
    const params = new URLSearchParams(location.search);
    if (query) params.set("q", query);
    else params.delete("q");
    history.replaceState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
    if (!query) {
      list.innerHTML = "";
      summary.textContent = "";
      empty.hidden = true;
      return;
    }
    const answer = await state.run(query, PAGE_LIMIT);
    if (!answer || input.value.trim() !== query) return;
    const faqLabel = text(container, "faq", "FAQ");
    list.innerHTML = answer.results.map((r, i) => resultHtml(r, `kbgen-page-result-${i}`, false, faqLabel)).join("");
    [...list.querySelectorAll("a")].forEach((link, i) =>
      link.addEventListener("click", () => state.click(answer.results[i].url, i + 1)),
    );
    summary.textContent = answer.results.length
      ? `${text(container, "resultsFor", "{n} results for").replace("{n}", String(answer.total))} “${query}”`
      : `${text(container, "noResults", "No answers found for")} “${query}”`;
    empty.hidden = answer.results.length > 0;
  };

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
