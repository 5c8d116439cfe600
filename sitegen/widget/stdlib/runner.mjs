// Node helper of sitegen/widget/stdlib: boot the pinned Pyodide the way the browser does and
// run Python "steps" in it, recording which standard-library modules they import; or compile
// standard-library sources to .pyc with that same Pyodide (so the bytecode is Python 3.14's).
//
//   node sitegen/widget/stdlib/runner.mjs JOB.json      (prints one JSON object on stdout)
//
// JOB (every path absolute):
//   pyodide_dir   node_modules/pyodide/ (pyodide.mjs, pyodide.asm.*, the stock stdlib and lock)
//   stdlib        null for the stock python_stdlib.zip, or the path of another one (stdLibURL)
//   packages      [{name, version, file, imports}]: wheels listed in an inline lock file (as the
//                 site's minimal lock lists the engine); all in one folder (packageBaseUrl)
//   preload       names loaded during start-up (`packages:` of loadPyodide), e.g. ["selfcheck"]
//   record        true: record the modules each step imports from the standard-library zip
//   steps         [{name, load, data, code}]: `load` = package names to loadPackage() first;
//                 `code` runs in a fresh namespace holding DATA (the step's `data`) and must set
//                 RESULT (JSON-able). Steps run in order in the same interpreter.
//   compile       optional {entries: ["json/__init__.py", ...], out_dir, optimize, source_dir,
//                 prefix}: compile those files (of the stdlib zip in use, or of source_dir) to
//                 unchecked hash-based .pyc files (out_dir/<entry>c) with co_filename = the
//                 path the module has when imported (prefix + entry for source_dir).
// Output: {python, boot_ms, stdlib_dir, startup: {module: zip entry}, recorder_noise: [...],
//          steps: {name: {ms, result, modules: {module: entry}, resources: [...]}},
//          compiled: n, compile_ms}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

