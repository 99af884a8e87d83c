// Bundles search/src into search/dist/kbgen-search.js (what kbgen publishes under search/).
// `--check` rebuilds in memory and fails if the committed bundle is stale.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "kbgen-search.js");
const result = await build({
  entryPoints: [join(root, "src", "index.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "none",
  write: false,
  banner: { js: "/* kbgen search client; source: search/src */" },
});
const code = result.outputFiles[0].text;
if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(out, "utf8");
  } catch {}
  if (committed !== code) {
    console.error("search/dist/kbgen-search.js is out of date: run `npm run build` in search/ and commit it");
    process.exit(1);
  }
  console.log("search/dist/kbgen-search.js is up to date");
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`wrote ${out} (${code.length} bytes)`);
}
