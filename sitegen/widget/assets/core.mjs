// @ts-check
// The self-check itself: the engine's messages, the answers and the form, evaluation, and the
// invariant that the result on screen belongs to the answers on screen (see widget.mjs, which
// mounts it with what surrounds it: keeping and sharing, the batch, the page's buttons).
import { canonical, stringify } from "./codec.mjs";
import { el, format, need, pick, todayISO } from "./dom.mjs";
import { FormView } from "./form.mjs";
import { Inputs } from "./inputs.mjs";
import { ReportView } from "./report.mjs";
import { BatchView } from "./batch.mjs";
import { saveAnswers } from "./device.mjs";
import * as copies from "./copies.mjs";

export class SelfCheck {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    const data = JSON.parse(need(root, "#sc-strings").textContent || "{}");
    this.ui = data.ui;
    this.cfg = data.config;
    this.lang = this.cfg.lang;
    this.form = new FormView(need(root, "[data-sc-form]"), this.cfg, this.ui);
    this.view = new ReportView(this.ui, this.cfg, this.form);
    this.inputs = new Inputs(this.ui, this.cfg, new Set(this.form.questions.keys()));
    this.batch = new BatchView(root, this.ui, this.cfg, (op, payload) => this.call(op, payload));
    /** @type {Record<string, any>} */
    this.answers = {};
    this.asOf = todayISO();
    /** @type {{key: string, report: any} | null} the result on screen and the answers it is for */
    this.shown = null;
    this.ready = false;
    this.inFlight = false;
    this.dirty = false;
    this.changedAt = 0;
    this.evalCount = 0;
    /** @type {any} */
    this.engine = null;
    /** Scroll to the verdict once the next result is shown (a share link was opened). */
    this.revealResult = false;
    /** @type {(response: any) => void} what else a rendered result settles (a receipt's check) */
    this.onResult = () => {};
    /** @type {() => void} what else an answer the reader changes settles (the address, a receipt) */
    this.onEdit = () => {};
    /** @type {(answers: Record<string, any>) => void} keeps the answers on this device, if asked */
    this.keepAnswers = (answers) => {
      if (this.$("[data-sc-remember]").checked) saveAnswers(answers, this.name);
    };
    /** The enterprise's name (optional): kept like the answers, heads the print, summary, receipt. */
    this.name = "";
    /**
     * Figures typed other than as the format writes them ("3亿", "1 000", "1999,5"), read by the
     * engine before they count: by key, the text, and once read either how it was understood or
     * what is wrong with it.
     * @type {Map<string, {text: string, pending: boolean, errors: any[] | null}>}
     */
    this.typed = new Map();
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.root.querySelector(selector);
  }

  // -- the engine --

  /** @param {string} op @param {any} payload @returns {Promise<any>} */
  call(op, payload) {
    return this.engine.call(op, payload);
  }

  /**
   * The loading message: the stage in words and, while the runtime downloads, how much of how
   * many megabytes (the reader may be on mobile data).
   * @param {string} stage @param {number} percent @param {number} [loaded] @param {number} [total]
   */
  progress(stage, percent, loaded, total) {
    const bar = this.$("[data-sc-progress]");
    bar.value = percent;
    const mb = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1);
    const sized = total ? this.ui.loading[`${stage}_sized`] : null;
    const text = sized ? format(sized, { loaded: mb(loaded || 0), total: mb(total || 0) }) : this.ui.loading[stage];
    if (text) this.$("[data-sc-status]").textContent = text;
  }

  /**
   * No engine: say why in the reader's words, keep the checklist. Never throws (a result may have
   * replaced the "waiting" line; the status line says it too, not "ready").
   * @param {string} reason @param {string} detail
   */
  failed(reason, detail) {
    this.ready = false;
    this.inFlight = false;
    this.root.dataset.state = "error";
    this.root.dataset.failure = reason;
    const said = this.ui.loading.failure[reason] || this.ui.loading.error;
    const set = (/** @type {string} */ selector, /** @type {(node: any) => void} */ change) => {
      const node = this.$(selector);
      if (node) change(node);
    };
    set("[data-sc-loading]", (n) => { n.hidden = true; });
    set("[data-sc-failure]", (n) => { n.hidden = false; });
    set("[data-sc-failure-text]", (n) => { n.textContent = said; });
    set("[data-sc-failure-detail]", (n) => { n.textContent = detail; });
    set("[data-sc-waiting]", (n) => { n.textContent = this.ui.loading.error; });
    set("[data-sc-status]", (n) => { n.textContent = said; });
    this.settle();
  }

  /** @param {any} msg */
  onEngineMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    if (msg.type === "progress") {
      this.progress(msg.stage, msg.percent, msg.loaded, msg.total);
    } else if (msg.type === "ready") {
      this.ready = true;
      this.root.dataset.readyMs = performance.now().toFixed(0); // since navigation (benchmark)
      this.root.dataset.state = "ready";
      this.progress("ready", 100);
      this.$("[data-sc-loading]").classList.add("sc-loading--done");
      this.inFlight = false;
      for (const key of this.typed.keys()) this.readTyped(key);
      this.evaluate();
    } else if (msg.type === "lost") {
      // engine.js rejected what was pending and is starting a fresh worker; the answers stay.
      this.ready = false;
      this.inFlight = false;
      this.root.dataset.state = "loading";
      this.$("[data-sc-loading]").classList.remove("sc-loading--done");
      this.$("[data-sc-status]").textContent = this.ui.loading.lost;
      this.settle();
    } else if (msg.type === "failed") {
      this.failed(msg.reason || "start", String(msg.detail || ""));
    }
  }

  // -- answers --

  /** @param {Event} event */
  onInput(event) {
    const key = this.form.settle(/** @type {HTMLInputElement} */ (event.target));
    if (!key) return;
    if (!this.take(key, this.form.read(key))) return;
    this.changedAt = performance.now();
    this.onEdit();
    this.save();
    this.evaluate();
  }

  /**
   * The field of `key` now shows `value`: "not sure" is an answer (the engine says so and lists it
   * among what would settle the result), an empty field is none, a figure in words is read first.
   * Returns false when nothing changed (the same words again, as "change" follows "input").
   * @param {string} key
   * @param {any} value
   * @returns {boolean}
   */
  take(key, value) {
    const before = this.typed.get(key);
    if (before && before.text === value) return false;
    this.typed.delete(key);
    this.form.understood(key, null);
    const max = this.cfg.limits.text_chars;
    if (typeof value === "string" && value.length > max && [...value].length > max) {
      // Longer than any answer may be (a paste gone wrong): refused at its field, not kept, so
      // that it neither reaches the engine nor spoils the answers kept on this device.
      delete this.answers[key];
      const q = this.form.questions.get(key);
      const said = format(this.cfg.validation.text_too_long, { question: q ? q.label : key, max });
      this.typed.set(key, { text: value, pending: false, errors: [{ field: key, zh: said, en: said }] });
      return true;
    }
    if (value === undefined) delete this.answers[key];
    else this.answers[key] = value;
    if (typeof value === "string" && value !== this.cfg.unsure && this.form.isFigure(key)) {
      this.typed.set(key, { text: value, pending: true, errors: null });
      this.readTyped(key);
    }
    return true;
  }

  /** Ask the engine how it reads the figure typed for `key` (once it runs). @param {string} key */
  readTyped(key) {
    const typed = this.typed.get(key);
    if (!typed || !this.ready) return;
    const text = typed.text;
    this.call("read", { key, text, lang: this.lang })
      .then((response) => {
        if (this.typed.get(key) !== typed) return; // typed again since: that reading counts
        typed.pending = false;
        if (response && response.ok && key in response.answers) {
          this.answers[key] = response.answers[key];
          const said = response.understood && response.understood[key];
          this.form.understood(key, said ? said[this.lang] : null);
          this.save();
        } else if (response && response.ok) {
          delete this.answers[key]; // nothing but spaces: not answered
          this.save();
        } else {
          typed.errors = (response && response.errors) || [];
        }
        this.evaluate();
      })
      .catch(() => {
        // The engine was lost; "ready" reads what is still typed and evaluates again.
      });
  }

  /**
   * @param {Record<string, any>} answers
   * @param {Node | string | null} notice
   * @param {string | null} [asOf]
   */
  replaceAnswers(answers, notice, asOf) {
    this.answers = { ...answers };
    this.asOf = asOf || todayISO();
    this.typed.clear();
    for (const key of this.form.questions.keys()) {
      this.form.write(key, this.answers[key]);
      this.form.understood(key, null);
    }
    this.changedAt = performance.now();
    this.notice(notice);
    this.save();
    this.evaluate();
  }

  /** @param {...(Node | string | null)} parts */
  notice(...parts) {
    const shown = parts.filter(Boolean).flatMap((p, i) => (i ? [" ", /** @type {Node | string} */ (p)] : [/** @type {Node | string} */ (p)]));
    this.$("[data-sc-notice]").replaceChildren(...shown);
  }

  // -- evaluation: at most one request in flight; the latest answers always win --

  evaluate() {
    this.settle();
    if (!this.ready) return;
    const typed = [...this.typed.values()];
    if (typed.some((t) => t.pending)) return; // the reading's answer evaluates
    const unread = typed.flatMap((t) => t.errors || []);
    if (unread.length) {
      // A figure the engine could not read: say so next to it (no verdict on half the answers).
      this.render({ ok: false, errors: unread }, { ...this.answers });
      return;
    }
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.inFlight = true;
    this.dirty = false;
    const answers = { ...this.answers };
    const started = this.changedAt || performance.now();
    this.call("evaluate", { answers_json: stringify(answers), lang: this.lang, as_of: this.asOf })
      .then((response) => {
        this.inFlight = false;
        if (this.dirty) {
          this.evaluate();
          return;
        }
        this.render(response, answers);
        this.root.dataset.evalMs = (performance.now() - started).toFixed(1);
        this.root.dataset.evalCount = String(++this.evalCount);
        this.onResult(response);
      })
      .catch(() => {
        // The engine was lost (engine.js says so and restarts it; "ready" evaluates again).
        this.inFlight = false;
        this.settle();
      });
  }

  /** Is the result on screen the result of the answers on screen? Mark everything accordingly. */
  settle() {
    const current = Boolean(this.shown && this.shown.key === canonical(this.answers) && this.ready);
    const flag = current ? "true" : "false";
    this.$("[data-sc-results]").dataset.current = flag;
    const bar = this.$("[data-sc-bar]");
    bar.dataset.current = flag;
    const stale = this.$("[data-sc-stale]");
    stale.hidden = current || !this.shown;
    // With the engine running, a new result is on its way; without it, the old one is only old.
    stale.textContent = this.ready ? this.ui.results.stale_updating : this.ui.results.stale_failed;
    for (const action of ["receipt", "markdown", "share"]) {
      const button = this.$(`[data-sc-action="${action}"]`);
      if (button) button.disabled = !current;
    }
    return current;
  }

  /** @param {any} response @param {Record<string, any>} answers */
  render(response, answers) {
    this.form.clearErrors();
    const live = this.$("[data-sc-live]");
    const box = this.$("[data-sc-report]");
    const bar = this.$("[data-sc-bar]");
    if (!response || !response.ok) {
      const general = this.form.showErrors((response && response.errors) || []);
      this.shown = null;
      bar.hidden = true;
      live.replaceChildren(el("div", { class: "sc-errors admonition warning", role: "alert" },
        el("p", {}, this.ui.results.errors),
        general.length ? el("ul", {}, general.map((t) => el("li", {}, t))) : null));
      box.replaceChildren();
      this.settle();
      return;
    }
    const report = response.report;
    this.shown = { key: canonical(answers), report };
    this.root.dataset.asOf = String(report.as_of ?? this.asOf);
    live.replaceChildren(this.view.verdict(report));
    box.replaceChildren(...this.view.body(report, answers).filter(Boolean));
    this.renderBar(report);
    this.showName();
    if (this.settle() && this.revealResult) {
      this.revealResult = false;
      this.$("[data-sc-results]").scrollIntoView({ block: "start" });
    }
  }

  /** The verdict bar: the verdict and what is still open (the engine's headline). */
  renderBar(/** @type {any} */ report) {
    const bar = this.$("[data-sc-bar]");
    bar.dataset.verdict = String(report.verdict);
    bar.hidden = false;
    this.$("[data-sc-bar-verdict]").textContent =
      pick(report.headline, this.lang) || this.cfg.verdicts[report.verdict] || report.verdict;
  }

  /** The enterprise's name in its field and at the head of the print. */
  showName() {
    const input = this.$("[data-sc-name]");
    if (input.value !== this.name) input.value = this.name;
    this.$("[data-sc-for]").textContent = this.name ? copies.nameLine(this.ui, this.name) : "";
  }

  /** Kept on this device when the reader asked for it; carried by the language switch. */
  save() {
    this.keepAnswers(this.answers);
    copies.carryAcrossLanguages(this.answers, this.inputs.linkOrder, this.cfg.unsure);
  }
}
