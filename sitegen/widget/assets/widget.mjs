// The self-check widget (main thread). Loaded only by the self-check page, as a module.
//
// - Mounts on the page's [data-selfcheck] root, inside Material's `document$` when instant
//   navigation is on (it is not in this site's mkdocs.yml; then it mounts once, on load).
// - Shows the progress of the engine (engine.js, started from <head>, owns worker.mjs: Pyodide
//   + the selfcheck wheel); the form (rendered at build time) is usable meanwhile.
// - The answers object is the state. The form writes into it, one key at a time; a share link,
//   a receipt or this device's storage replace it. Values the form cannot show (from a hand-made
//   link, say) stay in it, so the engine names them in a field-level message: nothing is lost.
// - Everything from data is written with textContent / setAttribute: never innerHTML.
//
// Contract for tests and benchmarks: root[data-state] = loading | ready | error;
// [data-verdict] = eligible | not_eligible | needs_review | incomplete;
// [data-condition=c1..c8][data-status=<engine status>]; the fragment #answers=<base64url JSON>
// is read on load and on every hashchange. root[data-eval-count] counts rendered results,
// root[data-eval-ms] is the time from the last answer change to its rendered result and
// root[data-ready-ms] the time from navigation to ready (benchmarks/widget_bench.py reads them).

const STORAGE_KEY = "selfcheck.answers.v1";
const HASH_KEY = "answers";
const MAX_CSV_BYTES = 2 * 1024 * 1024;

// ---- small DOM helpers (text only) ------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function pick(map, lang) {
  if (map && typeof map === "object" && !Array.isArray(map)) {
    return String(map[lang] ?? map.zh ?? map.en ?? "");
  }
  return map === null || map === undefined ? "" : String(map);
}

function todayISO() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---- share links: base64url of the UTF-8 JSON answers ------------------------------------

