// Run the engine's YAML cases inside real Pyodide under Node, offline.
//
//   node tests/pyodide_runner.mjs WHEEL CASES_JSON
//
// WHEEL: the engine built by sitegen/widget/wheel.py. CASES_JSON: [{id, json, lang, as_of}, ...]
// (tests/test_engine_cases.py resolves the YAML cases into this). The runtime is loaded from
// node_modules/pyodide and the wheel is unpacked into Pyodide's own file system, so nothing is
// fetched and the repository's sources are not visible to it: only the wheel is under test.
// Prints one JSON object: {python, platform, module, results: {id: bridge response}, extras}.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const [wheelPath, casesPath] = process.argv.slice(2);
if (!wheelPath || !casesPath) {
  console.error("usage: node tests/pyodide_runner.mjs WHEEL CASES_JSON");
  process.exit(2);
}

const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  stdout: (line) => console.error(line),
  stderr: (line) => console.error(line),
});
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
pyodide.globals.set("CASES_JSON", readFileSync(casesPath, "utf8"));

const out = pyodide.runPython(`
import importlib
import json
import sys

importlib.invalidate_caches()
import selfcheck

cases = json.loads(CASES_JSON)
results = {
    case["id"]: json.loads(selfcheck.evaluate_json(case["json"], case["lang"], case["as_of"]))
    for case in cases
}
strong = next(c for c in cases if c["id"] == "strong-enterprise-is-eligible")
extras = {
    "markdown": json.loads(selfcheck.markdown_json(strong["json"], "en", "2026-01-05")),
    "batch": json.loads(selfcheck.batch_json(
        "ref,employees,training_system\\nA,300,yes\\nB,3.5,maybe\\n", "2026-01-05")),
    "info": selfcheck.engine_info(),
    "handle": [json.loads(selfcheck.handle(request)) for request in (
        json.dumps({"op": "evaluate", "answers_json": strong["json"], "lang": "en", "as_of": "2026-01-05"}),
        json.dumps({"op": "info"}),
        json.dumps({"op": "no-such-op"}),
        "not json",
    )],
}
json.dumps({
    "python": sys.version,
    "platform": sys.platform,
    "module": selfcheck.__file__,
    "results": results,
    "extras": extras,
}, ensure_ascii=False)
`);
process.stdout.write(out);
