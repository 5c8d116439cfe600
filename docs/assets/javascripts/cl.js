// @ts-check
// The site's one small script (every page; no Pyodide): a "copy link to this clause" button next
// to each clause heading (h2.cl-clause[id]), so a reader can paste the clause's own address into a
// chat. The words come from the script element (data-copy, data-copied), in the page's language.
(function () {
  "use strict";
  var script = /** @type {HTMLScriptElement} */ (document.currentScript);
  var label = script.getAttribute("data-copy") || "";
  var done = script.getAttribute("data-copied") || "";

  function copy(text, button) {
    var show = function () {
      button.textContent = done;
      setTimeout(function () { button.textContent = label; }, 2500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(show, function () { window.prompt(label, text); });
    } else {
      window.prompt(label, text);
    }
  }

  function mount() {
    var headings = document.querySelectorAll("h2.cl-clause[id]");
    for (var i = 0; i < headings.length; i++) {
      var heading = headings[i];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cl-copy-link";
      button.textContent = label;
      button.setAttribute("data-target", heading.id);
      button.addEventListener("click", function (e) {
        var target = /** @type {HTMLElement} */ (e.currentTarget);
        var url = location.href.split("#")[0] + "#" + target.getAttribute("data-target");
        copy(url, target);
      });
      heading.insertAdjacentElement("afterend", button);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
