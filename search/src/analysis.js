// Text to search terms, step for step as kbgen/index/analysis.py does it (tests/parity checks
// every language). Read that module's docstring for the why of each step.
import { stemmer as danish } from "@orama/stemmers/danish";
import { stem as porter2 } from "porter2";

// The combining marks that stay inside a word: the same fixed list as analysis.py's MARKS.
const MARKS =
  "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a" +
  "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0e31\u0e34-\u0e3a" +
  "\u0e47-\u0e4e\u1ab0-\u1ace\u1dc0-\u1dff\u20d0-\u20f0\u3099\u309a\ufe00-\ufe0f\ufe20-\ufe2f";
// Word characters: the building Python's letters and digits once the site's Unicode table is taken
// (useUnicodeTable), the browser's own until then (a table-less index, Node tools).
let letters = "\\p{L}\\p{N}";
let knownRun = null; // a run of characters the building Python knows: the others are left as they are
export let WORD = wordPattern();
let APOSTROPHE = apostrophePattern();

function wordPattern() {
  return new RegExp(`[${letters}]+(?:[${MARKS}][${letters}]*)*`, "gu");
}

function apostrophePattern() {
  return new RegExp(`(?<=[${letters}])['\u2019](?=[${letters}])`, "gu");
}

const classRange = (first, last) => (first === last ? `\\u{${first.toString(16)}}` : `\\u{${first.toString(16)}}-\\u{${last.toString(16)}}`);

/** Take the Unicode classes of the Python that built the index ({unicode, runs}: the site's
 * search/unicode.<hash>.json, kbgen/index/unicode_table.py), so that a letter newer than that
 * Python is no letter here either, whatever this browser's Unicode version. */
