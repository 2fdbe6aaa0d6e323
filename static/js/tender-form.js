// Tender form enhancements. Without JavaScript the form works as is: CPV codes are typed,
// saving the draft adds empty criterion rows, a saved criterion is removed with its "Remove"
// checkbox, and the server explains a weight given to a criterion that is not an award criterion.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".tender-form");
  if (!form) return;

  const container = form.querySelector(".criteria-forms");
  const template = document.getElementById("criterion-form-template");
  const addButton = form.querySelector("[data-add-criterion]");
  const totalLine = form.querySelector("[data-award-total]");

  const rowOf = (element) => element.closest("[data-criterion-row]");

  // The criterion's description under its choice, as soon as it is chosen.
  const describe = (select) => {
    const help = document.getElementById(`${select.id}_helptext`);
    if (!help) return;
    const option = select.selectedOptions[0];
    help.textContent = (option && option.dataset.description) || select.dataset.chooseText || "";
  };

  // The weight is for award criteria: shown for them, and wherever a weight was given (its error stays visible).
  const showWeight = (row) => {
    const use = row.querySelector("[data-criterion-use]");
    const weightField = row.querySelector("[data-weight-field]");
    const weight = row.querySelector("[data-criterion-weight]");
    if (!use || !weightField || !weight) return;
    const keep = use.value === "award" || weight.value !== "" || weightField.querySelector(".has-error");
    weightField.hidden = !keep;
  };

  // The running total of the award weights, announced politely as it changes.
  const updateTotal = () => {
    if (!container || !totalLine) return;
    let total = 0;
    let any = false;
    container.querySelectorAll("[data-criterion-row]").forEach((row) => {
      if (row.hidden) return;
      const use = row.querySelector("[data-criterion-use]");
      const weight = row.querySelector("[data-criterion-weight]");
      if (!use || !weight || use.value !== "award" || weight.value === "") return;
      const value = Number(weight.value.replace(",", "."));
      if (Number.isFinite(value)) { total += value; any = true; }
    });
    totalLine.hidden = !any;
    if (!any) { totalLine.textContent = ""; return; }
    const shown = String(Math.round(total * 100) / 100).replace(".", document.documentElement.lang === "en" ? "." : ",");
    const text = (total > 100 ? totalLine.dataset.over : totalLine.dataset.total).replace("__total__", shown);
    if (totalLine.textContent !== text) totalLine.textContent = text;
    totalLine.classList.toggle("over", total > 100);
  };

  const enhanceRow = (row) => {
    const remove = row.querySelector("[data-remove-criterion]");
    if (remove) remove.hidden = false;
    const deleteField = row.querySelector("[data-delete-field]");
    if (deleteField) deleteField.hidden = true; // the button does it
    const select = row.querySelector("[data-criterion-choice]");
    if (select) describe(select);
    showWeight(row);
  };

  if (container) {
    container.querySelectorAll("[data-criterion-row]").forEach(enhanceRow);
    updateTotal();

    container.addEventListener("change", (event) => {
      const row = rowOf(event.target);
      if (!row) return;
      if (event.target.matches("[data-criterion-choice]")) describe(event.target);
      if (event.target.matches("[data-criterion-use]")) showWeight(row);
      updateTotal();
    });
    container.addEventListener("input", (event) => {
      if (event.target.matches("[data-criterion-weight]")) updateTotal();
    });

    // "Remove": a saved row is marked for deletion and hidden; a new row simply goes
    // (its empty fields are ignored by the server).
    container.addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-criterion]");
      if (!button) return;
      const row = rowOf(button);
      const checkbox = row.querySelector("[data-delete-field] input[type=checkbox]");
      if (checkbox) {
        checkbox.checked = true;
        row.hidden = true;
      } else {
        row.remove();
      }
      form.dispatchEvent(new Event("change")); // unsaved changes
      updateTotal();
      if (addButton && !addButton.hidden) addButton.focus();
    });
  }

  // "Add another criterion": clone the empty form and renumber it.
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
      const row = container.lastElementChild;
      enhanceRow(row);
      const first = row.querySelector("select, textarea, input:not([type=hidden])");
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