export function encodeAnswers(answers) {
  const bytes = new TextEncoder().encode(JSON.stringify(answers));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeAnswers(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
  return value;
}

function hashAnswers() {
  const hash = window.location.hash.replace(/^#/, "");
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  return params.has(HASH_KEY) ? params.get(HASH_KEY) : null;
}

// ---- the widget ---------------------------------------------------------------------------

class Widget {
  constructor(root) {
    this.root = root;
    const data = JSON.parse(root.querySelector("#sc-strings").textContent);
    this.ui = data.ui;
    this.cfg = data.config;
    this.lang = this.cfg.lang;
    this.form = root.querySelector("[data-sc-form]");
    this.questions = new Map(this.cfg.questions.map((q) => [q.key, q]));
    this.answers = {};
    this.asOf = todayISO();
    this.report = null;
    this.ready = false;
    this.inFlight = false;
    this.dirty = false;
    this.changedAt = 0;
    this.evalCount = 0;
    this.batchCsv = null;
    this.pendingReceipt = null;
  }

  $(selector) {
    return this.root.querySelector(selector);
  }

  mount() {
    this.root.dataset.state = "loading";
    this.form.addEventListener("input", (e) => this.onInput(e));
    this.form.addEventListener("change", (e) => this.onInput(e));
    this.form.addEventListener("reset", () => setTimeout(() => {
      // Start again: drop a share link's answers from the address too (no hashchange fired).
      if (hashAnswers() !== null) history.replaceState(null, "", window.location.pathname + window.location.search);
      this.pendingReceipt = null;
      this.replaceAnswers({}, null);
    }, 0));
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.root.addEventListener("click", (e) => {
      const button = e.target.closest("[data-sc-action]");
      if (button && this.root.contains(button)) this.onAction(button.dataset.scAction, button);
    });
    this.$("[data-sc-receipt-file]").addEventListener("change", (e) => this.loadReceipt(e.target));
    this.$("[data-sc-batch-file]").addEventListener("change", (e) => this.runBatch(e.target));
    const remember = this.$("[data-sc-remember]");
    remember.addEventListener("change", () => this.onRemember(remember.checked));
    window.addEventListener("hashchange", () => this.readHash());
    // Print the answers with the result: open the collapsed "your answers" list first.
    window.addEventListener("beforeprint", () => {
      for (const d of this.root.querySelectorAll("details.sc-answers")) d.open = true;
    });
    this.restore();
    this.engine = window.selfcheckEngine;
    if (this.engine) this.engine.subscribe((msg) => this.onEngineMessage(msg));
    else this.failed("the engine script (engine.js) did not load");
  }

  // -- the engine (engine.js owns the worker; it started from <head>) --

  call(op, payload) {
    return this.engine.call(op, payload);
  }

  progress(stage, percent) {
    this.$("[data-sc-progress]").value = percent;
    const text = this.ui.loading[stage];
    if (text) this.$("[data-sc-status]").textContent = text;
  }

  failed(detail) {
    if (this.root.dataset.state === "error") return;
    this.ready = false;
    this.root.dataset.state = "error";
    this.$("[data-sc-loading]").hidden = true;
    this.$("[data-sc-failure]").hidden = false;
    this.$("[data-sc-failure-detail]").textContent = detail;
    this.$("[data-sc-waiting]").textContent = this.ui.loading.error;
  }

  onEngineMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "progress") {
      this.progress(msg.stage, msg.percent);
    } else if (msg.type === "ready") {
      this.ready = true;
      this.root.dataset.readyMs = performance.now().toFixed(0); // since navigation (benchmark)
      this.root.dataset.state = "ready";
      this.progress("ready", 100);
      this.$("[data-sc-loading]").classList.add("sc-loading--done");
      this.evaluate();
    } else if (msg.type === "failed") {
      this.failed(msg.detail);
    }
  }

  // -- answers <-> form --

  readField(key) {
    const q = this.questions.get(key);
    const inputs = [...this.form.querySelectorAll(`[name="${CSS.escape(key)}"]`)];
    if (!q || !inputs.length) return undefined;
    if (q.type === "boolean") {
      const checked = inputs.find((i) => i.checked);
      if (!checked) return undefined;
      return checked.value === "not_sure" ? "not_sure" : checked.value === "true";
    }
    if (q.type === "integer" || q.type === "number") {
      const notSure = inputs.find((i) => i.dataset.notSure !== undefined);
      if (notSure && notSure.checked) return "not_sure";
      const raw = inputs.find((i) => i.type === "text").value.trim();
      if (raw === "") return undefined;
      const plain = raw.replace(/[,，\s]/g, "").replace(/[０-９．]/g,
        (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      const pattern = q.type === "integer" ? /^\d+$/ : /^\d+(\.\d+)?$/;
      return pattern.test(plain) ? Number(plain) : raw; // the engine names what is wrong
    }
    if (q.type === "choice") {
      const value = inputs[0].value;
      return value === "" ? undefined : value;
    }
    if (q.type === "multi_choice") {
      const checked = inputs.filter((i) => i.checked).map((i) => i.value);
      if (checked.includes("not_sure")) return "not_sure";
      if (checked.includes("none")) return [];
      return checked.length ? checked : undefined;
    }
    return undefined;
  }

  writeField(key, value) {
    const q = this.questions.get(key);
    const inputs = [...this.form.querySelectorAll(`[name="${CSS.escape(key)}"]`)];
    if (!q || !inputs.length) return;
    for (const input of inputs) {
      if (input.type === "radio" || input.type === "checkbox") input.checked = false;
    }
    const select = inputs.find((i) => i.tagName === "SELECT");
    if (select) {
      for (const opt of select.querySelectorAll("option[data-sc-foreign]")) opt.remove();
      select.value = "";
    }
    if (value === undefined) {
      for (const input of inputs) if (input.type === "text") input.value = "";
      return;
    }
    if (q.type === "boolean") {
      const wanted = value === true ? "true" : value === false ? "false" : null;
      const input = inputs.find((i) => i.value === wanted);
      if (input) input.checked = true;
    } else if (q.type === "integer" || q.type === "number") {
      const text = inputs.find((i) => i.type === "text");
      text.value = typeof value === "object" ? JSON.stringify(value) : String(value);
    } else if (q.type === "choice") {
      const known = [...select.options].some((o) => o.value === String(value) && o.value !== "" && o.value !== "not_sure");
      if (!known) {
        // Show a foreign value as text (never as markup), so the user sees what the link held.
        select.append(el("option", { value: String(value), "data-sc-foreign": true }, String(value)));
      }
      select.value = String(value);
    } else if (q.type === "multi_choice") {
      const values = Array.isArray(value) ? (value.length ? value.map(String) : ["none"]) : [];
      for (const input of inputs) input.checked = values.includes(input.value) && input.value !== "not_sure";
    }
  }

  onInput(event) {
    const target = event.target;
    const key = target && target.name;
    if (!key || !this.questions.has(key)) return;
    if (target.type === "checkbox" && target.checked) {
      // "None of these" / "Not sure" exclude the other boxes, and the other way round.
      const group = [...this.form.querySelectorAll(`[name="${CSS.escape(key)}"]`)];
      for (const input of group) {
        if (input === target || input.type !== "checkbox") continue;
        if (target.dataset.exclusive !== undefined || input.dataset.exclusive !== undefined) {
          input.checked = false;
        }
      }
      if (target.dataset.notSure !== undefined) {
        const text = group.find((i) => i.type === "text");
        if (text) text.value = "";
      }
    }
    if (target.type === "text" && target.value.trim() !== "") {
      const notSure = this.form.querySelector(`[name="${CSS.escape(key)}"][data-not-sure]`);
      if (notSure) notSure.checked = false;
    }
    const value = this.readField(key);
    // "Not sure" is not an answer: the public format leaves the key out (the engine then lists
    // it among the answers that would settle the result).
    if (value === undefined || value === "not_sure") delete this.answers[key];
    else this.answers[key] = value;
    this.changedAt = performance.now();
    this.save();
    this.evaluate();
  }

  replaceAnswers(answers, notice, asOf) {
    this.answers = { ...answers };
    this.asOf = asOf || todayISO();
    for (const key of this.questions.keys()) this.writeField(key, this.answers[key]);
    this.changedAt = performance.now();
    this.notice(notice);
    this.save();
    this.evaluate();
  }

  // Answers from outside (link, receipt, storage): keep the object, drop unknown keys with a note.
  cleanAnswers(value) {
    const answers = {};
    const ignored = [];
    for (const [key, v] of Object.entries(value)) {
      if (this.questions.has(key)) answers[key] = v;
      else ignored.push(key);
    }
    return { answers, ignored };
  }

  notice(text) {
    this.$("[data-sc-notice]").textContent = text || "";
  }

  // -- evaluation: at most one request in flight; the latest answers always win --

  evaluate() {
    if (!this.ready) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.inFlight = true;
    this.dirty = false;
    const answers = { ...this.answers };
    const started = this.changedAt || performance.now();
    this.call("evaluate", { answers_json: JSON.stringify(answers), lang: this.lang, as_of: this.asOf })
      .then((response) => {
        this.inFlight = false;
        if (this.dirty) {
          this.evaluate();
          return;
        }
        this.render(response);
        this.root.dataset.evalMs = (performance.now() - started).toFixed(1);
        this.root.dataset.evalCount = String(++this.evalCount);
        if (this.pendingReceipt) this.checkReceipt(response);
      });
  }

  // -- results --

  clearFieldErrors() {
    for (const p of this.form.querySelectorAll("[data-error-for]")) {
      p.hidden = true;
      p.textContent = "";
    }
    for (const node of this.form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    for (const node of this.form.querySelectorAll(".sc-field--invalid")) node.classList.remove("sc-field--invalid");
  }

  showFieldErrors(errors) {
    const general = [];
    for (const error of errors) {
      const text = pick(error, this.lang);
      const key = error.field;
      const slot = key ? this.form.querySelector(`[data-error-for="${CSS.escape(String(key))}"]`) : null;
      if (!slot) {
        general.push(text);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      slot.hidden = false;
      const field = slot.closest(".sc-field");
      field.classList.add("sc-field--invalid");
      for (const input of field.querySelectorAll("input[type=text], select")) input.setAttribute("aria-invalid", "true");
      if (field.tagName === "FIELDSET") field.setAttribute("aria-invalid", "true");
    }
    return general;
  }

  render(response) {
    this.clearFieldErrors();
    const live = this.$("[data-sc-live]");
    const box = this.$("[data-sc-report]");
    if (!response || !response.ok) {
      const general = this.showFieldErrors((response && response.errors) || []);
      this.report = null;
      live.replaceChildren(el("div", { class: "sc-errors admonition warning", role: "alert" },
        el("p", {}, this.ui.results.errors),
        general.length ? el("ul", {}, general.map((t) => el("li", {}, t))) : null));
      box.replaceChildren();
      return;
    }
    const report = response.report;
    this.report = report;
    this.root.dataset.asOf = String(report.as_of ?? this.asOf);
    live.replaceChildren(this.renderVerdict(report));
    box.replaceChildren(
      this.renderConditions(report),
      this.renderSize(report),
      this.renderPriority(report),
      this.renderMissing(report),
      this.renderNextSteps(report),
      this.renderAnswers(report),
      this.renderFooter(report),
    );
  }

  renderVerdict(report) {
    const verdict = String(report.verdict);
    const text = pick(report.title, this.lang) || this.ui.results.verdict[verdict] || verdict;
    const summary = pick(report.summary, this.lang);
    return el("div", { class: `sc-verdict sc-verdict--${verdict}`, "data-verdict": verdict },
      el("p", { class: "sc-verdict-text" }, text),
      summary ? el("p", { class: "sc-verdict-summary" }, summary) : null,
      el("p", { class: "sc-verdict-note" }, pick(report.disclaimer, this.lang) || this.ui.results.verdict_note));
  }

  pointHref(point) {
    return `${this.cfg.conditions_page}#${encodeURIComponent(String(point))}`;
  }

  renderConditions(report) {
    const conditions = report.conditions || {};
    const cards = Object.keys(this.cfg.conditions).map((key) => {
      const c = conditions[key] || {};
      const meta = this.cfg.conditions[key];
      const status = String(c.status ?? "unknown");
      const label = pick(c.status_text, this.lang) || this.ui.results.status[status] || status;
      const reasons = (c.reasons || []).map((r) => el("li", {},
        pick(r, this.lang), " ",
        r.point ? el("a", { href: this.pointHref(r.point), class: "sc-point-link" }, this.ui.results.clause) : null));
      const clause = c.clause || meta.id;
      return el("article", { class: `sc-card sc-card--${status}`, "data-condition": key, "data-status": status,
        "aria-labelledby": `sc-card-${key}` },
      el("h4", { class: "sc-card-title", id: `sc-card-${key}` }, `${meta.marker} ${meta.title}`),
      el("p", { class: "sc-card-status" },
        el("span", { class: "sc-badge", "aria-hidden": "true" }),
        el("strong", {}, label)),
      reasons.length ? el("ul", { class: "sc-reasons" }, reasons) : null,
      el("p", { class: "sc-card-link" },
        el("a", { href: this.pointHref(clause) }, `${this.ui.results.read_clause} ${meta.marker}`)));
    });
    return el("section", { class: "sc-conditions", "aria-labelledby": "sc-conditions-h" },
      el("h3", { id: "sc-conditions-h" }, this.ui.results.conditions),
      el("div", { class: "sc-cards" }, cards));
  }

  renderSize(report) {
    const size = report.size || {};
    const r = this.ui.results;
    const classes = this.cfg.size_classes;
    let label = r.size_unknown;
    if (report.size_class) label = classes[report.size_class] || String(report.size_class);
    else if (size.at_most && size.at_most !== size.at_least) label = format(this.cfg.size_at_most, { class: classes[size.at_most] || size.at_most });
    const body = [el("p", {}, el("strong", {}, label))];
    // How it was found: the engine's reason for the size point, and the indicators against
    // the lower bounds of the enterprise's industry group.
    const c2 = (report.conditions || {}).c2 || {};
    for (const reason of c2.reasons || []) {
      if (reason.point === this.cfg.size_point) body.push(el("p", { class: "sc-help" }, pick(reason, this.lang)));
    }
    // The engine's caveat when the class rests on bounds the data marks as not checked.
    if (size.note) body.push(el("p", { class: "sc-help", "data-sc-size-note": "" }, pick(size.note, this.lang)));
    const indicators = size.indicators || [];
    if (indicators.length) {
      const bounds = ["large", "medium"];
      body.push(el("div", { class: "sc-table", tabindex: "0", role: "region", "aria-labelledby": "sc-size-h" }, el("table", {},
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, r.indicator), el("th", { scope: "col" }, r.your_value),
          bounds.map((b) => el("th", { scope: "col" }, format(r.lower_bound, { class: classes[b] || b }))))),
        el("tbody", {}, indicators.map((i) => {
          const meta = this.cfg.indicators[i.indicator] || { label: i.indicator, unit: "" };
          const value = i.value === null || i.value === undefined ? "—" : `${i.value} ${meta.unit}`;
          return el("tr", {}, el("th", { scope: "row" }, meta.label), el("td", {}, value),
            bounds.map((b) => el("td", {}, i.bounds && b in i.bounds ? `${i.bounds[b]} ${meta.unit}` : "—")));
        })))));
    }
    return el("section", { class: "sc-size", "aria-labelledby": "sc-size-h" },
      el("h3", { id: "sc-size-h" }, r.size_class), body);
  }

  questionLabel(key) {
    const q = this.questions.get(key);
    return q ? q.label : String(key);
  }

  renderPriority(report) {
    const factors = report.priority_factors || [];
    const items = factors.map((key) => el("li", {}, this.questionLabel(key)));
    return el("section", { class: "sc-priority", "aria-labelledby": "sc-priority-h" },
      el("h3", { id: "sc-priority-h" }, this.ui.results.priority),
      items.length ? el("ul", {}, items) : el("p", {}, this.ui.results.priority_none));
  }

  renderMissing(report) {
    const missing = report.missing || [];
    const items = missing.map((m) => {
      const key = String(m.key);
      const label = pick(m.question, this.lang) || this.questionLabel(key);
      const blocks = (m.blocks || []).map((c) => (this.cfg.conditions[c] || {}).marker || c).join(this.lang === "zh" ? "、" : ", ");
      const target = this.form.querySelector(`[data-key="${CSS.escape(key)}"]`);
      const link = target ? el("a", { href: `#sc-group-${target.closest("[data-clause]").dataset.clause}`, "data-sc-focus": key }, label) : label;
      return el("li", {}, link, blocks ? ` (${this.ui.results.blocks} ${blocks})` : "");
    });
    const section = el("section", { class: "sc-missing", "aria-labelledby": "sc-missing-h" },
      el("h3", { id: "sc-missing-h" }, this.ui.results.missing),
      items.length ? el("ol", {}, items) : el("p", {}, this.ui.results.missing_none));
    section.addEventListener("click", (e) => {
      const a = e.target.closest("[data-sc-focus]");
      if (!a) return;
      e.preventDefault();
      const field = this.form.querySelector(`[data-key="${CSS.escape(a.dataset.scFocus)}"]`);
      const input = field && field.querySelector("input, select");
      if (input) input.focus();
    });
    return section;
  }

  renderNextSteps(report) {
    const steps = report.next_steps || [];
    const r = this.ui.results;
    const item = (step) => el("li", {}, pick(step, this.lang),
      step.clause ? [" ", el("a", { href: this.clauseHref(step.clause), class: "sc-point-link" }, r.clause)] : null);
    const advice = steps.filter((s) => s.kind === "advice").map(item);
    const materials = steps.filter((s) => s.kind === "material").map(item);
    const submission = steps.filter((s) => s.kind === "submission").map(item);
    return el("section", { class: "sc-next", "aria-labelledby": "sc-next-h" },
      el("h3", { id: "sc-next-h" }, r.next_steps),
      advice.length ? el("ul", {}, advice) : null,
      materials.length ? [el("h4", {}, r.materials), el("ul", { class: "sc-materials" }, materials)] : null,
      el("h4", {}, r.submit),
      submission.length ? el("ul", {}, submission) : null,
      el("p", {}, el("a", { href: this.cfg.procedure }, r.submit_link)));
  }

  clauseHref(clause) {
    const id = String(clause);
    return id.startsWith("s2-") ? this.pointHref(id) : `${this.cfg.procedure_page}#${encodeURIComponent(id)}`;
  }

  renderAnswers() {
    // "Your answers": printed with the result (labels from the page, values as text).
    const rows = [];
    for (const [key, q] of this.questions) {
      if (!(key in this.answers)) continue;
      rows.push(el("tr", {}, el("th", { scope: "row" }, q.label), el("td", {}, this.answerText(key, this.answers[key]))));
    }
    if (!rows.length) return null;
    return el("details", { class: "sc-answers" },
      el("summary", {}, this.ui.form.heading),
      el("table", {}, el("tbody", {}, rows)));
  }

  answerText(key, value) {
    const label = (v) => {
      const input = this.form.querySelector(`[name="${CSS.escape(key)}"][value="${CSS.escape(String(v))}"]`);
      if (input && input.tagName === "OPTION") return input.textContent;
      const option = this.form.querySelector(`select[name="${CSS.escape(key)}"] option[value="${CSS.escape(String(v))}"]`);
      if (option) return option.textContent;
      if (input && input.closest("label")) return input.closest("label").textContent.trim();
      return String(v);
    };
    if (value === "not_sure") return this.ui.form.not_sure;
    if (value === true) return this.ui.form.yes;
    if (value === false) return this.ui.form.no;
    if (Array.isArray(value)) return value.length ? value.map(label).join(this.lang === "zh" ? "、" : ", ") : this.ui.form.none_of_these;
    if (typeof value === "object") return JSON.stringify(value);
    return label(value);
  }

  renderFooter(report) {
    const r = this.ui.results;
    return el("p", { class: "sc-meta" },
      `${r.engine_version}: ${report.version ?? ""} · ${r.as_of}: ${report.as_of ?? this.asOf} · ${r.digest}: `,
      el("code", {}, String(report.digest ?? "")));
  }

  // -- keeping and sharing --

  onAction(action, button) {
    if (action === "print") window.print();
    else if (action === "receipt") this.downloadReceipt();
    else if (action === "markdown") this.downloadMarkdown();
    else if (action === "share") this.share();
    else if (action === "forget") this.forget();
    else if (action === "template") this.downloadTemplate();
    else if (action === "batch-download" && this.batchCsv) download(this.batchFileName("results"), this.batchCsv, "text/csv;charset=utf-8");
    void button;
  }

  requireReport() {
    if (this.report) return true;
    this.notice(this.ready ? this.ui.results.errors : this.ui.keep.not_ready);
    return false;
  }

  downloadReceipt() {
    if (!this.requireReport()) return;
    const r = this.report;
    const receipt = { answers: { ...this.answers }, report: r, version: r.version, as_of: r.as_of ?? this.asOf, digest: r.digest };
    download(`selfcheck-receipt-${receipt.as_of}.json`, JSON.stringify(receipt, null, 1) + "\n", "application/json");
  }

  async downloadMarkdown() {
    if (!this.requireReport()) return;
    const response = await this.call("markdown", { answers_json: JSON.stringify(this.answers), lang: this.lang, as_of: this.report.as_of ?? this.asOf });
    if (response.ok) download(`selfcheck-${this.report.as_of ?? this.asOf}.md`, response.markdown, "text/markdown;charset=utf-8");
    else this.notice(pick((response.errors || [])[0], this.lang));
  }

  shareURL() {
    const url = new URL(window.location.href);
    url.search = "";
    url.hash = `${HASH_KEY}=${encodeAnswers(this.answers)}`;
    return url.href;
  }

  async share() {
    const url = this.shareURL();
    const box = this.$("[data-sc-share]");
    const input = this.$("[data-sc-share-url]");
    box.hidden = false;
    input.value = url;
    input.focus();
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      this.notice(this.ui.keep.copied);
    } catch {
      this.notice(this.ui.keep.copy_failed);
    }
  }

  readHash() {
    const encoded = hashAnswers();
    if (encoded === null) return false;
    let value;
    try {
      value = decodeAnswers(encoded);
    } catch {
      this.notice(this.ui.keep.share_invalid);
      return false;
    }
    const { answers, ignored } = this.cleanAnswers(value);
    let text = this.ui.keep.share_loaded;
    if (ignored.length) text += " " + format(this.ui.keep.ignored_keys, { keys: ignored.join(", ") });
    this.pendingReceipt = null;
    this.replaceAnswers(answers, text);
    return true;
  }

  async loadReceipt(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    let receipt;
    try {
      if (file.size > MAX_CSV_BYTES) throw new Error("too large");
      receipt = JSON.parse(await file.text());
      if (!receipt || typeof receipt !== "object" || !receipt.answers || typeof receipt.answers !== "object" || Array.isArray(receipt.answers)) {
        throw new Error("no answers");
      }
    } catch {
      this.notice(this.ui.keep.receipt_invalid);
      return;
    }
    const { answers, ignored } = this.cleanAnswers(receipt.answers);
    this.pendingReceipt = { receipt, ignored };
    const asOf = typeof receipt.as_of === "string" && /^\d{4}-\d{2}-\d{2}$/.test(receipt.as_of) ? receipt.as_of : null;
    this.replaceAnswers(answers, this.ready ? "" : this.ui.keep.not_ready, asOf);
  }

  checkReceipt(response) {
    const { receipt, ignored } = this.pendingReceipt;
    this.pendingReceipt = null;
    const report = response.ok ? response.report : {};
    const parts = [];
    parts.push(response.ok && report.digest === receipt.digest ? this.ui.keep.receipt_loaded : this.ui.keep.receipt_mismatch);
    if (receipt.version !== undefined && String(receipt.version) !== String(report.version)) {
      parts.push(format(this.ui.keep.receipt_version, { old: String(receipt.version), new: String(report.version) }));
    }
    if (ignored.length) parts.push(format(this.ui.keep.ignored_keys, { keys: ignored.join(", ") }));
    this.notice(parts.join(" "));
    this.root.dataset.receipt = response.ok && report.digest === receipt.digest ? "match" : "mismatch";
  }

  // -- this device (opt-in) --

  storage() {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  }

  restore() {
    if (this.readHash()) {
      this.$("[data-sc-remember]").checked = Boolean(this.storage() && this.storage().getItem(STORAGE_KEY));
      return;
    }
    const store = this.storage();
    const saved = store && store.getItem(STORAGE_KEY);
    if (!saved) {
      // The browser may have kept form values across a reload: take them as the answers.
      for (const key of this.questions.keys()) {
        const value = this.readField(key);
        if (value !== undefined && value !== "not_sure") this.answers[key] = value;
      }
      return;
    }
    this.$("[data-sc-remember]").checked = true;
    try {
      const { answers } = this.cleanAnswers(JSON.parse(saved).answers || {});
      this.replaceAnswers(answers, this.ui.keep.restored);
    } catch {
      store.removeItem(STORAGE_KEY);
    }
  }

  onRemember(on) {
    const store = this.storage();
    if (!store) return;
    if (on) this.save(true);
    else this.forget();
  }

  save(force) {
    const store = this.storage();
    if (!store || !(force || this.$("[data-sc-remember]").checked)) return;
    try {
      store.setItem(STORAGE_KEY, JSON.stringify({ answers: this.answers, saved: new Date().toISOString() }));
    } catch {
      /* storage full or blocked: nothing to keep */
    }
  }

  forget() {
    const store = this.storage();
    if (store) store.removeItem(STORAGE_KEY);
    this.$("[data-sc-remember]").checked = false;
    this.notice(this.ui.keep.forgotten);
  }

  // -- batch CSV --

  batchFileName(what) {
    return `selfcheck-batch-${what}-${this.asOf}.csv`;
  }

  downloadTemplate() {
    // With Excel's BOM, so that Excel on Chinese Windows opens it as UTF-8.
    download(this.batchFileName("template"), "\ufeff" + this.cfg.template_csv, "text/csv;charset=utf-8");
  }

  async runBatch(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const status = this.$("[data-sc-batch-status]");
    const table = this.$("[data-sc-batch-table]");
    const downloadButton = this.$('[data-sc-action="batch-download"]');
    this.batchCsv = null;
    downloadButton.disabled = true;
    table.replaceChildren();
    if (!this.ready) {
      status.textContent = this.ui.keep.not_ready;
      return;
    }
    if (file.size > MAX_CSV_BYTES) {
      status.textContent = this.ui.batch.invalid + this.ui.batch.too_large;
      return;
    }
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      try {
        text = new TextDecoder("gb18030").decode(await file.arrayBuffer()); // Excel on Chinese Windows
      } catch {
        status.textContent = this.ui.batch.invalid;
        return;
      }
    }
    const response = await this.call("batch", { csv: text.replace(/^\ufeff/, ""), lang: this.lang, as_of: this.asOf });
    if (!response.ok) {
      status.textContent = this.ui.batch.invalid + (response.errors || []).map((e) => pick(e, this.lang)).join(" ");
      this.root.dataset.batch = "error";
      return;
    }
    this.batchCsv = response.csv;
    downloadButton.disabled = false;
    table.replaceChildren(this.batchTable(response));
    table.setAttribute("tabindex", "0"); // a scrollable region is reachable by keyboard
    status.textContent = format(this.ui.batch.rows_done, { n: (response.rows || []).length });
    this.root.dataset.batch = "done";
  }

  batchTable(response) {
    // The engine's output columns, shown with the page's words; the download keeps them all.
    const header = response.header || [];
    const r = this.ui.results;
    const shown = header.map((h, i) => [h, i]).filter(([h]) => this.batchColumn(h) !== null);
    const cell = (h, value) => {
      if (h === "verdict") return value ? r.verdict[value] || value : "";
      if (/^c[1-8]$/.test(h)) return value ? `${r.status[value] || value}` : "";
      if (h === "size_class") return value ? this.cfg.size_classes[value] || value : "";
      return value;
    };
    return el("table", {},
      el("caption", { id: "sc-batch-caption" }, this.ui.batch.table_caption),
      el("thead", {}, el("tr", {}, shown.map(([h]) => el("th", { scope: "col", "data-column": h }, this.batchColumn(h))))),
      el("tbody", {}, (response.rows || []).map((row) => el("tr", { "data-row": row[0] },
        shown.map(([h, i]) => el("td", { "data-column": h, "data-value": row[i] ?? "" }, cell(h, row[i] ?? "")))))));
  }

  batchColumn(h) {
    const b = this.ui.batch;
    const names = { row: b.row, ref: b.name, verdict: b.verdict, size_class: this.ui.results.size_class, errors: b.problems };
    if (h in names) return names[h];
    if (/^c[1-8]$/.test(h) && this.cfg.conditions[h]) return this.cfg.conditions[h].marker;
    return null;
  }
}

function mount() {
  const root = document.querySelector("[data-selfcheck]");
  if (!root || root.dataset.scMounted || !root.querySelector("#sc-strings")) return;
  root.dataset.scMounted = "1";
  try {
    new Widget(root).mount();
  } catch (err) {
    root.dataset.state = "error";
    const box = root.querySelector("[data-sc-failure]");
    if (box) box.hidden = false;
    throw err;
  }
}

// Material's instant navigation replaces the page without rerunning scripts: mount inside its
// `document$` observable when it exists; otherwise (this site) once, now (modules are deferred).
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mount());
} else {
  mount();
}
