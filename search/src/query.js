// Answering a query from the index: the same steps, in the same order, as kbgen/index/query.py.
// Every score is an integer, so this client and `kbgen search` rank identically.
import {
  MARKED_LANGS, STEM_MAX_CHARS, TITLE_MARK, WORD, analyze, analyzeWord, clusters, fold, simplify, isCjk, isSmallAlphabetPair,
  isStopWord, segments, stem, stripEnding, titleKey, wholeWord,
} from "./analysis.js";
import {
  COMPOUND_PART_MIN, COMPOUND_STOP_TAIL_MAX, COMPOUND_WORD_MIN, FACTOR_COMPOUND, FACTOR_EXACT, FACTOR_FAMILY,
  FACTOR_MARKED, FACTOR_PREFIX, FACTOR_SYNONYM, FACTOR_TYPO_1, FACTOR_TYPO_2, FAMILY_CUT, FAMILY_STEM_MIN,
  MAX_PREFIX_TERMS, MAX_QUERY_WORDS, MAX_TYPO_TERMS, SLOTS,
  TYPO_1_MIN_LENGTH, TYPO_2_MIN_LENGTH, groupOf, prefixLimit, shardKey,
} from "./format.js";

const EMPTY = new Set();

/** Python's sort order for strings (by code point), which localeCompare is not. */
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Optimal string alignment distance (a swap of neighbours is one edit), capped at limit + 1; given the
 * language's slips (a Set of letter pairs), a substitution of two letters not paired there is two edits. */
export function editDistance(a, b, limit, slips = EMPTY) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2 = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : !slips.size || slips.has(a[i - 1] + b[j - 1]) ? 1 : 2;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, previous2[j - 2] + 1);
      }
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

function lowerBound(list, value) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Terms a query word meets, each with the best factor it meets them with. */
export function candidatesFor(index, token, isLast, entries) {
  const shard = index.shard(shardKey(token.surface));
  const found = new Map();
  const offer = (entry, factor) => {
    const term = entry[0];
    entries.set(term, entry); // a stem may live in another shard than the word typed
    if ((found.get(term) || 0) < factor) found.set(term, factor);
  };
  if (!shard) return found;
  const exact = shard.byTerm.get(token.term);
  if (exact) offer(exact, FACTOR_EXACT);
  if (token.whole) return found; // a Korean whole word is met as it is, or not at all
  if (isLast) {
    const prefixed = new Map();
    for (let i = lowerBound(shard.words, token.surface); i < shard.words.length; i++) {
      if (!shard.words[i].startsWith(token.surface)) break;
      if (shard.words[i].includes(" ")) continue; // keyword phrases are matched whole, by addPhrases
      const entry = shard.terms[shard.wordTerms[i]];
      prefixed.set(entry[0], entry);
    }
    [...prefixed.values()]
      .sort((x, y) => y[2] - x[2] || cmp(x[0], y[0]))
      .slice(0, prefixLimit(token.surface))
      .forEach((entry) => offer(entry, FACTOR_PREFIX));
  }
  const letters = Array.from(token.term);
  if (exact && letters.length >= FAMILY_STEM_MIN && !isCjk(letters[0])) {
    offerFamily(index, letters.slice(0, -FAMILY_CUT).join(""), offer);
  }
  if (!exact && token.surface.length >= TYPO_1_MIN_LENGTH) {
    const limit = token.surface.length >= TYPO_2_MIN_LENGTH ? 2 : 1;
    const near = new Map();
    shard.words.forEach((word, i) => {
      if (word.includes(" ")) return;
      const distance = editDistance(token.surface, word, limit, index.slips);
      if (distance <= limit) {
        const entry = shard.terms[shard.wordTerms[i]];
        const seen = near.get(entry[0]);
        if (!seen || seen[0] > distance) near.set(entry[0], [distance, entry]);
      }
    });
    [...near.values()]
      .sort((x, y) => x[0] - y[0] || y[1][2] - x[1][2] || cmp(x[1][0], y[1][0]))
      .slice(0, MAX_TYPO_TERMS)
      .forEach(([distance, entry]) => offer(entry, distance === 1 ? FACTOR_TYPO_1 : FACTOR_TYPO_2));
  }
  return found;
}

