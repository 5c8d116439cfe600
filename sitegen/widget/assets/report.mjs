// @ts-check
// The engine's report as the page shows it: the verdict with what is still open (the headline),
// the conditions (each led by the points that decide it, with their fix; then one line for the
// points met and one for the points the district weighs; every reason behind a disclosure), the
// size class, priority factors, the questions to confirm, next steps (the notice's materials apart
// from the evidence the site suggests), the answers, the footer. Every word shared with the rest
// of the site (statuses, verdict titles, section names, the disclaimer, markers) comes from the
// configuration built from policy/; every sentence from the report itself.
import { el, format, pick } from "./dom.mjs";

/** @typedef {import("./form.mjs").FormView} FormView */

export class ReportView {
  /**
   * @param {Record<string, any>} ui  the widget's strings
   * @param {Record<string, any>} cfg  the widget's configuration (see sitegen/widget/_form.py)
   * @param {FormView} form
   */
  constructor(ui, cfg, form) {
    this.ui = ui;
    this.cfg = cfg;
    this.lang = cfg.lang;
    this.form = form;
    /** @type {Map<string, string>} clause id of each condition -> its report key */
    this.conditionOf = new Map(Object.entries(cfg.conditions).map(([key, c]) => [c.id, key]));
  }

  /** @param {string} id  a condition's clause id or one of its points' ids */
  isCondition(id) {
    return [...this.conditionOf.keys()].some((clause) => id === clause || id.startsWith(`${clause}-`));
  }

  /** A link to where a clause or point stands: the conditions page, or the procedure page. */
  clauseHref(/** @type {string} */ clause) {
    const id = String(clause);
    const page = this.isCondition(id) ? this.cfg.pages.conditions : this.cfg.pages.procedure;
    return `${page}#${encodeURIComponent(id)}`;
  }

  /** @param {any} report */
  verdict(report) {
    const verdict = String(report.verdict);
    const title = pick(report.headline, this.lang) || this.cfg.verdicts[verdict] || verdict;
    const summary = pick(report.summary, this.lang);
    return el("div", { class: `sc-verdict sc-verdict--${verdict}`, "data-verdict": verdict },
      el("p", { class: "sc-verdict-text" }, title),
      summary ? el("p", { class: "sc-verdict-summary", "data-voice": "reading" }, summary) : null,
      el("p", { class: "sc-verdict-note", "data-voice": "reading" }, pick(report.disclaimer, this.lang) || this.cfg.disclaimer));
  }

  /**
   * @param {any} report
   * @param {Record<string, any>} answers  the answers the report was made from
   */
  body(report, answers) {
    return [
      this.conditions(report),
      this.size(report),
      this.priority(report),
      this.missing(report),
      this.nextSteps(report),
      this.answers(answers),
      this.footer(report),
    ];
  }

  /** @param {string} text */
  advice(text) {
    return el("span", { class: "sc-advice", "data-voice": "advice" },
      el("span", { class: "cl-said__who cl-said__who--advice" }, this.cfg.labels.advice), " ", text);
  }

