// An article of the help center read inside the panel: its page fetched cross-origin, parsed
// inert (DOMParser runs nothing), reduced to the article body, and made safe to show on the
// store's page: no scripts, no handlers, every link and image absolute, links in a new tab.
const DROP = [
  "script", "style", "link", "meta", "nav", "iframe", "object", "embed", "form", "template", "noscript",
  ".headerlink", "[data-kbgen-feedback]", ".kbgen-feedback", ".kbgen-contact", ".md-content__button",
  ".md-source-file", ".kbgen-faq__tools",
].join(",");
const BODY = ["article.md-content__inner", "article", "main", "body"];

// Attributes a browser navigates to, in any namespace and on any element: SVG's xlink:href has the
// local name href, and an <svg><a xlink:href="javascript:..."> ran its script on the store's page.
const URL_ATTRIBUTES = new Set(["href", "action", "formaction"]);
const SAFE_PROTOCOL = /^(https?|mailto|tel):$/;

/** ``value`` resolved against ``base``, or null when it is not a web, mail or phone address. */
function safeUrl(value, base) {
  try {
    const url = new URL(value, base);
    return SAFE_PROTOCOL.test(url.protocol) ? url : null;
  } catch {
    return null; // not a URL at all ("http://[")
  }
}

/** Links and images point at the help center; links open it in a new tab. */
function absolutize(root, base) {
  for (const el of root.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.localName)) el.removeAttributeNode(attr);
      else if (URL_ATTRIBUTES.has(attr.localName.toLowerCase()) && !safeUrl(attr.value, base)) el.removeAttributeNode(attr);
    }
  }
  for (const link of root.querySelectorAll("a[href]")) {
    const url = safeUrl(link.getAttribute("href"), base);
    if (!url) {
      link.removeAttribute("href");
      continue;
    }
    link.setAttribute("href", url.href);
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
  }
  for (const img of root.querySelectorAll("img[src]")) {
    try {
      img.src = new URL(img.getAttribute("src"), base).href;
    } catch {
      img.removeAttribute("src"); // not a URL: the article still shows
    }
    img.removeAttribute("srcset");
  }
}

/** The part of the page to show: one FAQ answer for a link to it, else the whole article. */
function bodyOf(doc, anchor) {
  const target = anchor && doc.getElementById(anchor);
  const details = target && (target.closest("details") || target.querySelector("details"));
  if (details) {
    details.open = true;
    return details;
  }
  for (const selector of BODY) {
    const found = doc.querySelector(selector);
    if (found) return found;
  }
  return doc.body;
}

/** {title, node} for the page at ``url``, its body adopted into ``ownerDocument``. */
export async function fetchArticle(url, ownerDocument = document) {
  const response = await fetch(url, { credentials: "omit" });
  if (!response.ok) throw new Error(`kbgen widget: ${url} answered ${response.status}`);
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const anchor = decodeURIComponent(new URL(url).hash.slice(1));
  const body = bodyOf(doc, anchor);
  body.querySelectorAll(DROP).forEach((el) => el.remove());
  absolutize(body, url);
  const title = doc.querySelector("h1")?.textContent.trim() || doc.title;
  const node = ownerDocument.createElement("div");
  node.append(...[...(body.tagName === "DETAILS" ? [body] : body.childNodes)].map((n) => ownerDocument.importNode(n, true)));
  return { title, node };
}
