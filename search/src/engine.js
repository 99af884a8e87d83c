// One language's search index read over the network: the manifest, then only the dictionary
// shards, postings chunks and page texts a query needs. Used by the page (index.js) and the widget.
import { MARKED_LANGS, analyzeWord, isCjk, phrase, stopWords, titleKey, useHanTable, useStemmer, useUnicodeTable } from "./analysis.js";
import { COMPOUND_WORD_MIN, INDEX_FORMAT, SLOTS, shardKey } from "./format.js";
import { PHRASE_JOIN, collect, compoundParts, phraseStarts, queryTokens, rank, settle, snippet, typoFactor } from "./query.js";

export class Index {
  constructor(base, manifest) {
    this.base = base;
    this.root = new URL(manifest.index, base);
    this.lang = manifest.analyser || manifest.lang; // pt-br is analysed as pt
    this.stopwords = stopWords(manifest.stopwords, manifest.stopwords_folded, manifest.elisions || []);
    this.endings = manifest.endings || [];
    this.slips = new Set((manifest.slips || []).flatMap((pair) => [pair, Array.from(pair).reverse().join("")]));
    this.synonyms = manifest.synonyms;
    this.shardKeys = new Set(manifest.shards);
    this.shards = new Map();
    this.chunks = new Map();
    this.pages = new Map();
  }

