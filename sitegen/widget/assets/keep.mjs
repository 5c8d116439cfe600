// @ts-check
// Keeping and sharing: JSON receipts (download, load and check again), the Markdown download,
// share links, the summary for a chat, and the answers kept on this device (opt-in localStorage);
// the functions, and the Keeping that does them on the page for the self-check (core.mjs). The
// enterprise's name, when the reader gives one, is kept like the answers (this device, the
// receipt; never sent anywhere) and heads the print, the summary and the receipt.
import { download, format, pick } from "./dom.mjs";
import { InputError, canonical, hashAnswers, linkFragmentNow, shareURL } from "./codec.mjs";

/** @typedef {import("./codec.mjs").LinkQuestion} LinkQuestion */

/**
 * A name as the widget keeps it: one line, no control characters, at most `max` characters.
 * @param {unknown} text
 * @param {number} max
 */
export function cleanName(text, max) {
  if (typeof text !== "string") return "";
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim()].slice(0, max).join("");
}

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

/** @param {Record<string, any>} answers @param {string} [name] */
export function saveAnswers(answers, name = "") {
  const store = storage();
  if (!store) return;
  try {
    const saved = new Date().toISOString();
    store.setItem(STORAGE_KEY, JSON.stringify(name ? { answers, name, saved } : { answers, saved }));
  } catch {
    /* storage full or blocked: nothing to keep */
  }
}

export function forgetAnswers() {
  const store = storage();
  if (store) store.removeItem(STORAGE_KEY);
}

/**
 * Download a receipt: the enterprise's name (when given), the answers, the report made from them,
 * its version, date and digest.
 * @param {Record<string, any>} answers
 * @param {any} report
 * @param {string} [name]
 */
export function downloadReceipt(answers, report, name = "") {
  const receipt = { ...(name ? { name } : {}), answers: { ...answers }, report, version: report.version, as_of: report.as_of, digest: report.digest };
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
 * @param {LinkQuestion[]} order  the questions in a share link's order
 * @param {string} unsure
 */
export async function share(answers, input, order, unsure) {
  input.value = await shareURL(answers, order, unsure);
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
 * @param {LinkQuestion[]} order
 * @param {string} unsure
 */
export function carryAcrossLanguages(answers, order, unsure) {
  const fragment = Object.keys(answers).length ? `#${linkFragmentNow(answers, order, unsure)}` : "";
  for (const link of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a[hreflang]"))) {
    link.href = link.href.split("#")[0] + fragment;
  }
}

/**
 * The summary of a result for a chat, in a few plain lines: what it is, for which enterprise and of
 * which day; that it is the site's reading; then the engine's lines (the verdict with what is still
 * open, the points not met, the questions to confirm or the points the district weighs, the next
 * step); and the short link that opens it again.
 * @param {any} report
 * @param {Record<string, any>} cfg
 * @param {Record<string, any>} ui
 * @param {Record<string, any>} answers
 * @param {string} name  the enterprise's name, or ""
 * @param {LinkQuestion[]} order
 */
export async function summary(report, cfg, ui, answers, name, order) {
  const lang = cfg.lang;
  const title = [cfg.labels.report_title, name, report.as_of].filter(Boolean).join(" · ");
  const brief = (report.brief || []).map((/** @type {any} */ line) => pick(line, lang));
  const link = await shareURL(answers, order, cfg.unsure);
  return [title, cfg.labels.reading, ...brief, `${ui.keep.summary_link}${link}`].join("\n");
}

/** The line that heads a print with the enterprise's name. @param {Record<string, any>} ui @param {string} name */
export function nameLine(ui, name) {
  return format(ui.keep.name_line, { name });
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
    /** @type {HTMLElement | null} where feedback is said: next to the button last pressed */
    this.feedbackBox = null;
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
  feedback(/** @type {string} */ text) {
    for (const box of this.check.root.querySelectorAll("[data-sc-feedback]")) box.textContent = "";
    (this.feedbackBox || this.$("[data-sc-feedback]")).textContent = text;
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
      this.pendingReceipt = null;
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

  /** The answers (and name) saved on this device, or null (unreadable ones are set aside, with a
   * notice). */
  savedAnswers() {
    const text = savedText();
    if (text === null) return null;
    try {
      const kept = this.check.inputs.fromStorage(text);
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
  }

  /** @param {boolean} on */
  onRemember(on) {
    if (on) saveAnswers(this.check.answers, this.check.name);
    else this.forget();
  }

  forget() {
    forgetAnswers();
    this.$("[data-sc-remember]").checked = false;
    this.feedback(this.ui.keep.forgotten);
  }
}
