// @ts-check
// Keeping and sharing on the page for the self-check (core.mjs): the share link and the summary
// for a chat (made by copies.mjs), receipts loaded and checked again, the answers of a share link in
// the address, and the answers kept on this device (opt-in localStorage, device.mjs; watched for
// another tab's changes). The enterprise's name, when the reader gives one, is kept like the
// answers (this device, the receipt; never sent anywhere).
import { InputError, canonical, stringify } from "./codec.mjs";
import { hashAnswers } from "./link.mjs";
import { share, summary } from "./copies.mjs";
import { STORAGE_KEY, cleanName, forgetAnswers, saveAnswers, savedText, setAside } from "./device.mjs";
import { download, el, format, formatNodes, pick } from "./dom.mjs";
import { echo } from "./inputs.mjs";

/** @typedef {import("./link.mjs").LinkQuestion} LinkQuestion */

/**
 * Keeping and sharing on the page: the share link and the summary for a chat (of the result on
 * screen only), receipts loaded and checked again, the answers of a share link in the address, and
 * the answers kept on this device (opt-in), each read the engine's way (inputs.mjs).
 */
export class Keeping {
  /**
   * @param {import("./core.mjs").SelfCheck} check  the self-check whose answers are kept
   * @param {(text: string, yes: string, no: string, onYes: () => void, onNo: () => void) => void} ask
   *   asks the reader before something would be lost
   */
  constructor(check, ask) {
    this.check = check;
    this.ask = ask;
    this.ui = check.ui;
    /** @type {{receipt: any, ignored: Node | null, date: string | null} | null} */
    this.pendingReceipt = null;
    /** @type {Node | null} what of the answers kept on this device was left out, said */
    this.dropped = null;
    /** Whether the notice on screen is a receipt's check (it goes once an answer changes). */
    this.receiptSaid = false;
    /**
     * Another tab changed the answers kept on this device and the reader has not yet said which
     * to keep: this tab saves nothing meanwhile (it would silently overwrite them).
     */
    this.conflict = false;
    /** @type {HTMLElement | null} where feedback is said: next to the button last pressed */
    this.feedbackBox = null;
  }

  /**
   * Keep the answers on this device when the reader asked for it; if the browser refuses (storage
   * full or blocked), say so and untick the box instead of pretending.
   * @param {Record<string, any>} answers
   */
  save(answers) {
    const remember = this.$("[data-sc-remember]");
    if (!remember.checked || this.conflict) return;
    if (!saveAnswers(answers, this.check.name)) {
      remember.checked = false;
      this.feedback(this.ui.keep.save_failed, this.$("[data-sc-remember]"));
    }
  }

  /**
   * The reader changed an answer: a share link's answers no longer stand in the address (a reload
   * would bring them back over the change), and a receipt's check no longer holds.
   */
  onEdit() {
    if (hashAnswers() !== null) history.replaceState(history.state, "", window.location.pathname + window.location.search);
    this.forgetReceipt();
  }

  /** A receipt's check says nothing about answers changed since. */
  forgetReceipt() {
    this.pendingReceipt = null;
    delete this.check.root.dataset.receipt;
    if (this.receiptSaid) this.check.notice(null);
    this.receiptSaid = false;
  }

  /**
   * Another tab of this browser changed the answers kept on this device: say so and ask which to
   * keep, rather than let the last writer win in silence.
   * @param {StorageEvent} event
   */
  onStorage(event) {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    const remember = this.$("[data-sc-remember]");
    if (!remember.checked) return;
    if (event.newValue === null) {
      remember.checked = false; // forgotten in the other tab: this one keeps nothing either
      this.feedback(this.ui.keep.forgotten_elsewhere, this.$("[data-sc-remember]"));
      return;
    }
    let theirs;
    try {
      theirs = this.check.inputs.fromStorage(event.newValue);
    } catch {
      return; // not readable: the page that wrote it says so when it loads them
    }
    if (canonical(theirs.answers) === canonical(this.check.answers) && theirs.name === this.check.name) return;
    this.conflict = true;
    this.ask(this.ui.keep.other_tab, this.ui.keep.use_other_tab, this.ui.keep.keep_this_tab,
      () => { this.conflict = false; this.check.name = theirs.name; this.check.replaceAnswers(theirs.answers, this.ui.keep.restored); },
      () => { this.conflict = false; this.check.save(); });
  }

