// @ts-check
// What the reader takes away from a result: the JSON receipt, the Markdown download, the share
// link, the summary for a chat; and the answers carried to the page in the other language. The
// enterprise's name, when the reader gives one, heads the print, the summary and the receipt.
import { stringify } from "./codec.mjs";
import { linkFragmentNow, shareURL } from "./link.mjs";
import { download, format, pick } from "./dom.mjs";

/** @typedef {import("./link.mjs").LinkQuestion} LinkQuestion */

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
  const response = await call("markdown", { answers_json: stringify(answers), lang, as_of: asOf });
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
