// @ts-check
// The self-check widget (main thread). Loaded only by the self-check page, as a module; it mounts
// the modules of this folder on the page's [data-selfcheck] root:
//   form.mjs    the form rendered at build time <-> the answers (the public answer format)
//   report.mjs  the engine's report as the page shows it
//   inputs.mjs  answers from a share link, a receipt or this device, read the engine's way
//   keep.mjs    receipts, the Markdown download, share links, this device's storage
//   batch.mjs   the CSV batch check
//   codec.mjs   strict reading of answer JSON, the share link's encoding
// The engine is engine.js (a classic script started from <head>, which owns worker.mjs: Pyodide
// and the selfcheck wheel, and replaces a worker that fails); the widget reaches it through
// window.selfcheckEngine. The form is usable while Pyodide loads.
//
// The answers object is the state. The form writes into it, one key at a time; a share link, a
// receipt or this device's storage replace it. Values the form cannot show (from a hand-made link,
// say) stay in it, so the engine names them in a field-level message: nothing is lost.
//
// The invariant: the result on screen belongs to the answers on screen. Each result remembers the
// answers it was computed from; whenever they differ from the form's (an answer changed, an
// evaluation is pending or failed, the engine was lost), the result and the verdict bar carry
// data-current="false", say so, and the receipt, Markdown and share actions wait.
//
// Contract for tests and benchmarks: root[data-state] = loading | ready | error (root[data-failure]
// says why); [data-verdict] = eligible | not_eligible | needs_review | incomplete, on the result and
// the verdict bar; [data-sc-results][data-current] and [data-sc-bar][data-current] = true | false;
// [data-condition=<report key>][data-status=<engine status>]; the fragment of a share link (#a=…,
// or #answers=<base64url JSON> as first made: codec.mjs) is read on load and on every hashchange.
// root[data-eval-count] counts rendered results, root[data-eval-ms] is the time from the last
// answer change to its rendered result and root[data-ready-ms] the time from navigation to ready
// (benchmarks/widget_bench.py reads them).
import { InputError, canonical, hashAnswers } from "./codec.mjs";
import { el, format } from "./dom.mjs";
import { WidgetCore } from "./core.mjs";
import * as keep from "./keep.mjs";

class Widget extends WidgetCore {
  mount() {
    this.root.dataset.state = "loading";
    const form = this.form.form;
    form.addEventListener("input", (e) => this.onInput(e));
    form.addEventListener("change", (e) => this.onInput(e));
    form.addEventListener("submit", (e) => e.preventDefault());
    this.root.addEventListener("click", (e) => {
      const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest("[data-sc-action]"));
      if (!button || !this.root.contains(button)) return;
      // Feedback is said next to the button pressed (where the reader's finger is).
      this.feedbackBox = /** @type {HTMLElement} */ (button.closest("[data-sc-actions], section")?.querySelector("[data-sc-feedback]") || this.$("[data-sc-feedback]"));
      this.onAction(button.dataset.scAction || "");
    });
    const name = this.$("[data-sc-name]");
    name.addEventListener("input", () => {
      this.name = keep.cleanName(name.value, this.cfg.name_max);
      this.showName();
      this.save();
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
    window.addEventListener("hashchange", () => this.readHash(false));
    // Print the answers with the result: open the collapsed "your answers" list first. (A card
    // prints what decides it and its lines; every reason is in the Markdown download.)
    window.addEventListener("beforeprint", () => {
      for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (this.root.querySelectorAll("details.sc-answers"))) d.open = true;
    });
    this.root.dataset.scMounted = "1";
    this.restore();
    this.engine = /** @type {any} */ (window).selfcheckEngine;
    if (this.engine) this.engine.subscribe((/** @type {any} */ msg) => this.onEngineMessage(msg));
    else this.failed("script", "the engine script (engine.js) did not load");
  }

  // -- keeping and sharing --

