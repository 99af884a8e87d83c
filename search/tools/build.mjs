// Bundles search/src into search/dist/kbgen-search.js (what kbgen publishes under search/) and
// search/dist/kbgen-widget.js (the help widget, published as widget.js at each language's root).
// `--check` rebuilds both in memory and fails if a committed bundle is stale.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLES = [
  { entry: "index.js", out: "kbgen-search.js", banner: "/* kbgen search client; source: search/src */" },
  { entry: "widget.js", out: "kbgen-widget.js", banner: "/* kbgen help widget; source: search/src/widget.js */" },
];

async function bundle({ entry, banner }) {
  const result = await build({
    entryPoints: [join(root, "src", entry)],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020"],
    legalComments: "none",
    write: false,
    banner: { js: banner },
  });
  return result.outputFiles[0].text;
}

let stale = false;
for (const spec of BUNDLES) {
  const out = join(root, "dist", spec.out);
  const code = await bundle(spec);
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(out, "utf8");
    } catch {}
    if (committed !== code) {
      console.error(`search/dist/${spec.out} is out of date: run \`npm run build\` in search/ and commit it`);
      stale = true;
    } else {
      console.log(`search/dist/${spec.out} is up to date`);
    }
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
    console.log(`wrote ${out} (${code.length} bytes)`);
  }
}
if (stale) process.exit(1);