  /** @param {string} selector @returns {any} */
  $(selector) {
    return this.check.$(selector);
  }

  /** Is the result on screen the one of the answers on screen? If not, say so and refuse. */
  requireCurrent() {
    if (this.check.settle()) return true;
    this.feedback(this.check.ready ? this.ui.keep.not_current : this.ui.keep.not_ready);
    return false;
  }

  /** Say something next to the buttons just pressed (where the reader's finger is). */
  /**
   * Say `text` next to the button last pressed, or next to `near` (what the text is about: the
   * "remember" box for what befell the answers kept on this device).
   * @param {string} text
   * @param {Element} [near]
   */
  feedback(text, near) {
    for (const box of this.check.root.querySelectorAll("[data-sc-feedback]")) box.textContent = "";
    const beside = near?.closest("[data-sc-actions], section")?.querySelector("[data-sc-feedback]");
    (beside || this.feedbackBox || this.$("[data-sc-feedback]")).textContent = text;
  }

  /** Feedback goes next to this button from now on. @param {Element} button */
  pressed(button) {
    const area = button.closest("[data-sc-actions], section");
    this.feedbackBox = /** @type {HTMLElement | null} */ (area && area.querySelector("[data-sc-feedback]"));
  }

  async share() {
    const check = this.check;
    this.$("[data-sc-share]").hidden = false;
    const copied = await share(check.answers, this.$("[data-sc-share-url]"), check.inputs.linkOrder, check.cfg.unsure);
    this.feedback(copied ? this.ui.keep.copied : this.ui.keep.copy_failed);
  }

