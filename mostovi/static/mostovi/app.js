// Small progressive enhancements; everything works without JavaScript.
document.documentElement.classList.add("js");

// A wide table scrolls inside its wrapper: keyboard users reach it (tabindex), as WCAG 2.1.1 asks of
// scrollable regions. A table with a caption makes its wrapper a region named by the caption; without one, the
// section around it already names it (a second landmark of the same name would only repeat it).
// The region points at its caption (aria-labelledby) rather than copying its text, so that a name the
// partners wrote inside the caption keeps its own language.
let captionCount = 0;
function labelScrollableTables(root) {
  root.querySelectorAll(".table-wrap:not([tabindex])").forEach((wrap) => {
    wrap.setAttribute("tabindex", "0");
    const caption = wrap.querySelector("caption");
    const name = caption ? caption.textContent.trim() : "";
    if (name) {
      if (!caption.id) caption.id = `table-caption-${++captionCount}`;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-labelledby", caption.id);
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

// A calendar of activities wider than its box (a phone shows a few months) where today is out of sight, or
// at its right edge, opens with today's month two thirds of the way into the view: the months just past,
// whose activities most need their status brought up to date, stay in sight beside the coming ones.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".chart-scroll").forEach((box) => {
    const today = box.querySelector(".chart-today");
    if (!today || today.offsetLeft < (box.clientWidth * 5) / 6) return;
    box.scrollLeft = today.offsetLeft - (box.clientWidth * 2) / 3;
  });
});

// On a narrow screen the main menu folds behind its "Menu" button (the CSS hides the button from 768 px up).
// Without JavaScript the button stays hidden and the menu stays open as a wrapped list. Escape closes an open
// menu and gives the focus back to the button.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".menu-toggle");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const set = (open) => {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  };
  button.hidden = false;
  set(false);
  button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      set(false);
      button.focus();
    }
  });
});

// A decision that cannot be undone asks for confirmation first. A form marked `data-confirm` carries, in hidden
// elements (`components/confirm.html`), its question, what will happen and, optionally, who will be told
// (`data-confirm-told`: the URL of that list) and a closing line; submitting it opens the page's dialog, which
// submits the form — as the button pressed, HTMX included — only on "Confirm". Without JavaScript the form
// submits directly; either way the page then says what was done.
(function () {
  let pending = null;

  function dialog() {
    return document.getElementById("confirm-dialog");
  }

  function part(form, name) {
    const element = form.querySelector(`[data-confirm-${name}]`);
    return element ? element.textContent.trim() : "";
  }

  function setText(element, text) {
    if (!element.dataset.label) element.dataset.label = element.textContent;
    element.textContent = text || element.dataset.label;
  }

  // The form asks (`data-confirm` on it), or only one of its buttons does (`data-confirm` on the button);
  // `data-confirm-when="name=value"` asks only when that field holds that value (a status "cancelled").
  function asksConfirmation(form, submitter) {
    const marked = form.hasAttribute("data-confirm") ? form : submitter;
    if (!marked || !marked.hasAttribute("data-confirm")) return false;
    const when = marked.dataset.confirmWhen;
    if (!when) return true;
    const [name, value] = when.split("=");
    return new FormData(form).get(name) === value;
  }

  function open(form, submitter) {
    const box = dialog();
    if (!box || typeof box.showModal !== "function") return false;
    pending = { form, submitter };
    const pressed = submitter ? submitter.textContent.trim() : "";
    box.querySelector("#confirm-title").textContent = part(form, "title") || pressed;
    box.querySelector("#confirm-what").textContent = part(form, "what");
    setText(box.querySelector("#confirm-final"), part(form, "final"));
    setText(box.querySelector("[data-confirm-ok]"), pressed);
    const told = box.querySelector("#confirm-told");
    told.textContent = part(form, "told-text");
    const url = form.dataset.confirmTold || (submitter && submitter.dataset.confirmTold);
    if (url) {
      told.setAttribute("aria-busy", "true");
      fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.text() : ""))
        .then((html) => {
          if (pending && pending.form === form && html) told.innerHTML = html;
        })
        .catch(() => {})
        .finally(() => told.removeAttribute("aria-busy"));
    }
    box.showModal();
    box.querySelector("[data-confirm-cancel]").focus();
    return true;
  }

  function close(confirmed) {
    const box = dialog();
    const current = pending;
    pending = null;
    box.close();
    if (!current) return;
    if (confirmed) {
      current.form.dataset.confirmed = "1";
      if (current.submitter && current.submitter.form === current.form) {
        current.form.requestSubmit(current.submitter);
      } else {
        current.form.requestSubmit();
      }
    } else if (current.submitter) {
      current.submitter.focus();
    }
  }

  // Capture phase: before HTMX's own listener on the form.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !asksConfirmation(form, event.submitter)) return;
      if (form.dataset.confirmed === "1") {
        delete form.dataset.confirmed;
        return;
      }
      if (open(form, event.submitter)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  document.addEventListener("DOMContentLoaded", () => {
    const box = dialog();
    if (!box) return;
    box.querySelector("[data-confirm-ok]").addEventListener("click", () => close(true));
    box.querySelector("[data-confirm-cancel]").addEventListener("click", () => close(false));
    box.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(false);
    });
  });
})();
