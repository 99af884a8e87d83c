// Bundles search/src into search/dist/kbgen-search.js (what kbgen publishes under search/) and
// search/dist/kbgen-widget.js (the help widget, published as widget.js at each language's root).
// Each Snowball stemmer the client does not bundle becomes search/dist/stemmers/<algorithm>.js, an ES
// module the client imports only on a site in that language (kbgen/resources.py publishes it).
// `--check` rebuilds all in memory and fails if a committed bundle is stale.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLES = [
  { entry: "index.js", out: "kbgen-search.js", banner: "/* kbgen search client; source: search/src */" },
  { entry: "widget.js", out: "kbgen-widget.js", banner: "/* kbgen help widget; source: search/src/widget.js */" },
];

// Snowball algorithm (the names of kbgen.index.analysis.STEMMERS) -> the @orama/stemmers module.
const STEMMERS = {
  arabic: "arabic", dutch: "dutch", finnish: "finnish", french: "french", german: "german", greek: "greek",
  hungarian: "hungarian", indonesian: "indonesian", italian: "italian", norwegian: "norwegian",
  portuguese: "portuguese", romanian: "romanian", russian: "russian", spanish: "spanish", swedish: "swedish",
  turkish: "turkish",
};
for (const [algorithm, module] of Object.entries(STEMMERS)) {
  BUNDLES.push({
    source: `export { stemmer as stem } from "@orama/stemmers/${module}";`,
    out: `stemmers/${algorithm}.js`,
    banner: `/* kbgen: the Snowball ${algorithm} stemmer from @orama/stemmers (Apache-2.0), loaded by its language's sites */`,
  });
}

async function bundle({ entry, source, banner }) {
  const input = entry ? { entryPoints: [join(root, "src", entry)] } : { stdin: { contents: source, resolveDir: root } };
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: entry ? "iife" : "esm",
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
