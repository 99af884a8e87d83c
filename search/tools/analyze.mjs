// Reads {"lang": ..., "stopwords": [...], "texts": [...]} on stdin; prints each text's tokens as JSON.
// The parity test compares this with kbgen/index/analysis.py.
import { analyze, stopWords } from "../src/analysis.js";

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { lang, stopwords, texts } = JSON.parse(input);
  const stops = stopWords(stopwords);
  const out = texts.map((t) => analyze(t, lang, stops).map((k) => [k.word, k.surface, k.term, k.position]));
  process.stdout.write(JSON.stringify(out));
});
