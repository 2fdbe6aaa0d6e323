// Server suggestions for a field that also works without JavaScript.
// <input data-suggest-url="…" list="…"> inside [data-suggest-for="id of a textarea"]:
// picking a suggestion appends it as a line of that textarea.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-suggest-for]").forEach((box) => {
    const target = document.getElementById(box.dataset.suggestFor);
    const input = box.querySelector("input[data-suggest-url]");
    const datalist = document.getElementById(input.getAttribute("list"));
    if (!target || !input || !datalist) return;
    box.hidden = false;
    let timer;
    let values = new Set();
    input.addEventListener("input", () => {
      const q = input.value.trim();
      if (values.has(q)) {  // a suggestion was picked
        const lines = target.value.split("\n").map((l) => l.trim()).filter(Boolean);
        if (!lines.includes(q)) lines.push(q);
        target.value = lines.join("\n");
        input.value = "";
        return;
      }
      clearTimeout(timer);
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        const response = await fetch(`${input.dataset.suggestUrl}?q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const results = await response.json();
        values = new Set(results.map((r) => r.value));
        datalist.replaceChildren(...results.map((r) => {
          const option = document.createElement("option");
          option.value = r.value;
          if (r.label) option.label = r.label;
          return option;
        }));
      }, 200);
    });
  });
});
