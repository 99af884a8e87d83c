// kbgen:contact: a shopper reaching for a person. A click on a mailto:, tel: or chat link of a
// contact block is reported with the channel, the page (or "widget") and the visit's last query.
import { lastQuery, rememberQuery } from "./visit.js";

const CONTACT_BLOCKS = ".kbgen-contact, .kbgen-ask, .kbgen-feedback__contact, [data-kbgen-contact]";

/** email, phone or chat for a link of a contact block; null for any other link. */
export function channelOf(link) {
  const href = link.getAttribute("href") || "";
  if (link.dataset.kbgenChannel) return link.dataset.kbgenChannel;
  if (/^mailto:/i.test(href)) return "email";
  if (/^tel:/i.test(href)) return "phone";
  return link.closest(CONTACT_BLOCKS) ? "chat" : null;
}

/** The fields of a contact event; ``emit`` adds lang, page, ts and visit. */
export function contactFields(channel) {
  const query = lastQuery();
  return { channel, ...(query ? { query } : {}) };
}

/** Report contact-channel clicks anywhere in ``root`` and remember each settled query of the visit. */
export function trackContacts(root, emit, extra = {}) {
  root.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    const channel = link && channelOf(link);
    if (channel) emit("contact", { ...contactFields(channel), ...extra });
  });
}

/** Remember the query of every kbgen:search event on ``target`` for the contact event that may follow. */
export function followQueries(target = document) {
  target.addEventListener("kbgen:search", (event) => rememberQuery(event.detail?.query));
}
