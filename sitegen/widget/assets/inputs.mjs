// @ts-check
// Answers from outside the form, each read the same way (codec.mjs: the engine's limits, a key
// given twice refused, an object required) and, when they cannot be used, a message that names
// the cause in the reader's language. What the reader supplied is echoed only shortened and
// isolated (bidi), never as markup.
import { InputError, decodeText, isDate, parseAnswers, stringify, tooLong } from "./codec.mjs";
import { decodeLink } from "./link.mjs";
import { el, format } from "./dom.mjs";
import { cleanName } from "./device.mjs";

/** @typedef {import("./codec.mjs").Limits} Limits */

const ECHO = 40; // characters of a supplied key shown back
const ECHO_KEYS = 5; // keys shown back

/**
 * A supplied text shown back: at most ECHO characters, isolated from the sentence around it.
 * @param {string} text
 */
export function echo(text) {
  const shown = text.length > ECHO ? `${text.slice(0, ECHO - 1)}…` : text;
  return el("bdi", {}, shown);
}

export class Inputs {
  /**
   * @param {Record<string, any>} ui  the widget's strings
   * @param {Record<string, any>} cfg  its configuration (limits, the engine's messages)
   * @param {Set<string>} keys  the answer keys of the questions
   */
  constructor(ui, cfg, keys) {
    this.ui = ui;
    this.cfg = cfg;
    this.keys = keys;
    /** @type {Limits} */
    this.limits = cfg.limits;
    const types = new Map((cfg.questions || []).map((/** @type {any} */ q) => [q.key, q.type]));
    /** @type {import("./link.mjs").LinkQuestion[]} the questions in a share link's order */
    this.linkOrder = (cfg.link_order || []).map((/** @type {string} */ key) => ({ key, type: types.get(key) || "" }));
  }

  /**
   * The message of an InputError (a Node: it may hold the reader's text).
   * @param {string} prefix  where the answers came from
   * @param {any} err
   */
  message(prefix, err) {
    const v = this.cfg.validation;
    const k = this.ui.keep.invalid;
    const cause = err instanceof InputError ? err.cause : "json";
    if (cause === "duplicate") {
      // The question as the form asks it; a key that is no question's is echoed, shortened.
      const question = (this.cfg.questions || []).find((q) => q.key === err.detail);
      const [before, after = ""] = v.duplicate_key.split("{question}");
      return el("span", {}, prefix, before, question ? question.label : echo(String(err.detail)), after);
    }
    const text = { depth: v.json_too_deep, object: v.not_object_plain }[cause] || k[cause] || k.json;
    return el("span", {}, prefix, text);
  }

  /**
   * Split supplied answers into the questions' and the rest (named back, shortened).
   * @param {Record<string, any>} value
   * @returns {{answers: Record<string, any>, ignored: Node | null}}
   */
  sort(value) {
    /** @type {Record<string, any>} */
    const answers = {};
    const ignored = [];
    for (const [key, v] of Object.entries(value)) {
      if (this.keys.has(key)) answers[key] = v;
      else ignored.push(key);
    }
    if (!ignored.length) return { answers, ignored: null };
    const [before, after] = this.ui.keep.ignored_keys.split("{keys}");
    const shown = ignored.slice(0, ECHO_KEYS).flatMap((key, i) => (i ? [this.cfg.joiners.list, echo(key)] : [echo(key)]));
    const more = ignored.length > ECHO_KEYS ? format(this.ui.keep.more_keys, { n: ignored.length - ECHO_KEYS }) : "";
    return { answers, ignored: el("span", {}, before, shown, more, after) };
  }

  /** The limits of answers in an envelope (a receipt, the answers kept on this device). */
  envelope() {
    const l = this.limits;
    return { answers_chars: l.receipt_chars || 0, depth: l.receipt_depth || 0, keys: l.receipt_keys || 0 };
  }

  /**
   * A share link's answers (the short form or the JSON form: link.mjs); rejects with InputError.
   * @param {{form: "short" | "json", value: string}} link
   */
  async fromLink(link) {
    const text = link.form === "short"
      ? await decodeLink(link.value, this.linkOrder, this.cfg.unsure, this.limits)
      : decodeText(link.value, this.limits);
    return this.sort(parseAnswers(text, this.limits));
  }

  /**
   * A receipt's answers and date; throws InputError (or a plain Error for a file that is not a
   * receipt).
   * @param {string} text
   */
  fromReceipt(text) {
    if (tooLong(text, this.limits.receipt_chars)) throw new InputError("size");
    // The envelope (answers, report, version, date, digest) is read within the envelope's limits;
    // the answers themselves are then read as a link's would be.
    const receipt = parseAnswers(text, this.envelope());
    const answers = receipt.answers;
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) throw new Error("not a receipt");
    const sorted = this.sort(parseAnswers(stringify(answers), this.limits));
    return { ...sorted, receipt, name: cleanName(receipt.name, this.cfg.name_max),
      asOf: isDate(receipt.as_of) ? receipt.as_of : null,
      badDate: receipt.as_of !== undefined && !isDate(receipt.as_of) };
  }

  /**
   * Answers kept on this device (their JSON text); throws InputError. A text longer than an
   * answer may be (kept before the form refused one) is left out, and its key named in `dropped`:
   * the other answers stand.
   * @param {string} text
   */
  fromStorage(text) {
    const kept = parseAnswers(text, this.envelope());
    const answers = kept.answers && typeof kept.answers === "object" && !Array.isArray(kept.answers) ? kept.answers : {};
    const dropped = Object.keys(answers).filter((key) => typeof answers[key] === "string" && tooLong(answers[key], this.limits.text_chars));
    for (const key of dropped) delete answers[key];
    return { ...this.sort(parseAnswers(stringify(answers), this.limits)), dropped, name: cleanName(kept.name, this.cfg.name_max) };
  }
}
