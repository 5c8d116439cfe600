// @ts-check
// The batch's results as an officer reads them (the rows come from the engine's batch_rows, in the
// results' order: by verdict, then by how many required conditions are still open):
//   - the counts at the top, one per verdict (the one table's words), the rows one condition short
//     and the rows with errors;
//   - the rows with errors in their own list, each with what to correct;
//   - filters by verdict (or one condition short), by district and by the condition still open;
//   - the table: the enterprise's name kept in view (sticky), its result, what is missing (the
//     conditions, by status), its district and a link that opens it in the self-check form (its
//     answers in the link's fragment as a share link carries them, its name beside them: nothing
//     leaves the browser); on a phone each row is a card (selfcheck.css).
//
// Contract for tests: tr[data-row] (the ref, else the row number) with data-line (the row),
// data-verdict, data-missing-count, data-district and data-lacking (report keys); a link
// [data-sc-open-row] in each; [data-sc-batch-counts] li[data-count=<verdict | one_short | errors>]
// [data-n]; [data-sc-batch-errors] li[data-row][data-verdict=<unreadable>]; the filters
// select[data-sc-filter=verdict|district|lacking] (values: "" for all; a verdict or "one_short";
// a district's name or "-" for none; a report key).
import { el, format } from "./dom.mjs";
import { linkFragmentNow, NAME_KEY } from "./link.mjs";

/** The filter value of rows that name no district. */
const NO_DISTRICT = "-";
const ONE_SHORT = "one_short";

export class ResultsView {
  /**
   * @param {HTMLElement} box  the results' area ([data-sc-batch-results])
   * @param {Record<string, any>} ui
   * @param {Record<string, any>} cfg
   */
  constructor(box, ui, cfg) {
    this.box = box;
    this.ui = ui;
    this.cfg = cfg;
    /** @type {HTMLTableRowElement[]} */
    this.rows = [];
    const types = new Map((cfg.questions || []).map((/** @type {any} */ q) => [q.key, q.type]));
    /** @type {{key: string, type: string}[]} */
    this.linkOrder = (cfg.link_order || []).map((/** @type {string} */ key) => ({ key, type: types.get(key) || "" }));
    for (const select of this.box.querySelectorAll("[data-sc-filter]")) select.addEventListener("change", () => this.filter());
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.box.querySelector(selector);
  }

  clear() {
    this.box.hidden = true;
    this.rows = [];
    this.$("[data-sc-batch-counts]").replaceChildren();
    this.$("[data-sc-batch-errors]").replaceChildren();
    this.$("[data-sc-batch-table]").replaceChildren();
  }

  /**
   * @param {{rows: any[], errors: any[], counts: Record<string, number>}} data  batch_rows' answer
   */
  show(data) {
    const batch = this.cfg.batch;
    const counts = data.counts || {};
    const word = (/** @type {string} */ name) =>
      name === ONE_SHORT ? batch.one_short : name === "errors" ? batch.error_verdict : this.cfg.verdicts[name];
    const names = [...batch.verdicts, ONE_SHORT, "errors"];
    this.$("[data-sc-batch-counts]").replaceChildren(...names.map((name) =>
      el("li", { "data-count": name, "data-n": String(counts[name] || 0), class: `sc-count sc-count--${name}` },
        el("strong", {}, String(counts[name] || 0)), " ",
        el("span", {}, word(name)),
        name === ONE_SHORT ? el("small", {}, this.ui.batch.one_short_help) : null)));
    this.showErrors(data.errors, counts.errors || 0);
    this.fillFilters(data.rows, counts, word);
    this.table(data.rows);
    this.box.hidden = false;
    this.filter();
  }

  /** @param {any[]} errors @param {number} total */
  showErrors(errors, total) {
    const list = this.$("[data-sc-batch-errors]");
    list.replaceChildren(...errors.map((r) =>
      el("li", { "data-row": r.ref || String(r.row), "data-line": String(r.row), "data-verdict": r.verdict },
        el("strong", {}, r.ref
          ? format(this.ui.batch.row_named, { row: r.row, ref: r.ref })
          : format(this.ui.batch.row_label, { row: r.row })),
        this.cfg.joiners.label, r.problems)));
    if (total > errors.length) list.append(el("li", {}, format(this.ui.batch.errors_more, { more: total - errors.length })));
    this.$("[data-sc-batch-error-list]").hidden = !errors.length;
  }

