// Tender form enhancements. Without JavaScript the form works as is:
// CPV codes are typed, and saving the draft adds empty criterion rows.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".tender-form");
  if (!form) return;

  // "Add another criterion": clone the empty form and renumber it.
  const container = form.querySelector(".criteria-forms");
  const template = document.getElementById("criterion-form-template");
  const addButton = form.querySelector("[data-add-criterion]");
  if (container && template && addButton) {
    const prefix = container.dataset.formsetPrefix;
    const total = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
    addButton.hidden = false;
    form.querySelectorAll(".no-js-hint").forEach((el) => { el.hidden = true; });
    addButton.addEventListener("click", () => {
      const index = Number(total.value);
      const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__num__", String(index + 1));
      container.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      const first = container.lastElementChild.querySelector("select, textarea, input:not([type=hidden])");
      if (first) first.focus();
    });
  }

  // CPV suggestions: fill the <datalist> from the server as the member types.
  const url = form.dataset.cpvUrl;
  const datalist = document.getElementById("cpv-suggestions");
  let timer;
  form.querySelectorAll("[data-cpv-autocomplete]").forEach((input) => {
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2 || !url || !datalist) return;
      timer = setTimeout(async () => {
        const response = await fetch(`${url}?format=json&q=${encodeURIComponent(q)}`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const results = await response.json();
        datalist.replaceChildren(...results.map((r) => {
          const option = document.createElement("option");
          option.value = r.code;
          option.label = `${r.display_code} ${r.label}`;
          return option;
        }));
      }, 200);
    });
  });
});
