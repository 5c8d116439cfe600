// @ts-check
// The form rendered at build time, and the answers it shows: reading a field into the public
// answer format, writing an answer back, the exclusive "none"/"not sure" boxes, field errors.
import { NumberText } from "./codec.mjs";
import { el, pick } from "./dom.mjs";

/** @typedef {{key: string, type: string, condition: string, label: string, unit: string}} Question */

export class FormView {
  /**
   * @param {HTMLFormElement} form
   * @param {Record<string, any>} cfg  the widget's configuration: the questions, the page's
   *   language, the answer "not sure", the value of the "none of these" box, the joiners, and by
   *   answer type the figures the form reads itself (any other text is the engine's to read)
   * @param {Record<string, any>} ui  the widget's strings (form: yes, no, not_sure, none_of_these)
   */
  constructor(form, cfg, ui) {
    this.form = form;
    /** @type {string} */
    this.unsure = cfg.unsure;
    /** @type {string} */
    this.none = cfg.none;
    /** @type {Map<string, Question>} */
    this.questions = new Map(cfg.questions.map((/** @type {Question} */ q) => [q.key, q]));
    /** @type {Record<string, RegExp>} */
    this.plain = Object.fromEntries(Object.entries(cfg.plain).map(([type, source]) => [type, new RegExp(source)]));
    /** @type {Record<string, string>} */
    this.joiners = cfg.joiners;
    this.ui = ui;
    this.lang = cfg.lang;
  }

  /** @param {string} key @returns {HTMLInputElement[]} */
  inputs(key) {
    return /** @type {HTMLInputElement[]} */ ([...this.form.querySelectorAll(`[name="${CSS.escape(key)}"]`)]);
  }

  /**
   * The answer a field shows: a value of the answer format ("not sure" included), or undefined
   * (empty). A figure written exactly as the format writes it is read here; any other text is
   * returned as it stands, for the engine's read op (the one reader of the reader's words: the
   * form, a spreadsheet and the command line read "1 000" or "3亿" alike).
   * @param {string} key
   * @returns {any}
   */
  read(key) {
    const q = this.questions.get(key);
    const inputs = this.inputs(key);
    if (!q || !inputs.length) return undefined;
    if (q.type === "boolean") {
      const checked = inputs.find((i) => i.checked);
      if (!checked) return undefined;
      return checked.value === this.unsure ? this.unsure : checked.value === "true";
    }
    if (q.type === "integer" || q.type === "number") {
      const notSure = inputs.find((i) => i.dataset.notSure !== undefined);
      if (notSure && notSure.checked) return this.unsure;
      const text = inputs.find((i) => i.type === "text");
      const raw = text ? text.value : "";
      if (raw === "") return undefined;
      const plain = this.plain[q.type];
      return plain && plain.test(raw) ? Number(raw) : raw;
    }
    if (q.type === "choice") {
      const value = inputs[0].value;
      return value === "" ? undefined : value;
    }
    if (q.type === "multi_choice") {
      const checked = inputs.filter((i) => i.checked).map((i) => i.value);
      if (checked.includes(this.unsure)) return this.unsure;
      if (checked.includes(this.none)) return [];
      return checked.length ? checked : undefined;
    }
    return undefined;
  }

  /**
   * Show `value` in the field of `key` (undefined clears it). A value the form cannot show (from
   * a hand-made link) is shown as text, never as markup.
   * @param {string} key
   * @param {any} value
   */
  write(key, value) {
    const q = this.questions.get(key);
    const inputs = this.inputs(key);
    if (!q || !inputs.length) return;
    for (const input of inputs) {
      if (input.type === "radio" || input.type === "checkbox") input.checked = false;
    }
    const select = /** @type {HTMLSelectElement | undefined} */ (/** @type {unknown} */ (inputs.find((i) => i.tagName === "SELECT")));
    if (select) {
      for (const opt of select.querySelectorAll("option[data-sc-foreign]")) opt.remove();
      select.value = "";
    }
    if (value === undefined) {
      for (const input of inputs) if (input.type === "text") input.value = "";
      return;
    }
    if (value === this.unsure) {
      // Every kind of question offers "not sure" (a radio, a box or an option).
      const input = inputs.find((i) => i.value === this.unsure);
      if (input) input.checked = true;
      if (select) select.value = this.unsure;
      for (const input of inputs) if (input.type === "text") input.value = "";
      return;
    }
    if (q.type === "boolean") {
      const wanted = value === true ? "true" : value === false ? "false" : null;
      const input = inputs.find((i) => i.value === wanted);
      if (input) input.checked = true;
    } else if (q.type === "integer" || q.type === "number") {
      const text = inputs.find((i) => i.type === "text");
      if (text) text.value = value instanceof NumberText ? value.text : typeof value === "object" ? JSON.stringify(value) : String(value);
    } else if (q.type === "choice" && select) {
      const known = [...select.options].some((o) => o.value === String(value) && o.value !== "" && o.value !== this.unsure);
      if (!known) select.append(el("option", { value: String(value), "data-sc-foreign": true }, String(value)));
      select.value = String(value);
    } else if (q.type === "multi_choice") {
      const values = Array.isArray(value) ? (value.length ? value.map(String) : [this.none]) : [];
      for (const input of inputs) input.checked = values.includes(input.value) && input.value !== this.unsure;
    }
  }