/** The words of a stem's family, those that begin with `root`, the stem less its last letters (see query.py). */
function offerFamily(index, root, offer) {
  const shard = index.shard(shardKey(root));
  if (!shard) return;
  const family = new Map();
  for (let i = lowerBound(shard.words, root); i < shard.words.length; i++) {
    const word = shard.words[i];
    if (!word.startsWith(root)) break;
    if (!word.includes(" ")) family.set(shard.terms[shard.wordTerms[i]][0], shard.terms[shard.wordTerms[i]]);
  }
  [...family.values()]
    .sort((x, y) => y[2] - x[2] || cmp(x[0], y[0]))
    .slice(0, MAX_PREFIX_TERMS)
    .forEach((entry) => offer(entry, FACTOR_FAMILY));
}

/** How a word meets a term it may be a slip of: one edit from 4 letters, two from 8; 0 if further or the same. */
export function typoFactor(token, term, slips) {
  if (token.surface.length < TYPO_1_MIN_LENGTH) return 0;
  const limit = token.surface.length >= TYPO_2_MIN_LENGTH ? 2 : 1;
  const distance = editDistance(token.term, term, limit, slips);
  return distance === 0 || distance > limit ? 0 : distance === 1 ? FACTOR_TYPO_1 : FACTOR_TYPO_2;
}

/** A word that meets nothing, a typo away from a one-word synonym, meets that synonym's group (see query.py). */
export function addSynonymTypos(synonyms, termEntry, tokens, found, entries, slips) {
  tokens.forEach((token, position) => {
    if (found[position].size || termEntry(token.term)) return;
    for (const group of synonyms) {
      const words = group.filter((phrase) => phrase.length === 1);
      const factor = Math.max(0, ...words.map((phrase) => typoFactor(token, phrase[0], slips)));
      if (!factor) continue;
      for (const other of group) {
        const otherEntries = other.map((term) => termEntry(term));
        if (otherEntries.some((entry) => !entry)) continue;
        other.forEach((term, k) => entries.set(term, otherEntries[k]));
        const key = other.join(PHRASE_JOIN);
        if ((found[position].get(key) || 0) < factor) found[position].set(key, factor);
      }
    }
  });
}

function samePhrase(terms, start, phrase) {
  return phrase.every((term, k) => terms[start + k] === term);
}

/** Joins the terms of a many-word synonym phrase into one key of `found`. */
export const PHRASE_JOIN = "\t";

/**
 * Where a query contains a phrase of a synonym group, its words also meet the other phrases.
 * A many-word phrase meets only documents that hold all of its words ("money back" must not match
 * every page that says "back"); it is offered as one key, its terms joined by PHRASE_JOIN.
 */
export function addSynonyms(synonyms, termEntry, tokens, found, entries) {
  const terms = tokens.map((t) => t.term);
  for (const group of synonyms) {
    for (const phrase of group) {
      for (let start = 0; start + phrase.length <= terms.length; start++) {
        if (!samePhrase(terms, start, phrase)) continue;
        for (const other of group) {
          if (other === phrase) continue;
          const otherEntries = other.map((term) => termEntry(term));
          if (otherEntries.some((entry) => !entry)) continue; // a word absent from the site: no match
          other.forEach((term, k) => entries.set(term, otherEntries[k]));
          const key = other.join(PHRASE_JOIN);
          for (let position = start; position < start + phrase.length; position++) {
            if ((found[position].get(key) || 0) < FACTOR_SYNONYM) found[position].set(key, FACTOR_SYNONYM);
          }
        }
      }
    }
  }
}

