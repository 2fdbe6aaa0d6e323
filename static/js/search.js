// Search page: update results and facet counts in place when a filter changes or words are
// typed (debounced), keep the URL in step (back and forward work), announce the count.
// Without JavaScript the same form works with its Apply button.
// The facets come open; where the filters stand above the results (a phone), the ones with
// nothing ticked are closed so that the results are a short scroll away. A facet the reader
// opened or closed stays so when the counts are updated.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  // The width at which static/css/portal.css puts the filters above the results.
  var stacked = window.matchMedia && window.matchMedia("(max-width: 50rem)").matches;
  // The search the page shows (its path and query), kept in step by load(): see popstate below.
  var shown = location.pathname + location.search;

  function facets() {
    return Array.prototype.slice.call(document.querySelectorAll("#search-facets details.facet"));
  }

  function ticked(details) {
    return details.querySelector("input:checked") !== null;
  }

  if (stacked) facets().forEach(function (details) { if (!ticked(details)) details.open = false; });
  if (!window.fetch || !window.history || !window.DOMParser) return;
  var timer = null;
  var controller = null;

  function params() {
    var data = new URLSearchParams(new FormData(form));
    var clean = new URLSearchParams();
    data.forEach(function (value, key) { if (value !== "") clean.append(key, value); });
    return clean;
  }

  // ``refocus``: a selector of what takes the focus after the update (a link clicked is replaced).
  function load(query, push, refocus) {
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var partial = new URLSearchParams(query);
    partial.set("partial", "1");
    form.setAttribute("aria-busy", "true");
    fetch(form.action + "?" + partial.toString(), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var active = document.activeElement;
      var focusKey = active && active.name ? [active.name, active.value] : null;
      var open = {};
      facets().forEach(function (details) { open[details.getAttribute("data-facet")] = details.open; });
      ["search-facets", "search-results"].forEach(function (id) {
        var fresh = doc.getElementById(id);
        var here = document.getElementById(id);
        if (fresh && here) here.innerHTML = fresh.innerHTML;
      });
      facets().forEach(function (details) {
        var name = details.getAttribute("data-facet");
        if (Object.prototype.hasOwnProperty.call(open, name)) details.open = open[name] || ticked(details);
        else if (stacked) details.open = ticked(details);
      });
      if (refocus && document.querySelector(refocus)) {
        document.querySelector(refocus).focus();
      } else if (focusKey && !document.body.contains(active)) {
        var again = form.querySelector('[name="' + focusKey[0] + '"][value="' + CSS.escape(focusKey[1]) + '"]');
        if (again) again.focus();
      }
      var saved = document.getElementById("save-search-query");
      if (saved) saved.value = query.toString();
      if (push) history.pushState({ search: query.toString() }, "", form.action + (query.toString() ? "?" + query : ""));
      shown = location.pathname + location.search;
      form.removeAttribute("aria-busy");
    }).catch(function (error) {
      if (error && error.name === "AbortError") return;
      form.removeAttribute("aria-busy");
      form.submit();  // fall back to a normal page load
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "q") return;
    load(params(), true);
  });
  form.addEventListener("input", function (event) {
    if (!event.target || event.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(function () { load(params(), true); }, 400);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(params(), true);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("#search-results .pagination a") : null;
    var code = event.target.closest ? event.target.closest("#search-facets .cpv-tree a") : null;
    if (!link && !code) return;
    event.preventDefault();
    // A CPV code picked: the focus goes back to the codes, which now show the one picked.
    load(new URL((link || code).href).searchParams, true, code ? "#search-facets .cpv-tree summary" : null);
  });
  // Back or forward to another search: load it. A link to a place in the page (the skip links) moves
  // only the fragment, which also fires popstate: the page shown (``shown``) stays.
  window.addEventListener("popstate", function () {
    if (location.pathname + location.search === shown) return;
    window.location.reload();
  });
})();
