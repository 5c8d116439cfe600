// Run the words parser, the CSV decoder and the spreadsheet module inside real Pyodide under Node,
// offline, with openpyxl and et_xmlfile loaded from local wheel files.
//
//   node tests/xlsx_pyodide_runner.mjs ENGINE_WHEEL SCENARIO_PY INPUT_JSON WHEEL...
//
// ENGINE_WHEEL: selfcheck built by sitegen/widget/wheel.py, unpacked into site-packages. SCENARIO_PY:
// Python source defining run(INPUT) -> JSON-able dict (tests/test_engine_xlsx_pyodide.py runs the
// same source in CPython and compares). WHEEL...: openpyxl and et_xmlfile, loaded with
// pyodide.loadPackage(file URLs). Prints one JSON object: {python, platform, result, timings_ms,
// modules: {boot, engine, load_wheels, openpyxl_import, xlsx_use}, requested}: modules lists the
// standard-library modules (sys.stdlib_module_names) in sys.modules after each stage; requested
// lists every standard-library module named by an import statement while openpyxl was imported and
// used (builtins.__import__ wrapped), including those already loaded before.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide");
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

const [enginePath, scenarioPath, inputPath, ...wheels] = process.argv.slice(2);
if (!enginePath || !scenarioPath || !inputPath || wheels.length === 0) {
  console.error("usage: node tests/xlsx_pyodide_runner.mjs ENGINE_WHEEL SCENARIO_PY INPUT_JSON WHEEL...");
  process.exit(2);
}

const timings = {};
let t = performance.now();
const pyodide = await loadPyodide({
  indexURL: pyodideDir + path.sep,
  stdout: (line) => console.error(line),
  stderr: (line) => console.error(line),
});
timings.boot = performance.now() - t;

const STDLIB = `
import json, sys
json.dumps(sorted(m for m in sys.modules
                  if m.split(".")[0] in sys.stdlib_module_names))
`;
const modules = { boot: JSON.parse(pyodide.runPython(STDLIB)) };

t = performance.now();
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
pyodide.unpackArchive(new Uint8Array(readFileSync(enginePath)), "wheel", { extractDir: sitePackages });
pyodide.globals.set("INPUT_JSON", readFileSync(inputPath, "utf8"));
pyodide.globals.set("SCENARIO", readFileSync(scenarioPath, "utf8"));
const engineOut = pyodide.runPython(`
import importlib, json
importlib.invalidate_caches()
scope = {}
exec(SCENARIO, scope)
json.dumps(scope["run_engine"](json.loads(INPUT_JSON)), ensure_ascii=False)
`);
timings.engine = performance.now() - t;
modules.engine = JSON.parse(pyodide.runPython(STDLIB));

t = performance.now();
await pyodide.loadPackage(wheels.map((w) => pathToFileURL(path.resolve(w)).href),
                          { messageCallback: () => {} });
timings.load_wheels = performance.now() - t;
modules.load_wheels = JSON.parse(pyodide.runPython(STDLIB));
pyodide.runPython(`
import builtins, sys
REQUESTED = set()
_import = builtins.__import__

def _recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    module = _import(name, globals, locals, fromlist, level)
    if level == 0 and name.split(".")[0] in sys.stdlib_module_names:
        REQUESTED.add(name)
        for item in fromlist or ():
            if f"{name}.{item}" in sys.modules:
                REQUESTED.add(f"{name}.{item}")
    return module

builtins.__import__ = _recording_import
`);
t = performance.now();
pyodide.runPython("import openpyxl");
timings.import_openpyxl = performance.now() - t;
modules.openpyxl_import = JSON.parse(pyodide.runPython(STDLIB));

t = performance.now();
const xlsxOut = pyodide.runPython(`
json.dumps(scope["run_xlsx"](json.loads(INPUT_JSON)), ensure_ascii=False)
`);
timings.xlsx = performance.now() - t;
modules.xlsx_use = JSON.parse(pyodide.runPython(STDLIB));

pyodide.runPython("builtins.__import__ = _import");
const requested = JSON.parse(pyodide.runPython("json.dumps(sorted(REQUESTED))"));

const info = JSON.parse(pyodide.runPython(`
import sys, openpyxl
json.dumps({"python": sys.version, "platform": sys.platform, "openpyxl": openpyxl.__version__,
            "openpyxl_file": openpyxl.__file__})
`));
process.stdout.write(JSON.stringify({
  ...info,
  result: { engine: JSON.parse(engineOut), xlsx: JSON.parse(xlsxOut) },
  timings_ms: timings,
  modules,
  requested,
}));