export function useUnicodeTable(data) {
  const refused = new Error("kbgen search: the Unicode table is not one kbgen wrote; the browser's own letters are used");
  const runs = data?.runs;
  // Runs of one class each, their lengths in base 36, covering at most every code point: anything
  // else is refused whole, and the classes stay what they were.
  if (typeof runs !== "string" || !/^(?:[UWO][0-9a-z]+)*$/.test(runs)) throw refused;
  const word = [];
  const unknown = [];
  let first = 0;
  for (const [, kind, length] of runs.matchAll(/([UWO])([0-9a-z]+)/g)) {
    const next = first + parseInt(length, 36);
    if (next <= first || next > 0x110000) throw refused;
    if (kind === "W") word.push(classRange(first, next - 1));
    else if (kind === "U") unknown.push(classRange(first, next - 1));
    first = next;
  }
  const previous = letters;
  try {
    letters = word.join("");
    const run = new RegExp(`[^${unknown.join("")}]+`, "gu");
    [WORD, APOSTROPHE, knownRun] = [wordPattern(), apostrophePattern(), run];
  } catch {
    letters = previous;
    throw refused;
  }
}
const CLUSTER = new RegExp(`[^][${MARKS}]*`, "gu");
const MARK = /(?![\u0e00-\u0e7f])\p{Mn}/gu; // Thai marks are letters' parts, never folded away
const FOLD_EXTRA = { "đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ß": "ss", "\u0640": "" };
for (const zero of [0x0660, 0x06f0, 0x0e50]) for (let n = 0; n < 10; n++) FOLD_EXTRA[String.fromCodePoint(zero + n)] = String(n);
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join("")}]`, "gu");
const CJK_RANGES = [
  [0x0e01, 0x0e4f], [0x1100, 0x11ff], [0x3040, 0x30ff], [0x3130, 0x318f], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0xa960, 0xa97f], [0xac00, 0xd7af], [0xf900, 0xfaff], [0x20000, 0x3ffff],
];
// Of those, the small alphabets, Thai and kana (see SMALL_ALPHABET_RANGES in analysis.py).
const SMALL_ALPHABET_RANGES = [[0x0e01, 0x0e4f], [0x3040, 0x30ff]];
export const MARKED_LANGS = new Set(["vi"]);
const HAN_FOLD_LANGS = new Set(["zh"]);
let hanTable = null; // Traditional -> Simplified (kbgen/index/han_simplified.json), see useHanTable

/** The language whose analyser a code uses: a regional variant ("pt-br") uses its base's ("pt"). */
export function analyserOf(lang) {
  return String(lang).toLowerCase().split("-")[0];
}

/** Take the Traditional -> Simplified table ({traditional, simplified}, as the site publishes it). */
export function useHanTable(data) {
  const from = chars(data.traditional);
  const to = chars(data.simplified);
  hanTable = new Map(from.map((ch, i) => [ch, to[i]]));
}

/** Traditional Chinese characters as Simplified ones, for Chinese: "退貨" is searched as "退货". */
export function simplify(word, lang) {
  if (!hanTable || !HAN_FOLD_LANGS.has(lang)) return word;
  let out = "";
  for (const ch of word) out += hanTable.get(ch) || ch;
  return out;
}

/** A text's characters, each with the combining marks that follow it (Thai "ที่" is one). */
export function clusters(text) {
  return text.match(CLUSTER) || [];
}

const TL_PREFIXES = [
  "ipinag", "ipag", "pinag", "nakaka", "makaka", "pinaka", "naka", "maka", "mag", "nag", "pag", "ipa", "ika",
  "ma", "na", "pa", "ka",
];
const TL_SUFFIXES = ["han", "hin", "an", "in"];

/** Code points, as Python iterates a str. */
function chars(text) {
  return Array.from(text);
}

export function fold(word) {
  return word
    .normalize("NFKD")
    .replace(MARK, "")
    .replace(FOLD_EXTRA_RE, (ch) => FOLD_EXTRA[ch])
    .normalize("NFC"); // Hangul syllables compose back
}

export function isCjk(ch) {
  const code = ch.codePointAt(0);
  return CJK_RANGES.some(([low, high]) => low <= code && code <= high);
}

/** Whether a character pair is written in a small alphabet only (Thai, kana). */
export function isSmallAlphabetPair(pair) {
  return Array.from(pair).every((ch) => {
    const code = ch.codePointAt(0);
    return SMALL_ALPHABET_RANGES.some(([low, high]) => low <= code && code <= high);
  });
}

function splitCjk(word) {
  const parts = [];
  for (const run of runsOf(word)) {
    const cs = isCjk(run) ? clusters(run) : [run];
    if (cs.length > 1) {
      for (let i = 0; i + 1 < cs.length; i++) parts.push(cs[i] + cs[i + 1]);
    } else {
      parts.push(run);
    }
  }
  return parts;
}

// NFKC and lowercase of characters the building Python knows: the browser does the same to them
// (Unicode's stability policies); one it does not know, it leaves as it is, and so cuts the run.
const caseFolded = (run) => run.normalize("NFKC").toLowerCase();

/** NFKC, lowercase, an elided word split off its next ("l'adresse": "l adresse"; `stops.elided`, from
 * the manifest's `elisions`), other apostrophes inside words dropped ("where's": "wheres"). */
function normalise(text, stops) {
  let normal = knownRun ? text.replace(knownRun, caseFolded) : caseFolded(text);
  if (stops && stops.elided) normal = normal.replace(stops.elided, "$1 ");
  return normal.replace(APOSTROPHE, "");
}

export function words(text, stops = null) {
  return (normalise(text, stops).match(WORD) || []).flatMap(splitCjk);
}

export function stemTagalog(input) {
  let word = input;
  const length = (w) => chars(w).length;
  for (let pass = 0; pass < 2; pass++) {
    const prefix = TL_PREFIXES.find((p) => word.startsWith(p) && length(word) - length(p) >= 4);
    if (prefix) word = word.slice(prefix.length);
    else if (word.startsWith("i") && length(word) >= 6) word = word.slice(1);
    const cs = chars(word);
    if (cs.length >= 6 && !"aeiou".includes(cs[0]) && ["um", "in"].includes(cs[1] + cs[2])) {
      word = cs[0] + cs.slice(3).join("");
    }
    const ds = chars(word);
    if (ds.length >= 6 && ds[0] + ds[1] === ds[2] + ds[3]) word = ds.slice(2).join("");
  }
  const suffix = TL_SUFFIXES.find((s) => word.endsWith(s) && length(word) - length(s) >= 4);
  return suffix ? word.slice(0, -suffix.length) : word;
}

const STEMMERS = { en: porter2, da: danish, tl: stemTagalog };

/** Add a language's stemmer: the site publishes the others beside the client (see engine.js). */
export function useStemmer(lang, stemmer) {
  STEMMERS[lang] = stemmer;
}

// Longer words are kept as they are, neither stemmed nor split as compounds, as analysis.py's STEM_MAX_CHARS says why (code points counted).
export const STEM_MAX_CHARS = 64;

export function stem(word, lang) {
  if (word.length > STEM_MAX_CHARS && chars(word).length > STEM_MAX_CHARS) return word;
  const stemmer = STEMMERS[lang];
  return stemmer ? stemmer(word) : word;
}

/** The manifest's stop word list, as `analyze` reads it: as written, and folded; `foldAll` where the
 * list is written without accents (the manifest's `stopwords_folded`), so words are compared folded. */
export function stopWords(list, foldAll = false, elisions = []) {
  const elided = elisions.length
    ? new RegExp(`(?<![${letters}])(${elisions.join("|")})['\u2019](?=[${letters}])`, "gu")
    : null;
  return { written: new Set(list), folded: new Set(list.map(fold)), foldAll: Boolean(foldAll), elided };
}

