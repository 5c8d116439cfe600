// @ts-check
// Batch self-check of a file of enterprises (.xlsx or CSV, one a row) through the engine, in
// steps: the file crosses into the worker once, its rows are read and counted, then checked, a
// step at a time (progress, cancel; no step holds the engine longer than its budget, so answers
// typed meanwhile are evaluated between two steps), and the downloads are assembled from the
// parts (never one giant string). The engine reads .xlsx itself; the .xlsx writer (openpyxl and
// et-xmlfile, pinned wheels of the site's lock file) is loaded only when a reader asks for an
// .xlsx download or template. When the engine is lost mid-batch, the batch says it stopped and
// what was checked stays downloadable.
//
// The engine's ops used (selfcheck/batch/_browser.py): batch_check, batch_start, batch_next,
// batch_xlsx, batch_close, template; and the worker's own "packages" request. Its numbers (rows a
// request, rows shown, rows with errors listed) and the packages to load come from the widget's
// configuration (cfg.batch), the table's columns from the engine (batch_start's "table").
import { download, el, format, pick } from "./dom.mjs";


/** Base64 of bytes, made in pieces (no binary string of the whole file). @param {ArrayBuffer} buffer */
function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  const step = 3 * 8192;
  const parts = [];
  for (let i = 0; i < bytes.length; i += step) {
    parts.push(btoa(String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + step)))));
  }
  return parts.join("");
}

/** Bytes of base64 text. @param {string} text @returns {Uint8Array<ArrayBuffer>} */
function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