  /** A summary for a chat, in a few plain lines: the verdict, what is still open, the next step,
   * the date, the enterprise's name and a short link. */
  async copySummary() {
    const check = this.check;
    const text = await summary(check.shown?.report, check.cfg, this.ui, check.answers, check.name, check.inputs.linkOrder);
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

  /** The answers of a share link in the address, if any; returns whether there is one (they are
   * read, and a short link decompressed, before they replace the answers). On opening the page
   * (`onLoad`), a link that cannot be read leaves what the page would have shown without it. */
  readHash(onLoad = true) {
    const check = this.check;
    const link = hashAnswers();
    if (link === null) return false;
    check.inputs.fromLink(link).then(
      (read) => this.applyLink(read),
      (err) => {
        check.notice(check.inputs.message(this.ui.keep.link_prefix, err));
        if (onLoad) this.restoreSaved();
      },
    );
    return true;
  }

  /** @param {{answers: Record<string, any>, ignored: Node | null}} read */
  applyLink(read) {
    const check = this.check;
    const apply = () => {
      this.forgetReceipt();
      check.revealResult = true; // a share link opens at its verdict
      check.replaceAnswers(read.answers, this.ui.keep.share_loaded);
      if (read.ignored) check.notice(this.ui.keep.share_loaded, read.ignored);
    };
    // Saved answers on this device are never replaced without asking.
    const saved = this.savedAnswers();
    if (saved && this.$("[data-sc-remember]").checked && canonical(saved.answers) !== canonical(read.answers)) {
      const remember = this.$("[data-sc-remember]");
      remember.checked = false; // the link's answers are not saved until the reader says so
      apply();
      this.ask(this.ui.keep.link_or_saved, this.ui.keep.use_link, this.ui.keep.keep_saved,
        () => { remember.checked = true; check.save(); },
        () => { remember.checked = true; check.name = saved.name; check.replaceAnswers(saved.answers, this.ui.keep.restored); });
      return;
    }
    apply();
  }

  /** @param {HTMLInputElement} input */
  async loadReceipt(input) {
    const check = this.check;
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    let read;
    try {
      read = check.inputs.fromReceipt(await file.text());
    } catch (err) {
      // Not JSON, or not an object with answers: not a receipt of this site. Otherwise say why.
      const notReceipt = !(err instanceof InputError) || err.cause === "json" || err.cause === "object";
      check.notice(notReceipt ? this.ui.keep.receipt_invalid : check.inputs.message(this.ui.keep.receipt_prefix, err));
      return;
    }
    const date = read.badDate ? this.ui.keep.receipt_date : null;
    this.pendingReceipt = { receipt: read.receipt, ignored: read.ignored, date };
    if (read.name) check.name = read.name;
    check.replaceAnswers(read.answers, date || (check.ready ? "" : this.ui.keep.not_ready), read.asOf);
  }

  /** A result was rendered: a receipt being loaded is checked against it. @param {any} response */
  onResult(response) {
    if (this.pendingReceipt) this.checkReceipt(response);
  }

  /**
   * The receipt's result against the one made again from its answers: it matches; or its answers
   * cannot be evaluated (their problems are in the form); or it differs, because the policy data
   * changed since (the versions differ) or because the receipt was changed after it was saved (same
   * version, another result). The receipt's version is the reader's text: shown isolated.
   * @param {any} response
   */
  checkReceipt(response) {
    if (!this.pendingReceipt) return;
    const { receipt, ignored, date } = this.pendingReceipt;
    this.pendingReceipt = null;
    const k = this.ui.keep;
    /** @type {(Node | string | null)[]} */
    let parts;
    let state;
    if (!response.ok) {
      parts = [k.receipt_answers_invalid];
      state = "invalid";
    } else {
      const report = response.report;
      const sameVersion = receipt.version !== undefined && String(receipt.version) === String(report.version);
      if (report.digest === receipt.digest) {
        parts = [k.receipt_loaded];
        state = "match";
      } else {
        parts = [sameVersion ? k.receipt_altered : k.receipt_mismatch];
        state = "mismatch";
      }
      if (receipt.version !== undefined && !sameVersion) {
        parts.push(el("span", {}, formatNodes(k.receipt_version, { old: echo(String(receipt.version)), new: String(report.version) })));
      }
    }
    this.check.notice(...parts, date, ignored);
    this.receiptSaid = true;
    this.check.root.dataset.receipt = state;
  }

  /**
   * The answers and name saved on this device, or null (unreadable ones are set aside, with a
   * notice). An answer too long to be one is left out and named; the others are kept.
   */
  savedAnswers() {
    const text = savedText();
    if (text === null) return null;
    try {
      const kept = this.check.inputs.fromStorage(text);
      this.dropped = null;
      if (kept.dropped.length) {
        const labels = kept.dropped.map((key) => this.check.form.questions.get(key)?.label ?? echo(key));
        const joined = labels.flatMap((label, i) => (i ? [this.check.cfg.joiners.list, label] : [label]));
        this.dropped = el("span", {}, formatNodes(this.ui.keep.saved_dropped, { questions: el("span", {}, joined) }));
        this.check.notice(this.dropped);
      }
      return { answers: kept.answers, name: kept.name };
    } catch {
      setAside();
      this.check.notice(this.ui.keep.saved_set_aside);
      return null;
    }
  }

  /** On load: the answers of a share link, else those kept on this device, else the form's own. */
  restore() {
    const remember = this.$("[data-sc-remember]");
    remember.checked = savedText() !== null;
    if (this.readHash()) return;
    this.restoreSaved();
  }

  /** The answers (and name) kept on this device, else those the browser kept in the form. */
  restoreSaved() {
    const check = this.check;
    const remember = this.$("[data-sc-remember]");
    const saved = this.savedAnswers();
    remember.checked = saved !== null;
    if (saved === null) {
      // The browser may have kept form values across a reload: take them as the answers.
      check.name = cleanName(this.$("[data-sc-name]").value, check.cfg.name_max);
      for (const key of check.form.questions.keys()) {
        const value = check.form.read(key);
        if (value !== undefined) check.take(key, value);
      }
      check.settle();
      return;
    }
    check.name = saved.name;
    check.replaceAnswers(saved.answers, this.ui.keep.restored);
    if (this.dropped) check.notice(this.ui.keep.restored, this.dropped);
  }

  /** @param {boolean} on */
  onRemember(on) {
    if (on) {
      this.conflict = false;
      this.save(this.check.answers);
    } else this.forget();
  }

  forget() {
    forgetAnswers();
    this.$("[data-sc-remember]").checked = false;
    this.feedback(this.ui.keep.forgotten, this.$("[data-sc-remember]"));
  }
}
