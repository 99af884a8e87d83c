// The missing-word notice: "No articles mention afterpay." said before any result, so that a
// shopper never takes what matched the rest of the query for an answer about that word.
// Words are written as text nodes, never as HTML: they are what the shopper typed.

/** The words joined the way the page's language lists alternatives ("a, b or c"), as parts. */
function listParts(words, lang) {
  try {
    if (Intl.ListFormat.supportedLocalesOf([lang]).length) {
      return new Intl.ListFormat(lang, { type: "disjunction" }).formatToParts(words);
    }
  } catch {
    // No Intl.ListFormat: a plain comma list below.
  }
  return words.flatMap((value, i) => [...(i ? [{ type: "literal", value: ", " }] : []), { type: "element", value }]);
}

/** Fill ``element`` with ``template`` ("No articles mention {words}."), each word in an <em>. */
export function writeMissing(element, template, words, lang) {
  // The first {words} holds the list; whatever follows it, a second {words} included, stays as written.
  const at = template.indexOf("{words}");
  const [before, after] = at < 0 ? [`${template} `, ""] : [template.slice(0, at), template.slice(at + "{words}".length)];
  element.replaceChildren(before);
  for (const part of listParts(words, lang)) {
    if (part.type !== "element") {
      element.append(part.value);
      continue;
    }
    const em = document.createElement("em");
    em.textContent = part.value;
    element.append(em);
  }
  element.append(after);
}

/** The query's words that meet nothing on the site, each once (the API's ``missing``). */
export function missingWords(answer) {
  const words = answer.missing || answer.unmatched || [];
  return [...new Set(words.map((word) => String(word)).filter((word) => word.trim()))];
}