export class BatchView {
  /**
   * @param {HTMLElement} root  the widget's root
   * @param {Record<string, any>} ui
   * @param {Record<string, any>} cfg
   * @param {(op: string, payload: any) => Promise<any>} call
   */
  constructor(root, ui, cfg, call) {
    this.root = root;
    this.ui = ui;
    this.cfg = cfg;
    this.lang = cfg.lang;
    /** @type {{chunk_rows: number, shown_rows: number, listed_errors: number, unreadable: string, xlsx_packages: string[]}} */
    this.rules = cfg.batch;
    this.call = call;
    this.asOf = "";
    this.xlsxLoaded = false;
    this.running = false;
    this.processed = 0; // rows of the current batch checked so far
    this.cancelled = false;
    /** @type {string | null} */
    this.session = null;
    /** @type {string[]} */
    this.csvHead = [];
    /** @type {string[]} */
    this.csvErrors = [];
    /** @type {string[]} */
    this.csvGood = [];
    this.root.addEventListener("click", (e) => {
      const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest("[data-sc-batch-action]"));
      if (button && this.root.contains(button)) this.onAction(button.dataset.scBatchAction || "");
    });
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.root.querySelector(selector);
  }

  /** @param {string} action */
  onAction(action) {
    if (action === "template-xlsx") this.downloadTemplateXlsx();
    else if (action === "download-xlsx") this.downloadResultsXlsx();
    else if (action === "cancel") this.cancel();
  }

  /** @param {string} text @param {string} [state] */
  say(text, state) {
    this.$("[data-sc-batch-status]").textContent = text;
    if (state) this.root.dataset.batch = state;
  }

  /** @param {any} response */
  errorsOf(response) {
    return (response.errors || []).map((/** @type {any} */ e) => pick(e, this.lang)).join(" ");
  }

  /** @param {string} what @param {string} ext */
  fileName(what, ext) {
    return `selfcheck-batch-${what}-${this.asOf || this.lang}.${ext}`;
  }

  /** The CSV template in the reader's language (made at build time), with Excel's BOM. @param {string} asOf */
  downloadTemplate(asOf) {
    this.asOf = asOf;
    download(this.fileName("template", "csv"), "\ufeff" + this.cfg.template_csv, "text/csv;charset=utf-8");
  }

  /** Load openpyxl into the worker, once; false (and said) when it cannot be loaded. */
  async ensureXlsx() {
    if (this.xlsxLoaded) return true;
    this.say(this.ui.batch.loading_xlsx);
    const response = await this.call("packages", { names: this.rules.xlsx_packages });
    this.xlsxLoaded = Boolean(response && response.ok);
    if (!this.xlsxLoaded) this.say(this.ui.batch.xlsx_failed, "error");
    return this.xlsxLoaded;
  }

  async downloadTemplateXlsx() {
    try {
      if (!(await this.ensureXlsx())) return;
      const base = window.location.href.split(`/${this.lang}/`)[0] + "/";
      const response = await this.call("template", { format: "xlsx", lang: this.lang, base_url: base });
      if (!response.ok) return this.say(this.ui.batch.invalid + this.errorsOf(response), "error");
      download(this.fileName("template", "xlsx"), new Blob([fromBase64(response.data)], { type: XLSX_TYPE }), XLSX_TYPE);
      this.say(this.ui.batch.template_ready);
    } catch {
      this.say(this.ui.batch.xlsx_failed, "error"); // the engine was lost meanwhile
    }
  }

  /** The results as CSV (UTF-8 with BOM): the header, the rows with errors, the others. */
  downloadResults(/** @type {string} */ asOf) {
    if (!this.csvHead.length) return;
    this.asOf = asOf || this.asOf;
    const blob = new Blob(["\ufeff", ...this.csvHead, ...this.csvErrors, ...this.csvGood], { type: "text/csv;charset=utf-8" });
    download(this.fileName("results", "csv"), blob, "text/csv;charset=utf-8");
  }

  /** The results as .xlsx: written by the engine a step at a time, then assembled from its parts. */
  async downloadResultsXlsx() {
    if (!this.session || this.running) return;
    const said = this.$("[data-sc-batch-status]").textContent;
    try {
      if (!(await this.ensureXlsx())) return;
      /** @type {BlobPart[]} */
      const parts = [];
      for (let part = 0, total = 1; part < total; part++) {
        const response = await this.call("batch_xlsx", { session: this.session, part });
        if (!response.ok) return this.say(this.ui.batch.invalid + this.errorsOf(response), "error");
        if (!response.ready) {
          this.say(format(this.ui.batch.writing, { done: response.written, total: response.total }));
          part -= 1; // the same part again, once the workbook is written
          continue;
        }
        total = response.parts;
        parts.push(fromBase64(response.data));
      }
      download(this.fileName("results", "xlsx"), new Blob(parts, { type: XLSX_TYPE }), XLSX_TYPE);
      this.say(said);
    } catch {
      this.lost();
    }
  }

  /** The engine was lost (engine.js is starting a fresh one): the session went with it. */
  lost() {
    this.session = null;
    this.say(format(this.ui.batch.lost, { done: this.processed }), "stopped");
    for (const b of this.root.querySelectorAll("[data-sc-batch-result]")) /** @type {HTMLButtonElement} */ (b).disabled = !this.processed;
    /** @type {HTMLButtonElement} */ (this.$('[data-sc-batch-action="download-xlsx"]')).disabled = true;
  }

  cancel() {
    if (this.running) this.cancelled = true;
  }

  reset() {
    this.processed = 0;
    this.csvHead = [];
    this.csvErrors = [];
    this.csvGood = [];
    this.cancelled = false;
    for (const b of this.root.querySelectorAll("[data-sc-batch-result]")) /** @type {HTMLButtonElement} */ (b).disabled = true;
    this.$("[data-sc-batch-table]").replaceChildren();
    this.$("[data-sc-batch-errors]").replaceChildren();
    const progress = this.$("[data-sc-batch-progress]");
    progress.hidden = true;
    progress.value = 0;
  }

  /**
   * Check the rows of the chosen file.
   * @param {File} file
   * @param {string} asOf
   * @param {boolean} ready  whether the engine is ready
   */
  async run(file, asOf, ready) {
    if (this.running) return;
    this.asOf = asOf;
    this.reset();
    if (!ready) return this.say(this.ui.keep.not_ready, "error");
    if (this.session) {
      this.call("batch_close", { session: this.session }).catch(() => {});
      this.session = null;
    }
    this.running = true;
    this.$("[data-sc-batch-cancel]").hidden = false;
    try {
      const check = await this.call("batch_check", { size: file.size, name: file.name });
      if (!check.ok) return this.say(this.ui.batch.invalid + this.errorsOf(check), "error");
      await this.check(file, asOf);
    } catch {
      this.lost();
    } finally {
      this.running = false;
      this.$("[data-sc-batch-cancel]").hidden = true;
    }
  }

  /** @param {File} file @param {string} asOf */
  async check(file, asOf) {
    this.say(this.ui.batch.reading, "running");
    const start = await this.call("batch_start", {
      file: toBase64(await file.arrayBuffer()),
      name: file.name,
      lang: this.lang,
      as_of: asOf,
    });
    if (!start.ok) return this.say(this.ui.batch.invalid + this.errorsOf(start), "error");
    this.session = start.session;
    this.csvHead = [start.header_csv];
    /** @type {any} */
    let view = null; // the table, made once the rows are counted (a file over the limit gets none)
    const progress = this.$("[data-sc-batch-progress]");
    progress.removeAttribute("value"); // indeterminate while the rows are read and counted
    progress.hidden = false;
    const { chunk_rows: chunk, shown_rows: showMax, listed_errors: listMax, unreadable } = this.rules;
    let shown = 0;
    let listed = 0;
    let response = { done: false, processed: 0, total: 0, summary: null, notes: [] };
    while (!response.done) {
      if (this.cancelled) {
        this.say(format(this.ui.batch.cancelled, { done: response.processed }), "cancelled");
        return this.finish(response, true);
      }
      const next = await this.call("batch_next", {
        session: this.session,
        count: chunk,
        show: Math.max(showMax - shown, 0),
        show_errors: Math.max(showMax - shown, listMax - listed, 0),
      });
      if (!next.ok) return this.say(this.ui.batch.invalid + this.errorsOf(next), "error");
      if (next.reading) {
        this.say(format(this.ui.batch.reading_rows, { rows: next.read }));
        continue;
      }
      if (!view) {
        view = this.table(start);
        progress.max = Math.max(next.total, 1);
      }
      response = next;
      this.processed = next.processed;
      this.csvErrors.push(next.csv.errors);
      this.csvGood.push(next.csv.good);
      for (const row of next.rows) {
        if (row.verdict === unreadable && listed < listMax) {
          listed += 1;
          view.list.append(el("li", {}, format(this.ui.batch.row_label, { row: row.row }), row.ref ? ` (${row.ref})` : "", this.cfg.joiners.label, row.problems));
        }
        if (shown < showMax) {
          shown += 1;
          (row.verdict === unreadable ? view.errors : view.good).append(this.tr(row, view.columns));
        }
      }
      progress.value = next.processed;
      if (!next.done) this.say(format(this.ui.batch.progress, { done: next.processed, total: next.total }));
    }
    const done = response.summary ? pick(response.summary, this.lang) : "";
    const notes = (response.notes || []).map((/** @type {any} */ n) => pick(n, this.lang)).join(" ");
    const more = response.processed > shown ? " " + format(this.ui.batch.shown, { shown, total: response.processed }) : "";
    this.say([done, notes].filter(Boolean).join(" ") + more, "done");
    this.finish(response, false);
  }

  /** @param {any} response @param {boolean} cancelled */
  finish(response, cancelled) {
    for (const b of this.root.querySelectorAll("[data-sc-batch-result]")) /** @type {HTMLButtonElement} */ (b).disabled = !response.processed;
    if (cancelled && this.session) {
      // What was checked before the cancel stays downloadable as CSV; the session goes.
      this.call("batch_close", { session: this.session }).catch(() => {});
      this.session = null;
      /** @type {HTMLButtonElement} */ (this.$('[data-sc-batch-action="download-xlsx"]')).disabled = true;
    }
  }

  /**
   * The results table: the reader's columns the engine names for it (the others and the machine
   * columns are in the downloads), the rows with errors first (their own tbody), and the list of
   * those rows above it.
   * @param {any} start
   */
  table(start) {
    /** @type {{code: string, title: string, index: number}[]} */
    const columns = start.table;
    const errors = el("tbody", { "data-sc-batch-errors-rows": true });
    const good = el("tbody", {});
    const list = this.$("[data-sc-batch-errors]");
    list.setAttribute("aria-label", this.ui.batch.errors_heading);
    const table = el("table", {},
      el("caption", { id: "sc-batch-caption" }, this.ui.batch.table_caption),
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col", "data-column": c.code }, c.title)))),
      errors, good);
    const region = this.$("[data-sc-batch-table]");
    region.replaceChildren(table);
    region.setAttribute("tabindex", "0"); // a scrollable region is reachable by keyboard
    return { columns, errors, good, list };
  }

  /** @param {any} row @param {{code: string, index: number}[]} columns */
  tr(row, columns) {
    return el("tr", { "data-row": row.ref || row.row, "data-line": row.row, "data-verdict": row.verdict },
      columns.map((c) => el("td", { "data-column": c.code }, row.cells[c.index] ?? "")));
  }
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
