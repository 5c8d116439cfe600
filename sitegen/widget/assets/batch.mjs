// @ts-check
// Batch self-check of a CSV file (one enterprise a row) through the engine, its results table and
// the downloads of the template and the results.
import { download, el, format, pick } from "./dom.mjs";
import { MAX_FILE_BYTES } from "./keep.mjs";

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
    this.call = call;
    /** @type {string | null} */
    this.csv = null;
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.root.querySelector(selector);
  }

  /** @param {string} what @param {string} asOf */
  fileName(what, asOf) {
    return `selfcheck-batch-${what}-${asOf}.csv`;
  }

  /** @param {string} asOf */
  downloadTemplate(asOf) {
    // With Excel's BOM, so that Excel on Chinese Windows opens it as UTF-8.
    download(this.fileName("template", asOf), "\ufeff" + this.cfg.template_csv, "text/csv;charset=utf-8");
  }

  /** @param {string} asOf */
  downloadResults(asOf) {
    if (this.csv) download(this.fileName("results", asOf), this.csv, "text/csv;charset=utf-8");
  }

  /**
   * Check the rows of the chosen file.
   * @param {File} file
   * @param {string} asOf
   * @param {boolean} ready  whether the engine is ready
   */
  async run(file, asOf, ready) {
    const status = this.$("[data-sc-batch-status]");
    const table = this.$("[data-sc-batch-table]");
    const downloadButton = this.$('[data-sc-action="batch-download"]');
    this.csv = null;
    downloadButton.disabled = true;
    table.replaceChildren();
    if (!ready) {
      status.textContent = this.ui.keep.not_ready;
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      status.textContent = this.ui.batch.invalid + this.ui.batch.too_large;
      return;
    }
    const bytes = await file.arrayBuffer();
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder("gb18030").decode(bytes); // Excel and WPS on Chinese Windows
    }
    const response = await this.call("batch", { csv: text.replace(/^\ufeff/, ""), lang: this.lang, as_of: asOf });
    if (!response.ok) {
      status.textContent = this.ui.batch.invalid + (response.errors || []).map((/** @type {any} */ e) => pick(e, this.lang)).join(" ");
      this.root.dataset.batch = "error";
      return;
    }
    this.csv = response.csv;
    downloadButton.disabled = false;
    table.replaceChildren(this.table(response));
    table.setAttribute("tabindex", "0"); // a scrollable region is reachable by keyboard
    status.textContent = format(this.ui.batch.rows_done, { n: (response.rows || []).length });
    this.root.dataset.batch = "done";
  }

  /** The engine's output columns, shown with the page's words; the download keeps them all. */
  table(/** @type {any} */ response) {
    /** @type {string[]} */
    const header = response.header || [];
    const shown = header.map((h, i) => /** @type {[string, number]} */ ([h, i])).filter(([h]) => this.column(h) !== null);
    const cell = (/** @type {string} */ h, /** @type {any} */ value) => {
      if (!value) return "";
      if (h === "verdict") return this.cfg.verdicts[value] || value;
      if (h in this.cfg.conditions) return this.cfg.statuses[value] || value;
      if (h === "size_class") return this.cfg.size_classes[value] || value;
      return value;
    };
    return el("table", {},
      el("caption", { id: "sc-batch-caption" }, this.ui.batch.table_caption),
      el("thead", {}, el("tr", {}, shown.map(([h]) => el("th", { scope: "col", "data-column": h }, this.column(h))))),
      el("tbody", {}, (response.rows || []).map((/** @type {any[]} */ row) => el("tr", { "data-row": row[0] },
        shown.map(([h, i]) => el("td", { "data-column": h, "data-value": row[i] ?? "" }, cell(h, row[i] ?? "")))))));
  }

  /** The heading of an output column, or null for a column the table leaves out. */
  column(/** @type {string} */ h) {
    const b = this.ui.batch;
    /** @type {Record<string, string>} */
    const names = { row: b.row, ref: b.name, verdict: b.verdict, size_class: this.ui.results.size_class, errors: b.problems };
    if (h in names) return names[h];
    if (h in this.cfg.conditions) return this.cfg.conditions[h].marker;
    return null;
  }
}