/**
 * A query that is (or begins) a keyword phrase meets it with every word; a keyword phrase the query
 * holds whole ("hvordan returnerer jeg" in "hvordan returnerer jeg en vare") meets the words it spans.
 */
export function addPhrases(index, whole, tokens, found, entries) {
  if (!whole.includes(" ")) return;
  const shard = index.shard(shardKey(whole));
  for (let i = shard ? lowerBound(shard.words, whole) : 0; shard && i < shard.words.length; i++) {
    const word = shard.words[i];
    if (!word.startsWith(whole)) break;
    const entry = shard.terms[shard.wordTerms[i]];
    if (!entries.has(entry[0])) entries.set(entry[0], entry);
    const term = entry[0];
    const factor = word === whole ? FACTOR_EXACT : FACTOR_PREFIX;
    for (const terms of found) if ((terms.get(term) || 0) < factor) terms.set(term, factor);
  }
  for (const [start, span, entry] of heldPhrases(index, whole, tokens)) {
    if (!entries.has(entry[0])) entries.set(entry[0], entry);
    const term = entry[0];
    tokens.forEach((token, k) => {
      if (token.position >= start && token.position < start + span && (found[k].get(term) || 0) < FACTOR_EXACT) {
        found[k].set(term, FACTOR_EXACT);
      }
    });
  }
}

/** Where a held keyword phrase may begin: the query's first word and each search word (see query.py). */
export function phraseStarts(whole, tokens) {
  const n = whole.split(" ").length;
  return [...new Set([0, ...tokens.map((t) => t.position)])].filter((k) => k < n).sort((a, b) => a - b);
}

/** [first word, number of words, entry] of each keyword phrase the query holds on word boundaries. */
function heldPhrases(index, whole, tokens) {
  const parts = whole.split(" ");
  const out = [];
  for (const start of phraseStarts(whole, tokens)) {
    const lead = parts[start] + " ";
    const shard = parts[start] ? index.shard(shardKey(lead)) : null;
    if (!shard) continue;
    const rest = parts.slice(start).join(" ") + " ";
    for (let i = lowerBound(shard.words, lead); i < shard.words.length; i++) {
      const word = shard.words[i];
      if (!word.startsWith(lead)) break;
      if (rest.startsWith(word + " ")) out.push([start, word.split(" ").length, shard.terms[shard.wordTerms[i]]]);
    }
  }
  return out;
}

/** Vietnamese typed with its accents ranks the same accents first ("hoàn" before "hoan"). */
export function addMarked(index, tokens, found, entries) {
  if (!MARKED_LANGS.has(index.lang)) return;
  tokens.forEach((token, i) => {
    const entry = token.word !== token.surface ? index.termEntry(token.word) : null;
    if (entry) {
      entries.set(token.word, entry);
      found[i].set(token.word, Math.max(found[i].get(token.word) || 0, FACTOR_MARKED));
    }
  });
}

/**
 * The query's search words: its first 8 content words, then its Korean whole words (the stem,
 * its particle stripped: "배송비는" -> "배송비"). Returns {tokens, segs}.
 */
export function queryTokens(text, lang, stops, rows) {
  const segs = segments(text, stops);
  const wholes = [];
  for (const seg of segs) {
    const word = seg.isRun ? wholeWord(seg.text, rows) : "";
    if (word) wholes.push({ word, surface: word, term: word, position: seg.position, whole: true });
  }
  const tokens = analyze(text, lang, stops).slice(0, MAX_QUERY_WORDS);
  const last = tokens.length ? tokens[tokens.length - 1].position : -1;
  return { tokens: tokens.concat(wholes.filter((t) => t.position <= last).slice(0, MAX_QUERY_WORDS)), segs };
}

function isCjkWord(word) {
  return isCjk(Array.from(word)[0]);
}

