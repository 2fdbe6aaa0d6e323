// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader users hear what went wrong.
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Warn before leaving a form with unsaved changes: forms that hold writing (a textarea)
  // or ask for it with data-warn-unsaved. A form shown again with errors is not saved yet.
  const forms = [...document.querySelectorAll("form[method=post], form[method=POST]")].filter(
    (form) => form.hasAttribute("data-warn-unsaved") || form.querySelector("textarea"),
  );
  const unsaved = new Set(summary ? forms : []);
  forms.forEach((form) => {
    const changed = () => unsaved.add(form);
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", () => unsaved.clear());
  });
  window.addEventListener("beforeunload", (event) => {
    if (unsaved.size === 0) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set; they all show their own wording
  });
});