  /** @param {string} action */
  onAction(action) {
    if (action === "print") window.print();
    else if (action === "receipt") {
      if (this.requireCurrent()) keep.downloadReceipt(this.answers, this.shown?.report, this.name);
    } else if (action === "markdown") {
      if (this.requireCurrent()) {
        keep.downloadMarkdown((op, p) => this.call(op, p), this.answers, this.lang, this.shown?.report.as_of ?? this.asOf)
          .then((error) => { if (error) this.notice(error); })
          .catch(() => this.settle());
      }
    } else if (action === "share") {
      if (this.requireCurrent()) this.share();
    } else if (action === "summary") {
      if (this.requireCurrent()) this.copySummary();
    } else if (action === "reset") this.askClearAll();
    else if (action === "undo") this.undoClearAll();
    else if (action === "forget") this.forget();
    else if (action === "template") this.batch.downloadTemplate(this.asOf);
    else if (action === "batch-download") this.batch.downloadResults(this.asOf);
    else if (action === "prompt-yes" || action === "prompt-no") {
      const choice = action === "prompt-yes" ? this.onPromptYes : this.onPromptNo;
      this.$("[data-sc-prompt]").hidden = true;
      this.onPromptYes = this.onPromptNo = null;
      if (choice) choice();
    }
  }

  requireCurrent() {
    if (this.settle()) return true;
    this.feedback(this.ready ? this.ui.keep.not_current : this.ui.keep.not_ready);
    return false;
  }

  /** Say something next to the buttons just pressed (where the reader's finger is). */
  feedback(/** @type {string} */ text) {
    for (const box of this.root.querySelectorAll("[data-sc-feedback]")) box.textContent = "";
    (this.feedbackBox || this.$("[data-sc-feedback]")).textContent = text;
  }

  async share() {
    this.$("[data-sc-share]").hidden = false;
    const copied = await keep.share(this.answers, this.$("[data-sc-share-url]"), this.inputs.linkOrder, this.cfg.unsure);
    this.feedback(copied ? this.ui.keep.copied : this.ui.keep.copy_failed);
  }

