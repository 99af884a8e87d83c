// The widget's events, dispatched on the store page's document as kbgen:<type> like the help
// center's own, with "source": "widget". Their page is a page of the help center, as the
// collector wants: the language's home for search, click and contact, the article for feedback.
import { visitId } from "../visit.js";

export function widgetEmitter(lang, home) {
  return (type, fields) => {
    const detail = { type, page: home, ...fields, source: "widget", lang, ts: new Date().toISOString(), visit: visitId() };
    document.dispatchEvent(new CustomEvent(`kbgen:${type}`, { detail }));
    return detail;
  };
}
