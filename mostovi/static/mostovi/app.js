// Small progressive enhancements; everything works without JavaScript.
document.documentElement.classList.add("js");

// A wide table scrolls inside its wrapper: keyboard users reach it (tabindex), as WCAG 2.1.1 asks of
// scrollable regions. A table with a caption makes its wrapper a region named by the caption; without one, the
// section around it already names it (a second landmark of the same name would only repeat it).
function labelScrollableTables(root) {
  root.querySelectorAll(".table-wrap:not([tabindex])").forEach((wrap) => {
    wrap.setAttribute("tabindex", "0");
    const caption = wrap.querySelector("caption");
    const name = caption ? caption.textContent.trim() : "";
    if (name) {
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", name);
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  labelScrollableTables(document);
  // A print button is only shown where it works (inline `javascript:` links are refused by the CSP).
  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
document.addEventListener("htmx:afterSwap", (event) => labelScrollableTables(event.target));