  /** A summary for a chat, in a few plain lines: the verdict, what is still open, the next step,
   * the date, the enterprise's name and a short link. */
  async copySummary() {
    const text = await keep.summary(this.shown?.report, this.cfg, this.ui, this.answers, this.name, this.inputs.linkOrder);
    const box = this.$("[data-sc-summary-text]");
    box.value = text;
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      this.$("[data-sc-summary-box]").hidden = false;
      box.focus();
      box.select();
    }
    this.feedback(copied ? this.ui.keep.summary_copied : this.ui.keep.summary_failed);
  }

  askClearAll() {
    if (!Object.keys(this.answers).length) return;
    this.ask(this.ui.form.reset_ask, this.ui.form.reset_yes, this.ui.form.reset_no, () => {
      this.undoAnswers = { ...this.answers };
      // Start again: drop a share link's answers from the address too (no hashchange fired).
      if (hashAnswers() !== null) history.replaceState(null, "", window.location.pathname + window.location.search);
      this.pendingReceipt = null;
      this.replaceAnswers({}, null);
      const undo = el("button", { type: "button", class: "md-button", "data-sc-action": "undo" }, this.ui.form.undo);
      this.$("[data-sc-reset-feedback]").replaceChildren(this.ui.form.reset_done, " ", undo);
    }, () => {});
  }

  undoClearAll() {
    if (this.undoAnswers) this.replaceAnswers(this.undoAnswers, null);
    this.undoAnswers = null;
    this.$("[data-sc-reset-feedback]").replaceChildren();
  }

  /**
   * Ask before something would be lost; `yes` and `no` run on the reader's choice.
   * @param {string} text @param {string} yesLabel @param {string} noLabel
   * @param {() => void} yes @param {() => void} no
   */
  ask(text, yesLabel, noLabel, yes, no) {
    this.$("[data-sc-prompt-text]").textContent = text;
    this.$('[data-sc-action="prompt-yes"]').textContent = yesLabel;
    this.$('[data-sc-action="prompt-no"]').textContent = noLabel;
    this.onPromptYes = yes;
    this.onPromptNo = no;
    this.$("[data-sc-prompt]").hidden = false;
  }

  /** The answers of a share link in the address, if any; returns whether there is one (they are
   * read, and a short link decompressed, before they replace the answers). */
  readHash(onLoad = true) {
    const link = hashAnswers();
    if (link === null) return false;
    this.inputs.fromLink(link).then(
      (read) => this.applyLink(read),
      (err) => {
        this.notice(this.inputs.message(this.ui.keep.link_prefix, err));
        if (onLoad) this.restoreSaved(); // on opening the page: what it would have shown
      },
    );
    return true;
  }

  /** @param {{answers: Record<string, any>, ignored: Node | null}} read */
  applyLink(read) {
    const apply = () => {
      this.pendingReceipt = null;
      this.revealResult = true; // a share link opens at its verdict
      this.replaceAnswers(read.answers, this.ui.keep.share_loaded);
      if (read.ignored) this.notice(this.ui.keep.share_loaded, read.ignored);
    };
    // Saved answers on this device are never replaced without asking.
    const saved = this.savedAnswers();
    if (saved && this.$("[data-sc-remember]").checked && canonical(saved.answers) !== canonical(read.answers)) {
      const remember = this.$("[data-sc-remember]");
      remember.checked = false; // the link's answers are not saved until the reader says so
      apply();
      this.ask(this.ui.keep.link_or_saved, this.ui.keep.use_link, this.ui.keep.keep_saved,
        () => { remember.checked = true; this.save(); },
        () => { remember.checked = true; this.name = saved.name; this.replaceAnswers(saved.answers, this.ui.keep.restored); });
      return;
    }
    apply();
  }

  /** @param {HTMLInputElement} input */
  async loadReceipt(input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    let read;
    try {
      read = this.inputs.fromReceipt(await file.text());
    } catch (err) {
      // Not JSON, or not an object with answers: not a receipt of this site. Otherwise say why.
      const notReceipt = !(err instanceof InputError) || err.cause === "json" || err.cause === "object";
      this.notice(notReceipt ? this.ui.keep.receipt_invalid : this.inputs.message(this.ui.keep.receipt_prefix, err));
      return;
    }
    const date = read.badDate ? this.ui.keep.receipt_date : null;
    this.pendingReceipt = { receipt: read.receipt, ignored: read.ignored, date };
    if (read.name) this.name = read.name;
    this.replaceAnswers(read.answers, date || (this.ready ? "" : this.ui.keep.not_ready), read.asOf);
  }

  /** @param {any} response */
  onResult(response) {
    if (this.pendingReceipt) this.checkReceipt(response);
  }

  /** @param {any} response */
  checkReceipt(response) {
    if (!this.pendingReceipt) return;
    const { receipt, ignored, date } = this.pendingReceipt;
    this.pendingReceipt = null;
    const report = response.ok ? response.report : {};
    const matches = response.ok && report.digest === receipt.digest;
    const parts = [matches ? this.ui.keep.receipt_loaded : this.ui.keep.receipt_mismatch];
    if (receipt.version !== undefined && String(receipt.version) !== String(report.version)) {
      parts.push(format(this.ui.keep.receipt_version, { old: String(receipt.version).slice(0, 40), new: String(report.version) }));
    }
    this.notice(...parts, date, ignored);
    this.root.dataset.receipt = matches ? "match" : "mismatch";
  }

  // -- this device (opt-in) --

  /** The answers (and name) saved on this device, or null (unreadable ones are set aside, with a
   * notice). */
  savedAnswers() {
    const text = keep.savedText();
    if (text === null) return null;
    try {
      const kept = this.inputs.fromStorage(text);
      return { answers: kept.answers, name: kept.name };
    } catch {
      keep.setAside();
      this.notice(this.ui.keep.saved_set_aside);
      return null;
    }
  }

  restore() {
    const remember = this.$("[data-sc-remember]");
    remember.checked = keep.savedText() !== null;
    if (this.readHash()) return;
    this.restoreSaved();
  }

  /** The answers saved on this device, or those the browser kept in the form. */
  restoreSaved() {
    const remember = this.$("[data-sc-remember]");
    const saved = this.savedAnswers();
    remember.checked = saved !== null;
    if (saved === null) {
      // The browser may have kept form values across a reload: take them as the answers.
      this.name = keep.cleanName(this.$("[data-sc-name]").value, this.cfg.name_max);
      for (const key of this.form.questions.keys()) {
        const value = this.form.read(key);
        if (value !== undefined) this.take(key, value);
      }
      this.settle();
      return;
    }
    this.name = saved.name;
    this.replaceAnswers(saved.answers, this.ui.keep.restored);
  }

  /** @param {boolean} on */
  onRemember(on) {
    if (on) keep.saveAnswers(this.answers, this.name);
    else this.forget();
  }

  forget() {
    keep.forgetAnswers();
    this.$("[data-sc-remember]").checked = false;
    this.feedback(this.ui.keep.forgotten);
  }
}

function mount() {
  const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-selfcheck]"));
  if (!root || root.dataset.scMounted || !root.querySelector("#sc-strings")) return;
  try {
    new Widget(root).mount();
  } catch (err) {
    root.dataset.state = "error";
    root.dataset.failure = "script";
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