  /**
   * Keep the exclusive boxes consistent after `target` changed ("none of these" and "not sure"
   * exclude the other boxes; typing a figure clears "not sure"). Returns the question's key.
   * @param {HTMLInputElement} target
   * @returns {string | null}
   */
  settle(target) {
    const key = target && target.name;
    if (!key || !this.questions.has(key)) return null;
    const group = this.inputs(key);
    if (target.type === "checkbox" && target.checked) {
      for (const input of group) {
        if (input === target || input.type !== "checkbox") continue;
        if (target.dataset.exclusive !== undefined || input.dataset.exclusive !== undefined) input.checked = false;
      }
      if (target.dataset.notSure !== undefined) {
        const text = group.find((i) => i.type === "text");
        if (text) text.value = "";
      }
    }
    if (target.type === "text" && target.value.trim() !== "") {
      const notSure = group.find((i) => i.dataset.notSure !== undefined);
      if (notSure) notSure.checked = false;
    }
    return key;
  }

  /**
   * Say under a typed figure how it was read ("按 30000 万元计（即 3 亿元）"), or nothing.
   * @param {string} key
   * @param {string | null} text
   */
  understood(key, text) {
    const slot = /** @type {HTMLElement | null} */ (this.form.querySelector(`[data-understood-for="${CSS.escape(key)}"]`));
    if (!slot) return;
    slot.textContent = text || "";
    slot.hidden = !text;
  }

  /** Is `key` a question answered with a figure? @param {string} key */
  isFigure(key) {
    const q = this.questions.get(key);
    return Boolean(q && (q.type === "integer" || q.type === "number"));
  }

  clearErrors() {
    for (const p of /** @type {NodeListOf<HTMLElement>} */ (this.form.querySelectorAll("[data-error-for]"))) {
      p.hidden = true;
      p.textContent = "";
    }
    for (const node of this.form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
    for (const node of this.form.querySelectorAll(".sc-field--invalid")) node.classList.remove("sc-field--invalid");
  }

  /**
   * Put each error next to its field; returns the texts of the errors that name no field here.
   * @param {{field: string | null, zh: string, en: string}[]} errors
   * @returns {string[]}
   */
  showErrors(errors) {
    /** @type {string[]} */
    const general = [];
    for (const error of errors) {
      const text = pick(error, this.lang);
      const key = error.field;
      const slot = key ? /** @type {HTMLElement | null} */ (this.form.querySelector(`[data-error-for="${CSS.escape(String(key))}"]`)) : null;
      const field = slot && slot.closest(".sc-field");
      if (!slot || !field) {
        general.push(text);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent} ${text}` : text;
      slot.hidden = false;
      field.classList.add("sc-field--invalid");
      for (const input of field.querySelectorAll("input[type=text], select")) input.setAttribute("aria-invalid", "true");
      if (field.tagName === "FIELDSET") field.setAttribute("aria-invalid", "true");
    }
    return general;
  }

  /**
   * An answer as the form words it (option labels, yes/no), for "your answers".
   * @param {string} key
   * @param {any} value
   */
  answerText(key, value) {
    const label = (/** @type {any} */ v) => {
      const option = this.form.querySelector(`select[name="${CSS.escape(key)}"] option[value="${CSS.escape(String(v))}"]`);
      if (option) return option.textContent || String(v);
      const input = this.form.querySelector(`[name="${CSS.escape(key)}"][value="${CSS.escape(String(v))}"]`);
      const holder = input && input.closest("label");
      return holder ? (holder.textContent || "").trim() : String(v);
    };
    const f = this.ui.form;
    if (value === this.unsure) return f.not_sure;
    if (value === true) return f.yes;
    if (value === false) return f.no;
    if (Array.isArray(value)) return value.length ? value.map(label).join(this.joiners.list) : f.none_of_these;
    if (value !== null && typeof value === "object") return JSON.stringify(value);
    return label(value);
  }

  /** The fieldset id of the clause a question belongs to (for "what is missing" links). */
  groupOf(/** @type {string} */ key) {
    const field = this.form.querySelector(`[data-key="${CSS.escape(key)}"]`);
    const group = field && field.closest("[data-clause]");
    return group ? group.id : null;
  }

  focus(/** @type {string} */ key) {
    const field = this.form.querySelector(`[data-key="${CSS.escape(key)}"]`);
    const input = field && /** @type {HTMLElement | null} */ (field.querySelector("input, select"));
    if (input) input.focus();
  }
}