/** Closed and open compounds meet: adjacent words tried joined, an absent word tried split. */
export function addCompounds(index, tokens, segs, found, entries) {
  const at = new Map();
  tokens.forEach((t, i) => t.whole || at.set(t.position, i));
  const latin = segs.filter((s) => !isCjkWord(s.text));
  for (let k = 0; k + 1 < latin.length; k++) {
    const [first, second] = [latin[k], latin[k + 1]];
    if (second.position !== first.position + 1) continue;
    const targets = [first.position, second.position].filter((p) => at.has(p)).map((p) => at.get(p));
    const analysed = analyzeWord(first.text + second.text, index.lang, index.stopwords);
    const entry = analysed && targets.length ? index.termEntry(analysed[1]) : null;
    if (entry) {
      entries.set(entry[0], entry);
      for (const i of targets) if ((found[i].get(entry[0]) || 0) < FACTOR_COMPOUND) found[i].set(entry[0], FACTOR_COMPOUND);
    }
  }
  tokens.forEach((token, i) => {
    if (token.whole || isCjkWord(token.word) || index.termEntry(token.term) || found[i].size) return;
    const key = splitCompound(index, token.surface, entries);
    if (key && (found[i].get(key) || 0) < FACTOR_COMPOUND) found[i].set(key, FACTOR_COMPOUND);
  });
}

/** Every part a split of `surface` could look up: what index.js loads before `collect`. */
export function compoundParts(surface) {
  const cs = Array.from(surface);
  const parts = [];
  if (cs.length < COMPOUND_WORD_MIN || cs.length > STEM_MAX_CHARS) return parts; // a pasted blob: n² strings
  for (let cut = 2; cut < cs.length - 1; cut++) parts.push(cs.slice(0, cut).join(""), cs.slice(cut).join(""));
  return parts;
}

/** The best split of a word into two the site has, as a key of `found`; "" if none (see query.py). */
export function splitCompound(index, surface, entries) {
  const cs = Array.from(surface);
  if (cs.length < COMPOUND_WORD_MIN || cs.length > STEM_MAX_CHARS) return "";
  let best = null;
  for (let cut = 2; cut < cs.length - 1; cut++) {
    const head = cs.slice(0, cut).join("");
    const tail = cs.slice(cut).join("");
    const parts = [compoundPart(index, head, false), compoundPart(index, tail, true)];
    if (parts.some((p) => p === null) || parts.every((p) => p === false)) continue;
    const rank = [Math.min(cut, cs.length - cut), -cut];
    if (!best || rank[0] > best[0] || (rank[0] === best[0] && rank[1] > best[1])) {
      best = [rank[0], rank[1], parts.filter((p) => p)];
    }
  }
  if (!best) return "";
  for (const entry of best[2]) entries.set(entry[0], entry);
  return best[2].map((entry) => entry[0]).join(PHRASE_JOIN);
}

/** A part of a split word: its index entry, false for a stop word, null when it cannot be a part. */
function compoundPart(index, part, isTail) {
  const length = Array.from(part).length;
  if (isStopWord(part, index.stopwords)) return isTail && length <= COMPOUND_STOP_TAIL_MAX ? false : null;
  const analysed = analyzeWord(part, index.lang, index.stopwords);
  if (length < COMPOUND_PART_MIN || !analysed) return null;
  return index.termEntry(analysed[1]);
}

/** A query that is a page's whole title meets that page with every word. */
export function addTitle(index, tokens, found, entries) {
  const key = titleKey(tokens.map((t) => t.term));
  const entry = key ? index.termEntry(key) : null;
  if (!entry) return;
  entries.set(key, entry);
  for (const terms of found) terms.set(key, Math.max(terms.get(key) || 0, FACTOR_EXACT));
}

/** Does some word of the site begin with this character? */
function beginsAWord(index, ch) {
  const shard = index.shard(shardKey(ch));
  if (!shard) return false;
  const i = lowerBound(shard.words, ch);
  return i < shard.words.length && shard.words[i].startsWith(ch);
}

