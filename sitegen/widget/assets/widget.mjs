// @ts-check
// The self-check widget (main thread). Loaded only by the self-check page, as a module; it mounts
// the modules of this folder on the page's [data-selfcheck] root:
//   form.mjs    the form rendered at build time <-> the answers (the public answer format)
//   report.mjs  the engine's report as the page shows it
//   keep.mjs    receipts, the Markdown download, share links, this device's storage
//   batch.mjs   the CSV batch check
//   codec.mjs   the share link's encoding
// The engine is engine.js (a classic script started from <head>, which owns worker.mjs: Pyodide
// and the selfcheck wheel); the widget reaches it through window.selfcheckEngine. The form is
// usable while Pyodide loads.
//
// The answers object is the state. The form writes into it, one key at a time; a share link, a
// receipt or this device's storage replace it. Values the form cannot show (from a hand-made
// link, say) stay in it, so the engine names them in a field-level message: nothing is lost.
//
// Contract for tests and benchmarks: root[data-state] = loading | ready | error;
// [data-verdict] = eligible | not_eligible | needs_review | incomplete; [data-condition=<report
// key>][data-status=<engine status>]; the fragment #answers=<base64url JSON> is read on load and
// on every hashchange. root[data-eval-count] counts rendered results, root[data-eval-ms] is the
// time from the last answer change to its rendered result and root[data-ready-ms] the time from
// navigation to ready (benchmarks/widget_bench.py reads them).
import { el, format, need, todayISO } from "./dom.mjs";
import { decodeAnswers, hashAnswers } from "./codec.mjs";
import { FormView } from "./form.mjs";
import { ReportView } from "./report.mjs";
import { BatchView } from "./batch.mjs";
import * as keep from "./keep.mjs";

