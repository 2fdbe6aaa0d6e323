// Insights: the "Print or save as PDF" button (the print stylesheet makes the A4 report).
// Without JavaScript the button stays hidden and the hint beside it explains the browser's own print.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-report");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