function uncoveredRuns(cs, covered) {
  const runs = [];
  let current = "";
  cs.forEach((ch, k) => {
    if (covered[k]) {
      if (current) runs.push(current);
      current = "";
    } else {
      current += ch;
    }
  });
  if (current) runs.push(current);
  return runs;
}

/** The query's words that meet nothing on the site, at word level in every script (see query.py). */
export function missingWords(index, tokens, segs, found) {
  const at = new Map();
  tokens.forEach((t, i) => t.whole || at.set(t.position, i));
  const wholeMet = new Set(tokens.filter((t, i) => t.whole && found[i].size).map((t) => t.position));
  const last = at.size ? Math.max(...at.keys()) : -1;
  const out = [];
  for (const seg of segs) {
    if (seg.position > last) break;
    const cs = clusters(seg.text); // a Thai letter with its marks is one character here
    if (!seg.isRun) {
      const i = at.get(seg.position);
      const lone = cs.length === 1 && isCjk(cs[0]);
      if (i !== undefined && !found[i].size && !(lone && beginsAWord(index, seg.text))) out.push(tokens[i].word);
      continue;
    }
    const covered = cs.map(() => wholeMet.has(seg.position));
    const stemLength = index.endings.length ? clusters(stripEnding(seg.text, index.endings)).length : cs.length;
    for (let k = stemLength; k < cs.length; k++) covered[k] = true;
    for (let k = 0; k < seg.parts; k++) {
      const i = at.get(seg.position + k);
      if (i === undefined || found[i].size) covered[k] = covered[k + 1] = true;
    }
    for (const run of uncoveredRuns(cs, covered)) {
      if (clusters(run).length > 1 || !(isStopWord(run, index.stopwords) || beginsAWord(index, run))) out.push(run);
    }
  }
  return out;
}

/**
 * A run of Thai or kana letters meets the site only where two neighbouring pairs of it meet one
 * document, or a synonym, keyword or title meets it whole; else it meets nothing (see
 * drop_lone_pair_runs in query.py). Needs the postings of the terms found: call after loading them.
 */
export function dropLonePairRuns(index, tokens, segs, found, entries) {
  const at = new Map();
  tokens.forEach((t, i) => t.whole || at.set(t.position, i));
  for (const seg of segs) {
    if (!seg.isRun || seg.parts < 2) continue;
    const met = [];
    for (let k = 0; k < seg.parts; k++) {
      const i = at.get(seg.position + k);
      met.push(i !== undefined && found[i].size ? i : null);
    }
    if (met.some((i) => i !== null && (!isSmallAlphabetPair(tokens[i].word) || meetsWhole(found[i])))) continue;
    if (!neighboursMeetOneDocument(index, entries, met.map((i) => (i === null ? new Map() : found[i])))) {
      for (const i of met) if (i !== null) found[i].clear();
    }
  }
}

/** Whether a query word meets a synonym phrase, a keyword phrase or a title: more than its pair. */
function meetsWhole(terms) {
  return [...terms.keys()].some((key) => key.includes(PHRASE_JOIN) || key.includes(" ") || key.endsWith(TITLE_MARK));
}

/** Whether two neighbouring pairs of a run (each as the terms it meets) meet a document together;
 * each pair's documents are read when first needed. */
function neighboursMeetOneDocument(index, entries, pairs) {
  const documents = new Map();
  const documentsOf = (k) => {
    if (!documents.has(k)) {
      const docs = new Set();
      for (const term of pairs[k].keys()) {
        const flat = postings(index, entries, term);
        let doc = 0;
        for (let j = 0; j < flat.length; j += 2) {
          doc += flat[j];
          docs.add(doc);
        }
      }
      documents.set(k, docs);
    }
    return documents.get(k);
  };
  for (let k = 0; k + 1 < pairs.length; k++) {
    if (!pairs[k].size || !pairs[k + 1].size) continue;
    const next = documentsOf(k + 1);
    for (const doc of documentsOf(k)) if (next.has(doc)) return true;
  }
  return false;
}