async function main() {
  const jobPath = process.argv[2];
  if (!jobPath) {
    console.error("usage: node sitegen/widget/stdlib/runner.mjs JOB.json");
    process.exit(2);
  }
  const job = JSON.parse(readFileSync(jobPath, "utf8"));
  const pyodideDir = path.join(job.pyodide_dir, path.sep);
  const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);

  // The inline lock file: the stock lock's `info` (so the runtime accepts it) and only our wheels.
  function lockFor(packages) {
    const stock = JSON.parse(readFileSync(path.join(pyodideDir, "pyodide-lock.json"), "utf8"));
    const entries = {};
    for (const p of packages) {
      entries[p.name] = {
        name: p.name, version: p.version, file_name: path.basename(p.file), install_dir: "site",
        sha256: createHash("sha256").update(readFileSync(p.file)).digest("hex"),
        package_type: "package", imports: p.imports, depends: p.depends || [],
        unvendored_tests: false, tool: {},
      };
    }
    return { info: stock.info, packages: entries };
  }

  const packages = job.packages || [];
  const folders = new Set(packages.map((p) => path.dirname(p.file)));
  if (folders.size > 1) throw new Error(`all packages must be in one folder, got ${[...folders]}`);
  const config = {
    indexURL: pyodideDir,
    lockFileContents: lockFor(packages),
    packages: job.preload || [],
    stdout: (line) => console.error(line),
    stderr: (line) => console.error(line),
  };
  if (folders.size) config.packageBaseUrl = [...folders][0] + path.sep;
  if (job.stdlib) config.stdLibURL = job.stdlib;

  const t0 = performance.now();
  const pyodide = await loadPyodide(config);
  const bootMs = performance.now() - t0;

  // Everything below runs Python that imports nothing new (it uses sys and builtins only, and
  // json, which Pyodide's start-up has imported); `recorder_noise` would say otherwise.
  pyodide.runPython(`
  import sys as _sys

  _PREFIX = _sys._stdlib_dir.rstrip("/") + "/"


  def _rec_modules():
      """{module: entry in the stdlib zip} of every module that the zip importer loaded."""
      out = {}
      for name, module in list(_sys.modules.items()):
          spec = getattr(module, "__spec__", None)
          origin = getattr(spec, "origin", None) or ""
          if origin.startswith(_PREFIX) and type(spec.loader).__name__ == "zipimporter":
              out[name] = origin[len(_PREFIX):]
      return out


  _rec_attempts = []
  _rec_resources = []


  def _rec_audit(event, args):
      if event == "import":
          _rec_attempts.append(args[0])


  def _rec_start():
      import zipimport

      original = zipimport.zipimporter.get_data

      def get_data(self, pathname):
          _rec_resources.append(pathname)
          return original(self, pathname)

      zipimport.zipimporter.get_data = get_data
      _sys.addaudithook(_rec_audit)
  `);
  const modulesOf = () =>
    pyodide.runPython("_rec_modules()").toJs({ dict_converter: Object.fromEntries });
  const startup = modulesOf();
  let noise = [];
  if (job.record) {
    pyodide.runPython("_rec_start()");
  }
  noise = Object.keys(modulesOf()).filter((m) => !(m in startup));

  const out = {
    python: pyodide.runPython("_sys.version"),
    boot_ms: bootMs,
    stdlib_dir: pyodide.runPython("_sys._stdlib_dir"),
    startup,
    recorder_noise: noise,
    steps: {},
  };

  let seen = modulesOf();
  for (const step of job.steps || []) {
    const s0 = performance.now();
    if (step.load && step.load.length) {
      await pyodide.loadPackage(step.load, { messageCallback: () => {} });
    }
    const ns = pyodide.toPy({});
    ns.set("DATA", pyodide.toPy(step.data === undefined ? null : step.data));
    pyodide.runPython("_rec_attempts.clear(); _rec_resources.clear()");
    let result;
    let error = null;
    try {
      pyodide.runPython(step.code, { globals: ns, filename: `<step ${step.name}>` });
      const dumped = "import json as _j; _j.dumps(RESULT, ensure_ascii=False)";
      result = JSON.parse(pyodide.runPython(dumped, { globals: ns }));
    } catch (err) {
      error = String((err && err.message) || err);
    }
    const ms = performance.now() - s0;
    const now = modulesOf();
    const modules = {};
    for (const [name, entry] of Object.entries(now)) if (!(name in seen)) modules[name] = entry;
    seen = now;
    const attempts = pyodide.runPython("sorted(set(_rec_attempts))").toJs();
    const resources = pyodide.runPython("sorted(set(_rec_resources))").toJs();
    out.steps[step.name] = { ms, result, error, modules, attempts, resources };
    ns.destroy();
  }

  if (job.compile) {
    const c0 = performance.now();
    pyodide.mountNodeFS("/compile-out", job.compile.out_dir);
    pyodide.globals.set("COMPILE_ENTRIES", pyodide.toPy(job.compile.entries));
    pyodide.globals.set("COMPILE_OPTIMIZE", job.compile.optimize || 0);
    if (job.compile.source_dir) pyodide.mountNodeFS("/compile-in", job.compile.source_dir);
    pyodide.globals.set("COMPILE_FROM", job.compile.source_dir ? "/compile-in/" : null);
    pyodide.globals.set("COMPILE_PREFIX", job.compile.prefix || null);
    out.compiled = pyodide.runPython(`
  import importlib._bootstrap_external as _be
  import importlib.util as _util
  import os as _os
  import zipfile as _zipfile


  def _read(entry):
      if COMPILE_FROM:
          with open(COMPILE_FROM + entry, "rb") as handle:
              return handle.read()
      with _zipfile.ZipFile(_sys._stdlib_dir) as zf:
          return zf.read(entry)


  for _entry in COMPILE_ENTRIES:
      _source = _read(_entry)
      _code = compile(_source, (COMPILE_PREFIX or _PREFIX) + _entry, "exec",
                      dont_inherit=True, optimize=COMPILE_OPTIMIZE)
      _data = _be._code_to_hash_pyc(_code, _util.source_hash(_source), checked=False)
      _target = "/compile-out/" + _entry + "c"
      _os.makedirs(_os.path.dirname(_target), exist_ok=True)
      with open(_target, "wb") as _handle:
          _handle.write(_data)
  len(COMPILE_ENTRIES)
  `);
    out.compile_ms = performance.now() - c0;
    out.magic = pyodide.runPython("_be.MAGIC_NUMBER.hex()");
  }

  process.stdout.write(JSON.stringify(out));
}

// A failure prints its message only (Node would otherwise print a line of the minified runtime).
main().catch((err) => {
  console.error(`runner.mjs: ${(err && err.message) || err}`);
  process.exit(1);
});