/**
 * Tokens of `text`: {word, surface, term, position}; `stops` comes from `stopWords`. A word with
 * marks is a stop word only as written ("mã" is not "mà"); without marks, if it folds to one.
 */
export function analyze(text, lang, stops) {
  const tokens = [];
  words(text, stops).forEach((written, position) => {
    const word = simplify(written, lang);
    const surface = fold(word);
    if (!surface || (surface !== word && !stops.foldAll ? stops.written.has(word) : stops.folded.has(surface))) return;
    tokens.push({ word: written, surface, term: fold(stem(word, lang)) || surface, position });
  });
  return tokens;
}

/** A whole phrase as one key, stop words kept: how a keyword like "where is my order" is matched. */
export function phrase(text, lang = "", stops = null) {
  return fold(simplify(words(text, stops).join(" "), lang));
}

// -- query words: what the query says, word by word (see kbgen/index/analysis.py) ----------------

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
const WHOLE_WORD_MIN = 3;
export const TITLE_MARK = "=";

function runsOf(word) {
  const cs = chars(word);
  if (!cs.some(isCjk)) return [word];
  const runs = [];
  let run = [];
  let runIsCjk = false;
  for (const ch of cs) {
    const cjk = isCjk(ch);
    if (run.length && cjk !== runIsCjk) {
      runs.push(run.join(""));
      run = [];
    }
    run.push(ch);
    runIsCjk = cjk;
  }
  if (run.length) runs.push(run.join(""));
  return runs;
}

/** The written words of `text`: {text, position, parts, isRun}, positions as in `words(text)`. */
export function segments(text, stops = null) {
  const normal = normalise(text, stops);
  const out = [];
  let position = 0;
  for (const word of normal.match(WORD) || []) {
    for (const run of runsOf(word)) {
      const count = isCjk(run) ? clusters(run).length : 1;
      const isRun = count > 1;
      const parts = isRun ? count - 1 : 1;
      out.push({ text: run, position, parts, isRun });
      position += parts;
    }
  }
  return out;
}

function isHangul(word) {
  return chars(word).every((ch) => HANGUL_FIRST <= ch.codePointAt(0) && ch.codePointAt(0) <= HANGUL_LAST);
}

function fitsAfter(syllable, where) {
  const final = (syllable.codePointAt(0) - HANGUL_FIRST) % 28;
  if (where === "c") return final !== 0;
  if (where === "v") return final === 0;
  if (where === "l") return final === 0 || final === 8;
  return true;
}

/** The stem of a Korean word: its longest fitting particle or ending removed (rows: the manifest's `endings`). */
export function stripEnding(word, rows) {
  if (!rows.length || !isHangul(word)) return word;
  const cs = chars(word);
  for (const [ending, where] of rows) {
    const cut = cs.length - chars(ending).length;
    if (cut >= 2 && word.endsWith(ending) && fitsAfter(cs[cut - 1], where)) return cs.slice(0, cut).join("");
  }
  return word;
}

/** The whole-word term of a Korean word ("배송비는" -> "배송비"), or "" where its pairs say it all. */
export function wholeWord(run, rows) {
  const stem = stripEnding(run, rows);
  return chars(stem).length >= WHOLE_WORD_MIN && isHangul(stem) ? stem : "";
}

/** The index key of a title, or of a query, as its terms. */
export function titleKey(terms) {
  const unique = [...new Set(terms)];
  return unique.length ? unique.join(" ") + TITLE_MARK : "";
}

/** A word's stop-word status the way `analyze` decides it. */
export function isStopWord(word, stops) {
  const surface = fold(word);
  return surface !== word && !stops.foldAll ? stops.written.has(word) : stops.folded.has(surface);
}

/** [surface, term] of one lowercased word, or null for a stop word. */
export function analyzeWord(written, lang, stops) {
  const word = simplify(written, lang);
  const surface = fold(word);
  if (!surface || isStopWord(word, stops)) return null; // a "word" of tatweel alone folds to nothing
  return [surface, fold(stem(word, lang)) || surface]; // Snowball Arabic stems some words to nothing
}
