// Small progressive enhancements; everything works without JavaScript.
document.documentElement.classList.add("js");

// A wide table scrolls inside its wrapper: keyboard users reach it (tabindex) and hear what it is (its
// caption, else the nearest heading), as WCAG 2.1.1 asks of scrollable regions.
function labelScrollableTables(root) {
  root.querySelectorAll(".table-wrap:not([tabindex])").forEach((wrap) => {
    const caption = wrap.querySelector("caption");
    let name = caption ? caption.textContent.trim() : "";
    if (!name) {
      const section = wrap.closest("section, article, main");
      const heading = section && section.querySelector("h1, h2, h3, h4");
      name = heading ? heading.textContent.trim() : "";
    }
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    if (name) wrap.setAttribute("aria-label", name);
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
