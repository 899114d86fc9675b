// Project pages: a partner ticked in the search results moves to the chosen partners, so that a new search
// does not lose it. Without JavaScript the search button re-renders the form with the same effect.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || box.name !== "partners") return;
  const results = box.closest("#partner-results");
  if (!results || !box.checked) return;
  const chosen = document.querySelector(results.dataset.chosen);
  const label = box.closest("label");
  if (!chosen || !label) return;
  const hint = chosen.querySelector("small");
  chosen.insertBefore(label, hint);
  box.focus();
});
