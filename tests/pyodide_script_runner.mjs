// Run a Python script inside real Pyodide under Node, offline, with the engine wheel (and any other
// wheels, loaded with pyodide.loadPackage from local files, as the site's worker loads them).
//
//   node tests/pyodide_script_runner.mjs ENGINE_WHEEL SCRIPT_PY INPUT_JSON [WHEEL...]
//
// SCRIPT_PY defines run(input) -> JSON-able; INPUT_JSON is read by Python itself (so lone
// surrogates written as \udXXX escapes arrive as they are). Prints one JSON object:
// {python, platform, result} (ASCII only). A fatal error of the interpreter exits non-zero.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const [enginePath, scriptPath, inputPath, ...wheels] = process.argv.slice(2);
if (!enginePath || !scriptPath || !inputPath) {
  console.error("usage: node tests/pyodide_script_runner.mjs ENGINE_WHEEL SCRIPT_PY INPUT_JSON [WHEEL...]");
  process.exit(2);
}
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  stdout: (line) => console.error(line),
  stderr: (line) => console.error(line),
});
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
pyodide.unpackArchive(new Uint8Array(readFileSync(enginePath)), "wheel", { extractDir: sitePackages });
if (wheels.length) {
  await pyodide.loadPackage(wheels.map((w) => pathToFileURL(path.resolve(w)).href), { messageCallback: () => {} });
}
pyodide.globals.set("INPUT_PATH", inputPath);
pyodide.FS.mkdirTree(path.dirname(inputPath));
pyodide.FS.writeFile(inputPath, readFileSync(inputPath));
pyodide.globals.set("SCRIPT", readFileSync(scriptPath, "utf8"));
const out = pyodide.runPython(`
import importlib, json, sys
importlib.invalidate_caches()
scope = {}
exec(SCRIPT, scope)
with open(INPUT_PATH, encoding="utf-8") as handle:
    data = json.load(handle)
json.dumps({"python": sys.version, "platform": sys.platform, "result": scope["run"](data)}, ensure_ascii=True)
`);
process.stdout.write(out);