class Widget {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    const data = JSON.parse(need(root, "#sc-strings").textContent || "{}");
    this.ui = data.ui;
    this.cfg = data.config;
    this.lang = this.cfg.lang;
    this.form = new FormView(need(root, "[data-sc-form]"), this.cfg.questions, this.ui, this.lang);
    this.view = new ReportView(this.ui, this.cfg, this.form);
    this.batch = new BatchView(root, this.ui, this.cfg, (op, payload) => this.call(op, payload));
    /** @type {Record<string, any>} */
    this.answers = {};
    this.asOf = todayISO();
    /** @type {any} */
    this.report = null;
    this.ready = false;
    this.inFlight = false;
    this.dirty = false;
    this.changedAt = 0;
    this.evalCount = 0;
    /** @type {{receipt: any, ignored: string[]} | null} */
    this.pendingReceipt = null;
    /** @type {any} */
    this.engine = null;
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.root.querySelector(selector);
  }

  mount() {
    this.root.dataset.state = "loading";
    const form = this.form.form;
    form.addEventListener("input", (e) => this.onInput(e));
    form.addEventListener("change", (e) => this.onInput(e));
    form.addEventListener("reset", () => setTimeout(() => {
      // Start again: drop a share link's answers from the address too (no hashchange fired).
      if (hashAnswers() !== null) history.replaceState(null, "", window.location.pathname + window.location.search);
      this.pendingReceipt = null;
      this.replaceAnswers({}, null);
    }, 0));
    form.addEventListener("submit", (e) => e.preventDefault());
    this.root.addEventListener("click", (e) => {
      const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest("[data-sc-action]"));
      if (button && this.root.contains(button)) this.onAction(button.dataset.scAction || "");
    });
    this.$("[data-sc-receipt-file]").addEventListener("change", (/** @type {Event} */ e) => this.loadReceipt(/** @type {HTMLInputElement} */ (e.target)));
    this.$("[data-sc-batch-file]").addEventListener("change", (/** @type {Event} */ e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const file = input.files && input.files[0];
      input.value = "";
      if (file) this.batch.run(file, this.asOf, this.ready);
    });
    const remember = this.$("[data-sc-remember]");
    remember.addEventListener("change", () => this.onRemember(remember.checked));
    window.addEventListener("hashchange", () => this.readHash());
    // Print the answers with the result: open the collapsed "your answers" list first.
    window.addEventListener("beforeprint", () => {
      for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (this.root.querySelectorAll("details.sc-answers"))) d.open = true;
    });
    this.restore();
    this.engine = /** @type {any} */ (window).selfcheckEngine;
    if (this.engine) this.engine.subscribe((/** @type {any} */ msg) => this.onEngineMessage(msg));
    else this.failed("the engine script (engine.js) did not load");
  }

  // -- the engine --

  /** @param {string} op @param {any} payload @returns {Promise<any>} */
  call(op, payload) {
    return this.engine.call(op, payload);
  }

  /** @param {string} stage @param {number} percent */
  progress(stage, percent) {
    this.$("[data-sc-progress]").value = percent;
    const text = this.ui.loading[stage];
    if (text) this.$("[data-sc-status]").textContent = text;
  }

  /** @param {string} detail */
  failed(detail) {
    if (this.root.dataset.state === "error") return;
    this.ready = false;
    this.root.dataset.state = "error";
    this.$("[data-sc-loading]").hidden = true;
    this.$("[data-sc-failure]").hidden = false;
    this.$("[data-sc-failure-detail]").textContent = detail;
    this.$("[data-sc-waiting]").textContent = this.ui.loading.error;
  }

  /** @param {any} msg */
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

  // -- answers --

  /** @param {Event} event */
  onInput(event) {
    const key = this.form.settle(/** @type {HTMLInputElement} */ (event.target));
    if (!key) return;
    const value = this.form.read(key);
    // "Not sure" is not an answer: the public format leaves the key out (the engine then lists
    // it among the answers that would settle the result).
    if (value === undefined || value === "not_sure") delete this.answers[key];
    else this.answers[key] = value;
    this.changedAt = performance.now();
    this.save();
    this.evaluate();
  }

  /**
   * @param {Record<string, any>} answers
   * @param {string | null} notice
   * @param {string | null} [asOf]
   */
  replaceAnswers(answers, notice, asOf) {
    this.answers = { ...answers };
    this.asOf = asOf || todayISO();
    for (const key of this.form.questions.keys()) this.form.write(key, this.answers[key]);
    this.changedAt = performance.now();
    this.notice(notice);
    this.save();
    this.evaluate();
  }

  /** Answers from outside (link, receipt, storage): keep the object, drop unknown keys. */
  cleanAnswers(/** @type {Record<string, any>} */ value) {
    /** @type {Record<string, any>} */
    const answers = {};
    const ignored = [];
    for (const [key, v] of Object.entries(value)) {
      if (this.form.questions.has(key)) answers[key] = v;
      else ignored.push(key);
    }
    return { answers, ignored };
  }

  /** @param {string | null} text */
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
        this.render(response, answers);
        this.root.dataset.evalMs = (performance.now() - started).toFixed(1);
        this.root.dataset.evalCount = String(++this.evalCount);
        if (this.pendingReceipt) this.checkReceipt(response);
      });
  }

  /** @param {any} response @param {Record<string, any>} answers */
  render(response, answers) {
    this.form.clearErrors();
    const live = this.$("[data-sc-live]");
    const box = this.$("[data-sc-report]");
    if (!response || !response.ok) {
      const general = this.form.showErrors((response && response.errors) || []);
      this.report = null;
      live.replaceChildren(el("div", { class: "sc-errors admonition warning", role: "alert" },
        el("p", {}, this.ui.results.errors),
        general.length ? el("ul", {}, general.map((t) => el("li", {}, t))) : null));
      box.replaceChildren();
      return;
    }
    this.report = response.report;
    this.root.dataset.asOf = String(this.report.as_of ?? this.asOf);
    live.replaceChildren(this.view.verdict(this.report));
    box.replaceChildren(...this.view.body(this.report, answers).filter(Boolean));
  }

  // -- keeping and sharing --

  /** @param {string} action */
  onAction(action) {
    if (action === "print") window.print();
    else if (action === "receipt") {
      if (this.requireReport()) keep.downloadReceipt(this.answers, this.report);
    } else if (action === "markdown") {
      if (this.requireReport()) {
        keep.downloadMarkdown((op, p) => this.call(op, p), this.answers, this.lang, this.report.as_of ?? this.asOf)
          .then((error) => { if (error) this.notice(error); });
      }
    } else if (action === "share") this.share();
    else if (action === "forget") this.forget();
    else if (action === "template") this.batch.downloadTemplate(this.asOf);
    else if (action === "batch-download") this.batch.downloadResults(this.asOf);
  }

  requireReport() {
    if (this.report) return true;
    this.notice(this.ready ? this.ui.results.errors : this.ui.keep.not_ready);
    return false;
  }

  async share() {
    this.$("[data-sc-share]").hidden = false;
    const copied = await keep.share(this.answers, this.$("[data-sc-share-url]"));
    this.notice(copied ? this.ui.keep.copied : this.ui.keep.copy_failed);
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

  /** @param {HTMLInputElement} input */
  async loadReceipt(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    let receipt;
    try {
      receipt = await keep.readReceipt(file);
    } catch {
      this.notice(this.ui.keep.receipt_invalid);
      return;
    }
    const { answers, ignored } = this.cleanAnswers(receipt.answers);
    this.pendingReceipt = { receipt, ignored };
    const asOf = typeof receipt.as_of === "string" && /^\d{4}-\d{2}-\d{2}$/.test(receipt.as_of) ? receipt.as_of : null;
    this.replaceAnswers(answers, this.ready ? "" : this.ui.keep.not_ready, asOf);
  }

  /** @param {any} response */
  checkReceipt(response) {
    if (!this.pendingReceipt) return;
    const { receipt, ignored } = this.pendingReceipt;
    this.pendingReceipt = null;
    const report = response.ok ? response.report : {};
    const matches = response.ok && report.digest === receipt.digest;
    const parts = [matches ? this.ui.keep.receipt_loaded : this.ui.keep.receipt_mismatch];
    if (receipt.version !== undefined && String(receipt.version) !== String(report.version)) {
      parts.push(format(this.ui.keep.receipt_version, { old: String(receipt.version), new: String(report.version) }));
    }
    if (ignored.length) parts.push(format(this.ui.keep.ignored_keys, { keys: ignored.join(", ") }));
    this.notice(parts.join(" "));
    this.root.dataset.receipt = matches ? "match" : "mismatch";
  }

  // -- this device (opt-in) --

  restore() {
    const remember = this.$("[data-sc-remember]");
    if (this.readHash()) {
      remember.checked = Boolean(keep.storage() && keep.storage()?.getItem(keep.STORAGE_KEY));
      return;
    }
    let saved;
    try {
      saved = keep.savedAnswers();
    } catch {
      keep.forgetAnswers();
      saved = null;
    }
    if (saved === null) {
      // The browser may have kept form values across a reload: take them as the answers.
      for (const key of this.form.questions.keys()) {
        const value = this.form.read(key);
        if (value !== undefined && value !== "not_sure") this.answers[key] = value;
      }
      return;
    }
    remember.checked = true;
    this.replaceAnswers(this.cleanAnswers(saved).answers, this.ui.keep.restored);
  }

  /** @param {boolean} on */
  onRemember(on) {
    if (on) keep.saveAnswers(this.answers);
    else this.forget();
  }

  save() {
    if (this.$("[data-sc-remember]").checked) keep.saveAnswers(this.answers);
  }

  forget() {
    keep.forgetAnswers();
    this.$("[data-sc-remember]").checked = false;
    this.notice(this.ui.keep.forgotten);
  }
}

function mount() {
  const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-selfcheck]"));
  if (!root || root.dataset.scMounted || !root.querySelector("#sc-strings")) return;
  root.dataset.scMounted = "1";
  try {
    new Widget(root).mount();
  } catch (err) {
    root.dataset.state = "error";
    const box = /** @type {HTMLElement | null} */ (root.querySelector("[data-sc-failure]"));
    if (box) box.hidden = false;
    throw err;
  }
}

// Material's instant navigation replaces the page without rerunning scripts: mount inside its
// `document$` observable when it exists; otherwise (this site) once, now (modules are deferred).
const material = /** @type {any} */ (window).document$;
if (material && typeof material.subscribe === "function") material.subscribe(() => mount());
else mount();
