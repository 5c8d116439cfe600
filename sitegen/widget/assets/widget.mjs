// @ts-check
// The self-check widget (main thread). Loaded only by the self-check page, as a module; it mounts
// the modules of this folder on the page's [data-selfcheck] root, each a concept of its own:
//   core.mjs    the self-check: the answers, the engine, evaluation and the result on screen
//   form.mjs    the form rendered at build time <-> the answers (the public answer format)
//   report.mjs  the engine's report as the page shows it
//   inputs.mjs  answers from a share link, a receipt or this device, read the engine's way
//   keep.mjs    keeping and sharing on the page: receipts loaded and checked, share links opened,
//               the answers kept on this device (device.mjs: its storage) and another tab's changes
//   copies.mjs  what the reader takes away: the receipt, the Markdown, the share link, the summary
//   batch.mjs   the batch check of a file of enterprises
//   codec.mjs   strict reading of answer JSON
//   link.mjs    the share link: its short form, the page's address
// This file wires them to the page: its listeners, its buttons, "clear all" and the prompt.
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
// or #answers=<base64url JSON> as first made: link.mjs) is read on load and on every hashchange.
// root[data-eval-count] counts rendered results, root[data-eval-ms] is the time from the last
// answer change to its rendered result and root[data-ready-ms] the time from navigation to ready
// (benchmarks/widget_bench.py reads them).
import { hashAnswers } from "./link.mjs";
import { el } from "./dom.mjs";
import { SelfCheck } from "./core.mjs";
import * as copies from "./copies.mjs";
import { Keeping } from "./keep.mjs";
import { cleanName } from "./device.mjs";

class Widget {
  /** @param {HTMLElement} root */
  constructor(root) {
    this.root = root;
    this.check = new SelfCheck(root);
    this.keeping = new Keeping(this.check, (text, yes, no, onYes, onNo) => this.ask(text, yes, no, onYes, onNo));
    this.check.onResult = (response) => this.keeping.onResult(response);
    this.check.onEdit = () => this.keeping.onEdit();
    this.check.keepAnswers = (answers) => this.keeping.save(answers);
    /** @type {(() => void) | null} */
    this.onPromptYes = null;
    /** @type {(() => void) | null} */
    this.onPromptNo = null;
    /** @type {Record<string, any> | null} the answers before "clear all", for undo */
    this.undoAnswers = null;
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.root.querySelector(selector);
  }

  mount() {
    const check = this.check;
    this.root.dataset.state = "loading";
    const form = check.form.form;
    form.addEventListener("input", (e) => check.onInput(e));
    form.addEventListener("change", (e) => check.onInput(e));
    form.addEventListener("submit", (e) => e.preventDefault());
    this.root.addEventListener("click", (e) => {
      const button = /** @type {HTMLElement | null} */ (/** @type {Element} */ (e.target).closest("[data-sc-action]"));
      if (!button || !this.root.contains(button)) return;
      this.keeping.pressed(button);
      this.onAction(button.dataset.scAction || "");
    });
    // The enterprise's name: kept like the answers, heading the print, the summary, the receipt.
    const name = this.$("[data-sc-name]");
    name.addEventListener("input", () => {
      check.name = cleanName(name.value, check.cfg.name_max);
      check.showName();
      check.save();
    });
    this.$("[data-sc-receipt-file]").addEventListener("change", (/** @type {Event} */ e) => this.keeping.loadReceipt(/** @type {HTMLInputElement} */ (e.target)));
    this.$("[data-sc-batch-file]").addEventListener("change", (/** @type {Event} */ e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      const file = input.files && input.files[0];
      input.value = "";
      if (file) check.batch.run(file, check.asOf, check.ready);
    });
    const remember = this.$("[data-sc-remember]");
    remember.addEventListener("change", () => this.keeping.onRemember(remember.checked));
    window.addEventListener("hashchange", () => this.keeping.readHash(false));
    window.addEventListener("storage", (e) => this.keeping.onStorage(e));
    // Print the answers with the result: open the collapsed "your answers" list first. (A card
    // prints what decides it and its lines; every reason is in the Markdown download.)
    window.addEventListener("beforeprint", () => {
      for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (this.root.querySelectorAll("details.sc-answers"))) d.open = true;
    });
    this.root.dataset.scMounted = "1";
    this.keeping.restore();
    check.engine = /** @type {any} */ (window).selfcheckEngine;
    if (check.engine) check.engine.subscribe((/** @type {any} */ msg) => check.onEngineMessage(msg));
    else check.failed("script", "the engine script (engine.js) did not load");
  }

  /** @param {string} action */
  onAction(action) {
    const check = this.check;
    const keeping = this.keeping;
    if (action === "print") window.print();
    else if (action === "receipt") {
      if (keeping.requireCurrent()) copies.downloadReceipt(check.answers, check.shown?.report, check.name);
    } else if (action === "markdown") {
      if (keeping.requireCurrent()) {
        copies.downloadMarkdown((op, p) => check.call(op, p), check.answers, check.lang, check.shown?.report.as_of ?? check.asOf)
          .then((error) => { if (error) check.notice(error); })
          .catch(() => check.settle());
      }
    } else if (action === "share") {
      if (keeping.requireCurrent()) keeping.share();
    } else if (action === "summary") {
      if (keeping.requireCurrent()) keeping.copySummary();
    } else if (action === "reset") this.askClearAll();
    else if (action === "undo") this.undoClearAll();
    else if (action === "forget") keeping.forget();
    else if (action === "template") check.batch.downloadTemplate(check.asOf);
    else if (action === "batch-download") check.batch.downloadResults(check.asOf);
    else if (action === "prompt-yes" || action === "prompt-no") {
      const choice = action === "prompt-yes" ? this.onPromptYes : this.onPromptNo;
      this.$("[data-sc-prompt]").hidden = true;
      this.onPromptYes = this.onPromptNo = null;
      if (choice) choice();
    }
  }

  askClearAll() {
    const check = this.check;
    if (!Object.keys(check.answers).length) return;
    this.ask(check.ui.form.reset_ask, check.ui.form.reset_yes, check.ui.form.reset_no, () => {
      this.undoAnswers = { ...check.answers };
      // Start again: drop a share link's answers from the address too (no hashchange fired).
      if (hashAnswers() !== null) history.replaceState(null, "", window.location.pathname + window.location.search);
      this.keeping.forgetReceipt();
      check.replaceAnswers({}, null);
      const undo = el("button", { type: "button", class: "md-button", "data-sc-action": "undo" }, check.ui.form.undo);
      this.$("[data-sc-reset-feedback]").replaceChildren(check.ui.form.reset_done, " ", undo);
    }, () => {});
  }

  undoClearAll() {
    if (this.undoAnswers) this.check.replaceAnswers(this.undoAnswers, null);
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
