// @ts-check
// Keeping and sharing: JSON receipts (download, load and check again), the Markdown download,
// share links, the summary for a chat, and the answers kept on this device (opt-in localStorage,
// device.mjs; watched for another tab's changes); the functions, and the Keeping that does them on
// the page for the self-check (core.mjs).
import { HASH_KEY, InputError, canonical, encodeAnswers, hashAnswers, shareURL, stringify } from "./codec.mjs";
import { STORAGE_KEY, forgetAnswers, saveAnswers, savedText, setAside } from "./device.mjs";
import { download, el, format, formatNodes, pick } from "./dom.mjs";
import { echo } from "./inputs.mjs";

/**
 * Download a receipt: the answers, the report made from them, its version, date and digest.
 * @param {Record<string, any>} answers
 * @param {any} report
 */
export function downloadReceipt(answers, report) {
  const receipt = { answers: { ...answers }, report, version: report.version, as_of: report.as_of, digest: report.digest };
  download(`selfcheck-receipt-${receipt.as_of}.json`, JSON.stringify(receipt, null, 1) + "\n", "application/json");
}

/**
 * Ask the engine for the report as Markdown and download it.
 * @param {(op: string, payload: any) => Promise<any>} call
 * @param {Record<string, any>} answers
 * @param {string} lang
 * @param {string} asOf
 * @returns {Promise<string | null>} an error text, or null
 */
export async function downloadMarkdown(call, answers, lang, asOf) {
  const response = await call("markdown", { answers_json: stringify(answers), lang, as_of: asOf });
  if (!response.ok) return pick((response.errors || [])[0], lang);
  download(`selfcheck-${asOf}.md`, response.markdown, "text/markdown;charset=utf-8");
  return null;
}

/**
 * Show the share link in `input` and copy it; resolves to whether the copy worked.
 * @param {Record<string, any>} answers
 * @param {HTMLInputElement} input
 */
export async function share(answers, input) {
  input.value = shareURL(answers);
  input.focus();
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The language switch keeps the reader's answers: the links to this page in the other language
 * carry them in the fragment (which browsers never send to a server).
 * @param {Record<string, any>} answers
 */
export function carryAcrossLanguages(answers) {
  const fragment = Object.keys(answers).length ? `#${HASH_KEY}=${encodeAnswers(answers)}` : "";
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a[hreflang]"))) {
    link.href = link.href.split("#")[0] + fragment;
  }
}

/**
 * A short plain-text summary of a result for a chat: what it is, the verdict and its summary (which
 * names what is still open), and the link that opens it again.
 * @param {any} report
 * @param {Record<string, any>} cfg
 * @param {Record<string, any>} ui
 * @param {Record<string, any>} answers
 */
export function summary(report, cfg, ui, answers) {
  const lang = cfg.lang;
  const said = (/** @type {any} */ m) => (m && typeof m === "object" ? m[lang] : String(m ?? ""));
  return [
    `${cfg.labels.report_title} (${report.as_of})`,
    said(report.title),
    said(report.summary),
    `${ui.keep.summary_link}${shareURL(answers)}`,
    cfg.labels.reading,
  ].join("\n");
}

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
  }

  /**
   * Keep the answers on this device when the reader asked for it; if the browser refuses (storage
   * full or blocked), say so and untick the box instead of pretending.
   * @param {Record<string, any>} answers
   */
  save(answers) {
    const remember = this.$("[data-sc-remember]");
    if (!remember.checked || this.conflict) return;
    if (!saveAnswers(answers)) {
      remember.checked = false;
      this.feedback(this.ui.keep.save_failed);
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
      this.feedback(this.ui.keep.forgotten_elsewhere);
      return;
    }
    let theirs;
    try {
      theirs = this.check.inputs.fromStorage(event.newValue).answers;
    } catch {
      return; // not readable: the page that wrote it says so when it loads them
    }
    if (canonical(theirs) === canonical(this.check.answers)) return;
    this.conflict = true;
    this.ask(this.ui.keep.other_tab, this.ui.keep.use_other_tab, this.ui.keep.keep_this_tab,
      () => { this.conflict = false; this.check.replaceAnswers(theirs, this.ui.keep.restored); },
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

  /** Say something next to the keep-and-share buttons (where the reader's finger is). */
  feedback(/** @type {string} */ text) {
    this.$("[data-sc-feedback]").textContent = text;
  }

  async share() {
    this.$("[data-sc-share]").hidden = false;
    const copied = await share(this.check.answers, this.$("[data-sc-share-url]"));
    this.feedback(copied ? this.ui.keep.copied : this.ui.keep.copy_failed);
  }

  /** A short plain-text summary for a chat: the verdict, what is still open, the link. */
  async copySummary() {
    const check = this.check;
    const text = summary(check.shown?.report, check.cfg, this.ui, check.answers);
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

  /** The answers of a share link in the address, if any; returns whether there was one. */
  readHash() {
    const check = this.check;
    const encoded = hashAnswers();
    if (encoded === null) return false;
    let read;
    try {
      read = check.inputs.fromLink(encoded);
    } catch (err) {
      check.notice(check.inputs.message(this.ui.keep.link_prefix, err));
      return false;
    }
    const apply = () => {
      this.forgetReceipt();
      check.revealResult = true; // a share link opens at its verdict
      check.replaceAnswers(read.answers, this.ui.keep.share_loaded);
      if (read.ignored) check.notice(this.ui.keep.share_loaded, read.ignored);
    };
    // Saved answers on this device are never replaced without asking.
    const saved = this.savedAnswers();
    if (saved && this.$("[data-sc-remember]").checked && canonical(saved) !== canonical(read.answers)) {
      const remember = this.$("[data-sc-remember]");
      remember.checked = false; // the link's answers are not saved until the reader says so
      apply();
      this.ask(this.ui.keep.link_or_saved, this.ui.keep.use_link, this.ui.keep.keep_saved,
        () => { remember.checked = true; check.save(); },
        () => { remember.checked = true; check.replaceAnswers(saved, this.ui.keep.restored); });
      return true;
    }
    apply();
    return true;
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
   * The answers saved on this device, or null (unreadable ones are set aside, with a notice). An
   * answer too long to be one is left out and named; the others are kept.
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
      return kept.answers;
    } catch {
      setAside();
      this.check.notice(this.ui.keep.saved_set_aside);
      return null;
    }
  }

  /** On load: the answers of a share link, else those kept on this device, else the form's own. */
  restore() {
    const check = this.check;
    const remember = this.$("[data-sc-remember]");
    remember.checked = savedText() !== null;
    if (this.readHash()) return;
    const saved = this.savedAnswers();
    remember.checked = saved !== null;
    if (saved === null) {
      // The browser may have kept form values across a reload: take them as the answers.
      for (const key of check.form.questions.keys()) {
        const value = check.form.read(key);
        if (value !== undefined) check.take(key, value);
      }
      check.settle();
      return;
    }
    check.replaceAnswers(saved, this.ui.keep.restored);
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
    this.feedback(this.ui.keep.forgotten);
  }
}
