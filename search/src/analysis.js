// Text to search terms, step for step as kbgen/index/analysis.py does it (tests/parity checks).
import { stem as porter2 } from "porter2";

const WORD = /[\p{L}\p{N}]+/gu;
const APOSTROPHE = /(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu;
const MARK = /\p{Mn}/gu;

const STEMMERS = { en: porter2 };

/** Remove accents for matching: "crème" and "creme" meet. */
export function fold(word) {
  return word.normalize("NFKD").replace(MARK, "");
}

export function words(text) {
  const normal = text.normalize("NFKC").toLowerCase().replace(APOSTROPHE, "");
  return normal.match(WORD) || [];
}

export function stem(word, lang) {
  const stemmer = STEMMERS[lang];
  return stemmer ? stemmer(word) : word;
}

/** Tokens of `text`: {word, surface, term, position}, stop words removed. */
export function analyze(text, lang, stopwords) {
  const tokens = [];
  words(text).forEach((word, position) => {
    if (stopwords.has(word)) return;
    tokens.push({ word, surface: fold(word), term: fold(stem(word, lang)), position });
  });
  return tokens;
}

/** A whole phrase as one key, stop words kept: how a keyword like "where is my order" is matched. */
export function phrase(text) {
  return fold(words(text).join(" "));
}
