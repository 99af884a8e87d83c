// Writes kbgen/index/han_simplified.json: Traditional Chinese characters -> Simplified ones, one
// character each, which both runtimes read to search zh and zh-tw as one script (see
// kbgen/index/analysis.py `simplify`). Source: OpenCC's dictionaries as the npm package opencc-js
// ships them (Apache-2.0; see its LICENSES/ and THIRD_PARTY_LICENSES.md): TSCharacters, the first
// Simplified candidate of each Traditional character, and TWVariantsRev, Taiwan's usual forms
// ("裡" for "裏") mapped through TSCharacters. A character that is itself Simplified is never
// mapped (TWVariantsRev's "才 纔" would otherwise turn Simplified text into Traditional).
// Run: node tools/han-table.mjs (after npm ci); commit the JSON. `--check` writes nothing and fails if
// the committed table differs from what opencc-js gives.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import TSCharacters from "opencc-js/dict/TSCharacters";
import TWVariantsRev from "opencc-js/dict/TWVariantsRev";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const version = JSON.parse(readFileSync(join(root, "node_modules/opencc-js/package.json"), "utf8")).version;

function pairs(dict) {
  const map = new Map();
  for (const entry of dict.split("|")) {
    const [from, ...to] = entry.split(" ");
    if (Array.from(from).length === 1 && to.length && Array.from(to[0]).length === 1) map.set(from, to[0]);
  }
  return map;
}

const ts = pairs(TSCharacters);
const simplified = new Set(ts.values());
const table = new Map();
for (const [from, to] of ts) if (from !== to) table.set(from, to);
for (const [from, standard] of pairs(TWVariantsRev)) {
  const to = ts.get(standard) || standard;
  if (!table.has(from) && !simplified.has(from) && to !== from) table.set(from, to);
}
const keys = [...table.keys()].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
const out = {
  source: `opencc-js ${version} (OpenCC dictionaries TSCharacters and TWVariantsRev), Apache-2.0`,
  regenerate: "cd search && node tools/han-table.mjs",
  traditional: keys.join(""),
  simplified: keys.map((k) => table.get(k)).join(""),
};
const path = join(root, "../kbgen/index/han_simplified.json");
const text = JSON.stringify(out, null, 1) + "\n";
if (process.argv.includes("--check")) {
  if (readFileSync(path, "utf8") !== text) {
    console.error("kbgen/index/han_simplified.json is out of date: run `node tools/han-table.mjs` in search/");
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
  console.log(`wrote ${path}: ${keys.length} characters`);
}