  /** @param {any} report */
  conditions(report) {
    const conditions = report.conditions || {};
    const cards = Object.entries(this.cfg.conditions).map(([key, meta]) => {
      const c = conditions[key] || {};
      const status = String(c.status ?? "unknown");
      const label = pick(c.status_text, this.lang) || this.cfg.statuses[status] || status;
      const points = new Map((c.points || []).map((/** @type {any} */ p) => [p.id, p]));
      const reasons = new Map((c.reasons || []).map((/** @type {any} */ r) => [r.point, r]));
      /** @param {string} id  a point's id: its reason and the site's advice for it */
      const said = (id) => {
        const point = points.get(id);
        const advice = point && point.advice ? pick(point.advice, this.lang) : "";
        return [pick(reasons.get(id), this.lang), advice ? [" ", this.advice(advice)] : null];
      };
      /** @type {string[]} */
      const lead = c.lead || [];
      // What decides the card first, in full, with its fix and where the clause says it.
      const first = lead.map((id) => el("li", {}, said(id), " ",
        el("a", { href: this.clauseHref(id), class: "sc-point-link" }, this.ui.results.clause)));
      // Then one line for each other state of its points (met, weighed by the district…).
      const lines = (c.lines || []).map((/** @type {any} */ line) =>
        el("p", { class: "sc-line", "data-line": String(line.status) }, pick(line, this.lang)));
      // Every other reason, behind a disclosure (opened for print).
      const rest = [...reasons.keys()].filter((id) => !lead.includes(id)).map((id) => el("li", {}, said(id)));
      return el("article", { class: `sc-card sc-card--${status}`, "data-condition": key, "data-status": status,
        "aria-labelledby": `sc-card-${key}` },
      el("h4", { class: "sc-card-title", id: `sc-card-${key}` }, `${meta.marker} ${meta.title}`),
      el("p", { class: "sc-card-status" },
        el("span", { class: "sc-badge", "aria-hidden": "true" }),
        el("strong", {}, label)),
      first.length ? el("ul", { class: "sc-reasons sc-lead", "data-voice": "reading" }, first) : null,
      lines.length ? el("div", { class: "sc-lines", "data-voice": "reading" }, lines) : null,
      rest.length ? el("details", { class: "sc-why" },
        el("summary", {}, this.cfg.sections.reasons),
        el("ul", { class: "sc-reasons", "data-voice": "reading" }, rest)) : null,
      el("p", { class: "sc-card-link" },
        el("a", { href: this.clauseHref(meta.id) }, `${this.ui.results.read_clause} ${meta.marker}`)));
    });
    return el("section", { class: "sc-conditions", "aria-labelledby": "sc-conditions-h" },
      el("h3", { id: "sc-conditions-h" }, this.cfg.sections.conditions),
      el("p", { class: "sc-help", "data-voice": "reading" }, this.cfg.labels.reading),
      el("div", { class: "sc-cards" }, cards));
  }

