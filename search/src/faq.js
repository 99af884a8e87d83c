// FAQ pages: each question is a closed <details> (kbgen/site/faq.py). A deep link or a search
// result names a question by its anchor: that question opens and scrolls into view. "Expand all"
// opens every answer, for shoppers who would rather read the whole page or search it with Ctrl+F.
const ITEM = "details.kbgen-faq-item";

function targetItem() {
  let id = "";
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return null; // a malformed %-escape names no question
  }
  return id ? document.getElementById(id)?.closest(ITEM) ?? null : null;
}

function openTarget() {
  const item = targetItem();
  if (!item) return;
  item.open = true;
  item.scrollIntoView({ block: "start" });
}

function enhanceToggle(items) {
  const button = document.querySelector("[data-kbgen-expand]");
  if (!button) return;
  const allOpen = () => items.every((item) => item.open);
  const label = () => {
    button.textContent = allOpen() ? button.dataset.collapse : button.dataset.expand;
  };
  button.addEventListener("click", () => {
    const open = !allOpen();
    items.forEach((item) => (item.open = open));
    label();
  });
  items.forEach((item) => item.addEventListener("toggle", label));
  button.hidden = false;
  label();
}

export function enhanceFaq() {
  const items = [...document.querySelectorAll(ITEM)];
  if (!items.length) return;
  enhanceToggle(items);
  openTarget();
  addEventListener("hashchange", openTarget);
}
