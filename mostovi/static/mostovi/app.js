// Small progressive enhancements; everything works without JavaScript.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