  async fetchJson(name, cache) {
    if (!cache.has(name)) {
      cache.set(name, fetch(new URL(name, this.root)).then((r) => {
        if (!r.ok) throw new Error(`kbgen search: ${name} answered ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(name);
  }

  async loadShard(key) {
    if (!this.shardKeys.has(key)) return null;
    const data = await this.fetchJson(`d-${key}.json`, this.shards);
    if (!data.words) {
      data.words = data.w.map((w) => w[0]);
      data.wordTerms = data.w.map((w) => w[1]);
      data.terms = data.t;
      data.byTerm = new Map(data.t.map((t) => [t[0], t]));
    }
    return data;
  }

  /** The dictionary shards a query reads before it is ranked: its words', their joins, its title, the
   * keyword phrases it may hold. */
  shardsFor(tokens, segs, whole) {
    const keys = new Set(tokens.flatMap((t) => [shardKey(t.surface), shardKey(t.term)]));
    if (whole.includes(" ")) {
      keys.add(shardKey(whole));
      const parts = whole.split(" ");
      for (const k of phraseStarts(whole, tokens)) if (parts[k]) keys.add(shardKey(parts[k])); // a phrase it holds
    }
    if (MARKED_LANGS.has(this.lang)) tokens.forEach((t) => t.word !== t.surface && keys.add(shardKey(t.word)));
    const terms = new Set(tokens.map((t) => t.term));
    const words = tokens.filter((t) => !t.whole);
    const near = (phrase) => phrase.length === 1 && words.some((t) => typoFactor(t, phrase[0], this.slips));
    for (const group of this.synonyms) {
      if (group.some((phrase) => phrase.every((term) => terms.has(term)) || near(phrase))) {
        group.flat().forEach((term) => keys.add(shardKey(term)));
      }
    }
    const key = titleKey(tokens.filter((t) => !t.whole).map((t) => t.term));
    if (key) keys.add(shardKey(key));
    for (const seg of segs) {
      for (const ch of Array.from(seg.text)) if (isCjk(ch)) keys.add(shardKey(ch)); // is it on the site at all?
    }
    segs.forEach((seg, k) => {
      const next = segs[k + 1];
      const joined = next && next.position === seg.position + 1 && analyzeWord(seg.text + next.text, this.lang, this.stopwords);
      if (joined) keys.add(shardKey(joined[1]));
    });
    return keys;
  }

  /** The shards a word absent from the site needs to be tried split in two ("giftcard"). */
  splitShards(tokens, termEntry) {
    const keys = new Set();
    for (const token of tokens) {
      if (token.whole || isCjk(Array.from(token.surface)[0]) || Array.from(token.surface).length < COMPOUND_WORD_MIN) continue;
      if (termEntry(token.term)) continue;
      for (const part of compoundParts(token.surface)) {
        const analysed = analyzeWord(part, this.lang, this.stopwords);
        if (analysed) keys.add(shardKey(analysed[1]));
      }
    }
    return keys;
  }

  async query(text, limit) {
    const { tokens, segs } = queryTokens(text, this.lang, this.stopwords, this.endings);
    if (!tokens.length) return { results: [], missing: [], unmatched: [], total: 0 };
    const whole = phrase(text, this.lang, this.stopwords);
    // A synchronous view of what this query loaded, for query.js (queries may overlap while typing).
    const shards = new Map();
    const chunks = new Map();
    const view = {
      lang: this.lang,
      synonyms: this.synonyms,
      stopwords: this.stopwords,
      endings: this.endings,
      slips: this.slips,
      shard: (key) => shards.get(key) || null,
      termEntry: (term) => shards.get(shardKey(term))?.byTerm.get(term) || null,
      chunk: (n) => chunks.get(n),
    };
    const load = (keys) => Promise.all([...keys].map(async (key) => shards.set(key, await this.loadShard(key))));
    await load(this.shardsFor(tokens, segs, whole));
    await load([...this.splitShards(tokens, view.termEntry)].filter((key) => !shards.has(key)));
    const { found, entries } = collect(view, tokens, segs, whole);
    const needed = new Set([...entries.values()].map((entry) => entry[1]).filter((n) => n >= 0));
    await Promise.all([...needed].map(async (n) => chunks.set(n, await this.fetchJson(`p-${n}.json`, this.chunks))));
    const missing = settle(view, tokens, segs, found, entries);
    const ranked = rank(view, found, entries, tokens);
    const wordsOnly = tokens.filter((t) => !t.whole);
    const matchedKeys = new Set(found.flatMap((map) => [...map.keys()]));
    const matchedTerms = new Set([...matchedKeys].filter((key) => !key.includes(PHRASE_JOIN)));
    const phrases = [...matchedKeys].filter((key) => key.includes(PHRASE_JOIN)).map((key) => key.split(PHRASE_JOIN));
    const top = ranked.slice(0, limit);
    const pages = await Promise.all(top.map(([, doc]) => this.fetchJson(`g-${Math.floor(doc / SLOTS)}.json`, this.pages)));
    const results = top.map(([score, doc], i) => {
      const page = pages[i];
      const [anchor, title, kind, body] = page.s[String(doc % SLOTS)];
      return {
        url: page.u + (anchor ? `#${anchor}` : ""),
        title,
        snippet: snippet(body, wordsOnly, matchedTerms, this.lang, kind === "faq" ? 320 : 160, phrases),
        kind,
        score,
        page: page.t,
        category: page.c,
      };
    });
    // `missing`: the query's words the site never uses; `unmatched` is its older name.
    return { results, missing, unmatched: missing, total: ranked.length };
  }
}

/** The index whose manifest is at ``url`` (any origin that allows it), warning on a format mismatch. */
export async function openIndex(url, client = "kbgen-search.js") {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`kbgen search: ${url} answered ${response.status}`);
  const manifest = await response.json();
  if (manifest.format !== INDEX_FORMAT) {
    console.warn(
      `kbgen search: the index is format ${manifest.format} but this client reads format ${INDEX_FORMAT}; ` +
        `a cached copy of ${client} is probably stale — reload the page.`,
    );
  }
  const base = new URL(".", url);
  await loadAnalyser(base, manifest);
  return new Index(base, manifest);
}

/** What the language's analyser needs besides the client: the building Python's Unicode classes,
 * its stemmer (an ES module beside the manifest) and, for Chinese, the Traditional -> Simplified table. */
async function loadAnalyser(base, manifest) {
  const lang = manifest.analyser || manifest.lang;
  const jobs = [];
  if (manifest.stemmer) {
    jobs.push(import(new URL(manifest.stemmer, base).href).then((module) => useStemmer(lang, module.stem)));
  }
  if (manifest.unicode) {
    // Without the table the browser's own letters read words: search works, a few new letters differ.
    jobs.push(fetchJson(base, manifest.unicode).then(useUnicodeTable).catch((error) => console.warn(error.message)));
  }
  if (manifest.han) jobs.push(fetchJson(base, manifest.han).then(useHanTable));
  await Promise.all(jobs);
}

async function fetchJson(base, name) {
  const response = await fetch(new URL(name, base));
  if (!response.ok) throw new Error(`kbgen search: ${name} answered ${response.status}`);
  return response.json();
}