/** For each query word, the terms it meets ({term: factor}); the missing words come after `settle`. */
export function collect(index, tokens, segs, whole) {
  const entries = new Map(); // term -> [term, postings chunk, document frequency]
  const wordsOnly = tokens.filter((t) => !t.whole);
  const found = tokens.map((token, i) =>
    candidatesFor(index, token, i === wordsOnly.length - 1, entries),
  );
  addSynonyms(index.synonyms, (term) => index.termEntry(term), wordsOnly, found, entries);
  addPhrases(index, whole, tokens, found, entries);
  addMarked(index, wordsOnly, found, entries);
  addCompounds(index, tokens, segs, found, entries);
  addTitle(index, wordsOnly, found, entries);
  // Last: for a word nothing else met.
  addSynonymTypos(index.synonyms, (term) => index.termEntry(term), wordsOnly, found, entries, index.slips);
  return { found, entries };
}

/** What `collect` found, once its postings are loaded: runs of lone pairs dropped; the missing words. */
export function settle(index, tokens, segs, found, entries) {
  dropLonePairRuns(index, tokens, segs, found, entries);
  return missingWords(index, tokens, segs, found);
}

/** A term's postings: [doc id delta, impact, ...]. */
function postings(index, entries, term) {
  const entry = entries.get(term);
  return entry[1] < 0 ? entry[3] : index.chunk(entry[1])[term];
}

/** Document -> impact of a synonym phrase: the documents that have all its words, at its weakest word. */
function phraseImpacts(index, entries, key) {
  const parts = key.split(PHRASE_JOIN).map((term) => {
    const flat = postings(index, entries, term);
    const out = new Map();
    let doc = 0;
    for (let k = 0; k < flat.length; k += 2) {
      doc += flat[k];
      out.set(doc, flat[k + 1]);
    }
    return out;
  });
  const out = new Map();
  for (const doc of parts[0].keys()) {
    if (parts.every((part) => part.has(doc))) out.set(doc, Math.min(...parts.map((part) => part.get(doc))));
  }
  return out;
}

/**
 * Per-document scratch arrays kept between queries: while typing, one keystroke can meet tens of
 * thousands of documents, and typed arrays score them several times faster than Maps. Each query
 * resets what it touched; `rank` never awaits, so overlapping queries cannot share them midway.
 */
const scratch = { best: new Int32Array(1 << 14), scores: new Int32Array(1 << 14), masks: new Int32Array(1 << 14) };

function makeRoom(doc) {
  let size = scratch.best.length;
  while (size <= doc) size *= 2;
  for (const name of ["best", "scores", "masks"]) {
    const grown = new scratch[name].constructor(size);
    grown.set(scratch[name]);
    scratch[name] = grown;
  }
}

