// @ts-check
// Keeping and sharing: JSON receipts (download, load and check again), the Markdown download,
// share links, the summary for a chat, and the answers kept on this device (opt-in localStorage);
// the functions, and the Keeping that does them on the page for the self-check (core.mjs).
import { download, format, pick } from "./dom.mjs";
import { HASH_KEY, InputError, canonical, encodeAnswers, hashAnswers, shareURL } from "./codec.mjs";

export const STORAGE_KEY = "selfcheck.answers.v1";

/** This device's storage, or null where it is blocked. */
export function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The text kept on this device, or null. */
export function savedText() {
  const store = storage();
  return store ? store.getItem(STORAGE_KEY) : null;
}

/** Keep unreadable saved answers apart (so a reload starts clean and nothing is thrown away). */
export function setAside() {
  const store = storage();
  if (!store) return;
  try {
    const text = store.getItem(STORAGE_KEY);
    if (text !== null) store.setItem(`${STORAGE_KEY}.unreadable`, text);
  } catch {
    /* storage full: dropping it is the only way to a clean start */
  }
  store.removeItem(STORAGE_KEY);
}

/** @param {Record<string, any>} answers */
export function saveAnswers(answers) {
  const store = storage();
  if (!store) return;
  try {
    store.setItem(STORAGE_KEY, JSON.stringify({ answers, saved: new Date().toISOString() }));
  } catch {
    /* storage full or blocked: nothing to keep */
  }
}

export function forgetAnswers() {
  const store = storage();
  if (store) store.removeItem(STORAGE_KEY);
}

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
  const response = await call("markdown", { answers_json: JSON.stringify(answers), lang, as_of: asOf });
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
      this.pendingReceipt = null;
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
    this.check.notice(...parts, date, ignored);
    this.check.root.dataset.receipt = matches ? "match" : "mismatch";
  }

  /** The answers saved on this device, or null (unreadable ones are set aside, with a notice). */
  savedAnswers() {
    const text = savedText();
    if (text === null) return null;
    try {
      return this.check.inputs.fromStorage(text).answers;
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
  }

  /** @param {boolean} on */
  onRemember(on) {
    if (on) saveAnswers(this.check.answers);
    else this.forget();
  }

  forget() {
    forgetAnswers();
    this.$("[data-sc-remember]").checked = false;
    this.feedback(this.ui.keep.forgotten);
  }
}
