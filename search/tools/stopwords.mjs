// Writes kbgen/index/stopwords/<code>.txt for the languages in tools/stopwords.json from packaged
// lists: "snowball", Snowball's own stop word lists as @orama/stopwords ships them (Apache-2.0;
// the lists are Snowball's, BSD), or "iso", the npm package stopwords-iso (MIT). Each file's header
// says where its words came from and which were pruned. The lists of en, da, zh, ko, vi and tl are
// kbgen's own, written by hand, and are not touched. Run: node tools/stopwords.mjs (after npm ci);
// `--check` writes nothing and fails if a committed list differs from what its sources give.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { clusters } from "../src/analysis.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = (await import("node:module")).createRequire(import.meta.url);
const iso = require("stopwords-iso");
const config = JSON.parse(readFileSync(join(root, "tools/stopwords.json"), "utf8"));
const CHECK = process.argv.includes("--check");
let stale = false;
const version = (name) => JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
// The @orama/stopwords module of each "snowball" language.
const ORAMA = {
  fr: "french", de: "german", it: "italian", pt: "portuguese", nl: "dutch", sv: "swedish", nb: "norwegian",
  fi: "finnish", ru: "russian",
};

for (const [code, spec] of Object.entries(config.languages)) {
  let words;
  let source;
  if (spec.source === "snowball") {
    words = (await import(`@orama/stopwords/${ORAMA[code]}`)).stopwords;
    source = `Snowball's ${spec.name} stop word list, as @orama/stopwords ${version("@orama/stopwords")} ships it`;
  } else {
    words = iso[code];
    source = `stopwords-iso ${version("stopwords-iso")} (MIT), "${code}"`;
  }
  const prune = new Set(spec.prune);
  const out = new Set();
  for (let word of words) {
    for (const [bad, good] of Object.entries(spec.repair || {})) word = word.split(bad).join(good);
    word = word.normalize("NFKC").toLowerCase().trim();
    if (!word || prune.has(word)) continue;
    if (spec.drop_chars && [...word].some((ch) => spec.drop_chars.includes(ch))) continue; // mis-encoded
    if (/[\s,^'’]/u.test(word)) continue; // never one token
    if (spec.pairs && clusters(word).length > 2) continue;
    out.add(word);
  }
  const lines = [
    `# ${spec.name} stop words: ${source}.`,
    "# Regenerate with `cd search && node tools/stopwords.mjs`; edit tools/stopwords.json, not this file.",
  ];
  if (spec.prune.length) lines.push(`# Pruned, since shoppers search for them: ${spec.prune.join(" ")}`);
  if (spec.pairs) lines.push("# Searched as character pairs: only entries of one or two characters are kept.");
  if (spec.folded) lines.push("# fold: the list is written without accents; words are matched folded.");
  const sorted = [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const path = join(root, "../kbgen/index/stopwords", `${code}.txt`);
  const text = [...lines, ...sorted].join("\n") + "\n";
  if (CHECK) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
      console.error(`kbgen/index/stopwords/${code}.txt is out of date: run \`node tools/stopwords.mjs\` in search/`);
      stale = true;
    }
    continue;
  }
  writeFileSync(path, text);
  console.log(`${code}: ${sorted.length} words (${words.length} in the source, ${words.length - sorted.length} left out)`);
}
if (stale) process.exit(1);