/** Score documents, fold them into results and order them; returns [[score, best doc], ...]. */
export function rank(index, found, entries, tokens) {
  const touched = []; // every document with a score
  const reach = []; // how many documents each query word meets
  found.forEach((terms, position) => {
    const met = []; // the documents this query word meets, each with its best value in scratch.best
    let best = scratch.best;
    const offer = (doc, value) => {
      if (doc >= best.length) {
        makeRoom(doc);
        best = scratch.best;
      }
      if (best[doc] === 0) met.push(doc);
      if (best[doc] < value) best[doc] = value;
    };
    for (const term of [...terms.keys()].sort(cmp)) {
      const factor = terms.get(term);
      if (term.includes(PHRASE_JOIN)) {
        for (const [doc, impact] of phraseImpacts(index, entries, term)) offer(doc, factor * impact);
        continue;
      }
      const flat = postings(index, entries, term);
      let doc = 0;
      for (let k = 0; k < flat.length; k += 2) {
        doc += flat[k];
        offer(doc, factor * flat[k + 1]);
      }
    }
    const { scores, masks } = scratch;
    reach.push(met.length);
    for (const doc of met) {
      if (scores[doc] === 0) touched.push(doc);
      scores[doc] += best[doc];
      masks[doc] |= 1 << position;
      best[doc] = 0;
    }
  });

  const { scores, masks } = scratch;
  const specific = mostSpecific(tokens, reach);
  const groups = new Map();
  for (const doc of touched.sort((a, b) => a - b)) {
    const key = groupOf(doc);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(doc);
  }
  const ranked = [];
  for (const [key, members] of groups) {
    let bestDoc = members[0];
    for (const doc of members) if (scores[doc] > scores[bestDoc]) bestDoc = doc;
    let score = scores[bestDoc];
    const head = bestDoc - (bestDoc % SLOTS);
    if (head !== bestDoc && scores[head] > 0 && groupOf(head) === key) score += Math.floor(scores[head] / 2);
    let mask = 0;
    for (const doc of members) mask |= masks[doc];
    ranked.push([score * popcount(mask), bestDoc, specific < 0 || (mask >> specific) & 1 ? 1 : 0]);
  }
  for (const doc of touched) {
    scores[doc] = 0;
    masks[doc] = 0;
  }
  ranked.sort((x, y) => y[2] - x[2] || y[0] - x[0] || x[1] - y[1]);
  return ranked;
}

const SPECIFIC_RATIO = 8;

/** The position of the query's most specific word, or -1 (see most_specific in query.py). */
function mostSpecific(tokens, reach) {
  const words = [];
  tokens.forEach((t, i) => {
    if (reach[i] && (t.whole || !(isCjkWord(t.word) && clusters(t.word).length === 2))) words.push(i);
  });
  if (words.length < 2) return -1;
  let best = words[0];
  for (const i of words) if (reach[i] < reach[best]) best = i;
  if (words.some((i) => i !== best && reach[best] * SPECIFIC_RATIO > reach[i])) return -1;
  return best;
}

function popcount(mask) {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };

export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/**
 * A window of `text` around the first matched word, matched words in <mark>, all else escaped.
 * The words of a synonym phrase ("money back") are marked only where the text has all of them.
 */
export function snippet(text, tokens, terms, lang, width = 160, phrases = []) {
  const surfaces = tokens.map((t) => t.surface);
  const termOf = new Map(); // a text repeats its words: stem each once
  const found = [...text.matchAll(WORD)].map((m) => {
    const lower = simplify(m[0].toLowerCase(), lang);
    if (!termOf.has(lower)) termOf.set(lower, fold(stem(lower, lang)));
    return [m.index, m.index + m[0].length, lower, termOf.get(lower)];
  });
  const present = new Set(found.map((word) => word[3]));
  const marked = new Set(terms);
  for (const phrase of phrases) if (phrase.every((t) => present.has(t))) phrase.forEach((t) => marked.add(t));
  const spans = [];
  for (const [s, e, lower, term] of found) {
    if (marked.has(term) || surfaces.some((surface) => fold(lower).startsWith(surface))) spans.push([s, e]);
  }
  let start = 0;
  if (spans.length && spans[0][0] > Math.floor(width / 3)) {
    start = text.lastIndexOf(" ", spans[0][0] - Math.floor(width / 4) - 1) + 1;
  }
  let end = Math.min(text.length, start + width);
  if (end < text.length) end = Math.max(text.lastIndexOf(" ", end - 1), start + Math.floor(width / 2));
  let out = "";
  let cursor = start;
  for (const [s, e] of spans) {
    if (s < start || e > end) continue;
    out += escapeHtml(text.slice(cursor, s)) + "<mark>" + escapeHtml(text.slice(s, e)) + "</mark>";
    cursor = e;
  }
  out += escapeHtml(text.slice(cursor, end));
  return (start > 0 ? "…" : "") + out.trim() + (end < text.length ? "…" : "");
}
