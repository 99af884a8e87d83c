// The index format this client reads; kbgen/index/format.py holds the same constants.
// A breaking change bumps INDEX_FORMAT on both sides together.
import { isCjk } from "./analysis.js";

export const INDEX_FORMAT = 3;

export const SLOTS = 128;
export const FAQ_SLOT = 64;

export const FACTOR_MARKED = 10;
export const FACTOR_EXACT = 8;
export const FACTOR_SYNONYM = 6;
export const FACTOR_COMPOUND = 6;
export const FACTOR_PREFIX = 5;
export const FACTOR_TYPO_1 = 4;
export const FACTOR_TYPO_2 = 3;
export const FACTOR_FAMILY = 3;
export const MAX_QUERY_WORDS = 8;
export const MAX_PREFIX_TERMS = 24;
export const MAX_PREFIX_TERMS_ONE_LETTER = 8;
export const MAX_TYPO_TERMS = 12;
export const TYPO_1_MIN_LENGTH = 4;
export const TYPO_2_MIN_LENGTH = 8;
export const FAMILY_STEM_MIN = 7;
export const FAMILY_CUT = 2;
export const COMPOUND_WORD_MIN = 6;
export const COMPOUND_PART_MIN = 4;
export const COMPOUND_STOP_TAIL_MAX = 3;

const CJK_SHARDS = 64;

/** The dictionary shard a surface word lives in (see kbgen/index/format.py). */
export function shardKey(surface) {
  const code = surface.codePointAt(0);
  if (isCjk(String.fromCodePoint(code))) return "c" + (code % CJK_SHARDS).toString(16).padStart(2, "0");
  return code.toString(16).padStart(4, "0");
}

/** Sections fold into their page's result; an FAQ answer is its own result. */
export function groupOf(doc) {
  return doc % SLOTS >= FAQ_SLOT ? doc : -Math.floor(doc / SLOTS) - 1;
}

/** How many terms a last word being typed expands to (see prefix_limit in kbgen/index/format.py). */
export function prefixLimit(surface) {
  const letters = Array.from(surface);
  return letters.length === 1 && !isCjk(letters[0]) ? MAX_PREFIX_TERMS_ONE_LETTER : MAX_PREFIX_TERMS;
}
