// Reads {"lang", "stopwords": [...], "texts": [...], "stemmer"?, "han"?, "folded"?, "elisions"?, "unicode"?} on stdin; prints each text's
// tokens as JSON. The parity test compares this with kbgen/index/analysis.py. `stemmer` names a
// bundle of dist/stemmers/ (the file a site in that language publishes); `han` is true where the
// site publishes kbgen/index/han_simplified.json, the Traditional -> Simplified table; `unicode` is the
// Unicode table a site publishes (kbgen/index/unicode_table.py), absent to use Node's own classes.
import { readFileSync } from "node:fs";
import { analyze, stopWords, useHanTable, useStemmer, useUnicodeTable } from "../src/analysis.js";

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const { lang, stopwords, texts, stemmer, han, folded, elisions, unicode } = JSON.parse(input);
  if (unicode) useUnicodeTable(unicode);
  if (stemmer) useStemmer(lang, (await import(`../dist/stemmers/${stemmer}.js`)).stem);
  if (han) useHanTable(JSON.parse(readFileSync(new URL("../../kbgen/index/han_simplified.json", import.meta.url))));
  const stops = stopWords(stopwords, folded, elisions || []);
  const out = texts.map((t) => analyze(t, lang, stops).map((k) => [k.word, k.surface, k.term, k.position]));
  process.stdout.write(JSON.stringify(out));
});