  /**
   * @param {any[]} rows @param {Record<string, number>} counts
   * @param {(name: string) => string} word
   */
  fillFilters(rows, counts, word) {
    const all = this.ui.batch.filter_all;
    const option = (/** @type {string} */ value, /** @type {string} */ text) => el("option", { value }, text);
    const verdicts = [...this.cfg.batch.verdicts, ONE_SHORT].filter((v) => counts[v]);
    this.$('[data-sc-filter="verdict"]').replaceChildren(option("", all),
      ...verdicts.map((v) => option(v, `${word(v)} (${counts[v]})`)));
    const present = new Set(rows.map((r) => r.district || NO_DISTRICT));
    const districts = this.cfg.batch.districts.filter((/** @type {string} */ d) => present.has(d));
    for (const d of present) if (d !== NO_DISTRICT && !districts.includes(d)) districts.push(d);
    this.$('[data-sc-filter="district"]').replaceChildren(option("", all),
      ...districts.map((/** @type {string} */ d) => option(d, d)),
      ...(present.has(NO_DISTRICT) ? [option(NO_DISTRICT, this.ui.batch.no_district)] : []));
    const open = new Set(rows.flatMap((r) => r.lacking));
    const conditions = Object.entries(this.cfg.conditions).filter(([key]) => open.has(key));
    this.$('[data-sc-filter="lacking"]').replaceChildren(option("", all),
      ...conditions.map(([key, c]) => option(key, `${c.marker} ${c.title}`)));
  }

  /** @param {any[]} rows */
  table(rows) {
    const ui = this.ui.batch;
    const batch = this.cfg.batch;
    const heads = [ui.name_column, ui.verdict_column, batch.lacking, batch.district, ui.open_column];
    this.rows = rows.map((r) => this.tr(r, heads));
    const table = el("table", { class: "sc-batch-rows" },
      el("caption", { id: "sc-batch-caption" }, ui.table_caption),
      el("thead", {}, el("tr", {}, heads.map((h, i) => el("th", { scope: "col", class: i ? "" : "sc-sticky" }, h)))),
      el("tbody", {}, this.rows));
    const region = this.$("[data-sc-batch-table]");
    region.replaceChildren(table);
    region.setAttribute("tabindex", "0"); // a scrollable region is reachable by keyboard
  }

  /** @param {any} r @param {string[]} heads */
  tr(r, heads) {
    const name = r.ref || format(this.ui.batch.row_label, { row: r.row });
    const fragment = linkFragmentNow(r.answers, this.linkOrder, this.cfg.unsure);
    const href = `${this.cfg.pages.selfcheck}#${fragment}&${NAME_KEY}=${encodeURIComponent(name)}`;
    const open = el("a", {
      href, target: "_blank", rel: "noopener", class: "md-button sc-open-row", "data-sc-open-row": true,
      "aria-label": format(this.ui.batch.open_row_label, { name }),
    }, this.ui.batch.open_row);
    const cell = (/** @type {number} */ i, /** @type {any} */ content, extra = {}) =>
      el(i ? "td" : "th", { "data-label": heads[i], ...(i ? {} : { scope: "row", class: "sc-sticky" }), ...extra }, content);
    return /** @type {HTMLTableRowElement} */ (el("tr", {
      "data-row": r.ref || String(r.row),
      "data-line": String(r.row),
      "data-verdict": r.verdict,
      "data-missing-count": String(r.missing),
      "data-district": r.district || NO_DISTRICT,
      "data-lacking": r.lacking.join(" "),
    },
    cell(0, name),
    cell(1, this.cfg.verdicts[r.verdict], { class: `sc-verdict-word sc-verdict-word--${r.verdict}` }),
    cell(2, r.still || this.ui.batch.nothing_lacking),
    cell(3, r.district || this.ui.batch.no_district),
    cell(4, open)));
  }

  /** Show the rows the filters let through, and say how many. */
  filter() {
    const value = (/** @type {string} */ name) => /** @type {HTMLSelectElement} */ (this.$(`[data-sc-filter="${name}"]`)).value;
    const verdict = value("verdict");
    const district = value("district");
    const lacking = value("lacking");
    let shown = 0;
    for (const tr of this.rows) {
      const d = tr.dataset;
      const pass = (!verdict || (verdict === ONE_SHORT ? d.missingCount === "1" : d.verdict === verdict))
        && (!district || d.district === district)
        && (!lacking || (d.lacking || "").split(" ").includes(lacking));
      tr.hidden = !pass;
      if (pass) shown += 1;
    }
    this.$("[data-sc-filter-count]").textContent = format(this.ui.batch.filter_count, { shown, total: this.rows.length });
  }
}