  /** @param {any} report */
  size(report) {
    const size = report.size || {};
    const r = this.ui.results;
    const classes = this.cfg.size_classes;
    // "At most large" says nothing: only a cap below the largest class is worth saying.
    const largest = Object.keys(classes)[0];
    let label = this.cfg.labels.size_unknown;
    if (report.size_class) label = classes[report.size_class] || String(report.size_class);
    else if (size.at_most && size.at_most !== largest && size.at_most !== size.at_least) {
      label = format(this.cfg.size_at_most, { class: classes[size.at_most] || size.at_most });
    }
    const body = [el("p", {}, el("strong", {}, label.charAt(0).toUpperCase() + label.slice(1)))];
    // How it was found: the engine's reason for the size point, and the indicators against the
    // lower bounds of the classes the condition accepts.
    for (const c of Object.values(report.conditions || {})) {
      for (const reason of /** @type {any} */ (c).reasons || []) {
        if (reason.point === this.cfg.size_point) body.push(el("p", { class: "sc-help", "data-voice": "reading" }, pick(reason, this.lang)));
      }
    }
    if (size.note) body.push(el("p", { class: "sc-help", "data-sc-size-note": "", "data-voice": "reading" }, pick(size.note, this.lang)));
    const indicators = size.indicators || [];
    if (indicators.length) {
      /** @type {string[]} */
      const bounds = this.cfg.size_accepts;
      body.push(el("div", { class: "sc-table", tabindex: "0", role: "region", "aria-labelledby": "sc-size-h" }, el("table", {},
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, r.indicator), el("th", { scope: "col" }, r.your_value),
          bounds.map((b) => el("th", { scope: "col" }, format(r.lower_bound, { class: classes[b] || b }))))),
        el("tbody", {}, indicators.map((/** @type {any} */ i) => {
          const meta = this.cfg.indicators[i.indicator] || { label: i.indicator, unit: "" };
          // The engine writes each figure as the language does (52000万元, CNY 520 million).
          const shown = i.shown || { value: null, bounds: {} };
          const value = shown.value ? pick(shown.value, this.lang) : "—";
          return el("tr", {}, el("th", { scope: "row" }, meta.label), el("td", {}, value),
            bounds.map((b) => el("td", {}, shown.bounds[b] ? pick(shown.bounds[b], this.lang) : "—")));
        })))));
    }
    return el("section", { class: "sc-size", "aria-labelledby": "sc-size-h" },
      el("h3", { id: "sc-size-h" }, this.cfg.sections.size_class), body);
  }

  /** @param {string} key */
  questionLabel(key) {
    const q = this.form.questions.get(key);
    return q ? q.label : String(key);
  }

  /** @param {any} report */
  priority(report) {
    const items = (report.priority_factors || []).map((/** @type {string} */ key) => el("li", {}, this.questionLabel(key)));
    return el("section", { class: "sc-priority", "aria-labelledby": "sc-priority-h" },
      el("h3", { id: "sc-priority-h" }, this.cfg.sections.priority_factors),
      items.length ? el("ul", {}, items) : el("p", {}, this.ui.results.priority_none));
  }

  /** @param {any} report */
  missing(report) {
    const sep = this.cfg.joiners.list;
    const items = (report.missing || []).map((/** @type {any} */ m) => {
      const key = String(m.key);
      const label = pick(m.question, this.lang) || this.questionLabel(key);
      const blocks = (m.blocks || []).map((/** @type {string} */ c) => (this.cfg.conditions[c] || {}).marker || c).join(sep);
      const group = this.form.groupOf(key);
      const link = group ? el("a", { href: `#${group}`, "data-sc-focus": key }, label) : label;
      return el("li", {}, link, blocks ? ` (${this.ui.results.blocks} ${blocks})` : "");
    });
    const section = el("section", { class: "sc-missing", "aria-labelledby": "sc-missing-h" },
      el("h3", { id: "sc-missing-h" }, this.cfg.sections.open),
      items.length ? [el("p", { class: "sc-help" }, this.ui.results.missing_order), el("ol", {}, items)]
        : el("p", {}, this.ui.results.missing_none));
    section.addEventListener("click", (e) => {
      const a = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest("[data-sc-focus]"));
      if (!a || !a.dataset.scFocus) return;
      e.preventDefault();
      this.form.focus(a.dataset.scFocus);
    });
    return section;
  }

  /** @param {any} report */
  nextSteps(report) {
    const steps = report.next_steps || [];
    const r = this.ui.results;
    const item = (/** @type {any} */ step) => el("li", {}, pick(step, this.lang),
      step.clause ? [" ", el("a", { href: this.clauseHref(step.clause), class: "sc-point-link" }, r.clause)] : null);
    const of = (/** @type {(s: any) => boolean} */ test) => steps.filter(test).map(item);
    const advice = steps.filter((/** @type {any} */ s) => s.kind === "advice")
      .map((/** @type {any} */ s) => el("li", {}, this.advice(pick(s, this.lang))));
    const required = of((s) => s.kind === "material" && s.basis === "notice");
    const evidence = of((s) => s.kind === "material" && s.basis === "site");
    const submission = of((s) => s.kind === "submission");
    const sections = this.cfg.sections;
    return el("section", { class: "sc-next", "aria-labelledby": "sc-next-h" },
      el("h3", { id: "sc-next-h" }, sections.next_steps),
      advice.length ? el("ul", { "data-voice": "advice" }, advice) : null,
      required.length ? [el("h4", {}, sections.materials), el("ul", { class: "sc-materials", "data-basis": "notice", "data-voice": "reading" }, required)] : null,
      evidence.length ? [el("h4", {}, sections.evidence), el("ul", { class: "sc-materials", "data-basis": "site", "data-voice": "advice" }, evidence)] : null,
      el("h4", {}, sections.submission),
      submission.length ? el("ul", { "data-voice": "reading" }, submission) : null,
      el("p", {}, el("a", { href: this.cfg.submission }, r.submit_link)));
  }

  /**
   * "Your answers": printed with the result (labels from the form, values as text).
   * @param {Record<string, any>} answers
   */
  answers(answers) {
    const rows = [];
    for (const [key, q] of this.form.questions) {
      if (!(key in answers)) continue;
      rows.push(el("tr", {}, el("th", { scope: "row" }, q.label), el("td", {}, this.form.answerText(key, answers[key]))));
    }
    if (!rows.length) return null;
    return el("details", { class: "sc-answers" },
      el("summary", {}, this.cfg.sections.answers),
      el("table", {}, el("tbody", {}, rows)));
  }

  /** @param {any} report */
  footer(report) {
    const r = this.ui.results;
    return el("p", { class: "sc-meta" },
      `${r.engine_version}: ${report.version ?? ""} · ${this.cfg.labels.checked_on}: ${report.compiled_on ?? ""} · ${r.as_of}: ${report.as_of ?? ""} · ${r.digest}: `,
      el("code", {}, String(report.digest ?? "")));
  }
}
