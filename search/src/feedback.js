// "Was this helpful?" on every article and FAQ answer: one vote per answer per browser,
// remembered in localStorage and changeable; "No" asks why and offers a person.
import { enhanceFaq } from "./faq.js";

const VOTES_KEY = "kbgen:votes";
const COMMENT_LIMIT = 500;

function readVotes() {
  try {
    return JSON.parse(localStorage.getItem(VOTES_KEY)) || {};
  } catch {
    return {};
  }
}

function remember(key, helpful) {
  const votes = readVotes();
  if (helpful === undefined) delete votes[key];
  else votes[key] = helpful;
  try {
    localStorage.setItem(VOTES_KEY, JSON.stringify(votes));
  } catch {
    // Storage full or disabled: the vote still counts, it just is not remembered.
  }
}

// The page's own contact block steps aside while a widget offers a person after "No":
// the shopper sees one list of channels, next to the answer that failed them.
function showContact(contact, shown) {
  if (contact) contact.hidden = !shown;
  const page = document.querySelector("aside.kbgen-contact");
  if (page) page.hidden = Boolean(document.querySelector(".kbgen-feedback__contact:not([hidden])"));
}

// Under each FAQ answer the question is one short line ("Helpful? Yes No") until it is answered.
function makeCompact(widget) {
  widget.classList.add("kbgen-feedback--compact");
  const question = widget.querySelector(".kbgen-feedback__question");
  if (question?.dataset.short) question.textContent = question.dataset.short;
}

function enhanceWidget(slot, template, number, emit) {
  const widget = template.content.firstElementChild.cloneNode(true);
  if (slot.hasAttribute("data-compact")) makeCompact(widget);
  slot.replaceChildren(widget);
  const anchor = slot.dataset.anchor || "";
  const key = location.pathname + (anchor ? `#${anchor}` : "");
  const buttons = [...widget.querySelectorAll("[data-helpful]")];
  const form = widget.querySelector("form");
  const comment = widget.querySelector("[data-role=comment]");
  const count = widget.querySelector("[data-role=count]");
  const thanks = widget.querySelector(".kbgen-feedback__thanks");
  const contact = widget.querySelector(".kbgen-feedback__contact");
  const prefix = `kbgen-feedback-${number}`;
  comment.id = `${prefix}-comment`;
  count.id = `${prefix}-count`;
  comment.setAttribute("aria-describedby", count.id);
  widget.querySelector("[data-for=comment]").setAttribute("for", comment.id);
  widget.querySelectorAll("input[type=radio]").forEach((radio) => (radio.name = `${prefix}-reason`));
  let pendingNo = false;

  const send = (fields) => emit("feedback", { anchor, ...fields });
  const press = (helpful) =>
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(helpful !== undefined && b.dataset.helpful === String(helpful))));
  const showThanks = (helpful) => {
    thanks.textContent = helpful ? thanks.dataset.yes : thanks.dataset.no;
    const change = document.createElement("button");
    change.type = "button";
    change.className = "kbgen-feedback__change";
    change.textContent = thanks.dataset.change;
    change.addEventListener("click", () => {
      remember(key, undefined);
      press(undefined);
      thanks.textContent = "";
      form.hidden = true;
      showContact(contact, false);
      buttons[0].focus();
    });
    thanks.append(" ", change);
  };
  const flushNo = () => {
    if (!pendingNo) return;
    pendingNo = false;
    send({ helpful: false });
  };

  buttons.forEach((button) =>
    button.addEventListener("click", () => {
      const helpful = button.dataset.helpful === "true";
      flushNo();
      press(helpful);
      remember(key, helpful);
      if (helpful) {
        form.hidden = true;
        showContact(contact, false);
        send({ helpful: true });
        showThanks(true);
      } else {
        thanks.textContent = "";
        form.hidden = false;
        showContact(contact, true);
        pendingNo = true; // sent with the reason, or as it is when the shopper moves on
        form.querySelector("input[type=radio]").focus();
      }
    }),
  );
  comment.addEventListener("input", () => {
    count.textContent = `${comment.value.length} / ${COMMENT_LIMIT}`;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    pendingNo = false;
    const reason = form.querySelector("input[type=radio]:checked")?.value;
    // By code points, so an emoji is never cut in half (the collector refuses broken text).
    const text = Array.from(comment.value.trim()).slice(0, COMMENT_LIMIT).join("");
    send({ helpful: false, ...(reason ? { reason } : {}), ...(text ? { comment: text } : {}) });
    form.hidden = true;
    showThanks(false);
    thanks.focus?.();
  });
  addEventListener("pagehide", flushNo);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flushNo());

  const previous = readVotes()[key];
  if (previous !== undefined) {
    press(previous);
    showThanks(previous);
  }
}

export function enhanceFeedback(config, emit) {
  enhanceFaq(); // the answers open and close whether or not they ask for feedback
  const template = document.getElementById("kbgen-feedback-template");
  if (!config.feedback || !template) return;
  document.querySelectorAll("[data-kbgen-feedback]").forEach((slot, i) => enhanceWidget(slot, template, i + 1, emit));
}
