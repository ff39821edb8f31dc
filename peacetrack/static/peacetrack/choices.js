/* Searchable long choices. A form's <select> or group of check-boxes with more than eight
   options (an actor among forty, the issues an event touched) gets a filter box above it:
   typing hides the options that do not match, accents and case ignored. Without JavaScript
   the plain control stays and works. Loaded with `defer` from base.html: no inline script,
   so the strict Content-Security-Policy holds. Its words come from data attributes on
   <body> (translated on the server). */
(function () {
  "use strict";

  var MORE_THAN = 8;
  var texts = document.body.dataset;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function fieldLabel(control) {
    var field = control.closest(".field");
    var label = field && field.querySelector(":scope > label");
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  // The filter box, its label (visible only to screen readers) and a polite count.
  function filterBox(control, count) {
    var wrap = document.createElement("div");
    wrap.className = "choice-filter";
    var id = (control.id || "choice") + "-filter";
    var label = document.createElement("label");
    label.className = "sr-only";
    label.htmlFor = id;
    label.textContent = (texts.choiceFilterLabel || "Filter the choices") + ": " + fieldLabel(control);
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.placeholder = texts.choiceFilterPlaceholder || "Type to filter…";
    input.setAttribute("aria-controls", control.id);
    var status = document.createElement("span");
    status.className = "choice-filter-count small muted";
    status.setAttribute("aria-live", "polite");
    wrap.append(label, input, status);
    control.before(wrap);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering is not submitting
    });
    input.addEventListener("input", function () {
      var shown = count(fold(input.value));
      status.textContent = input.value
        ? (texts.choiceFilterShown || "Matching: {shown}").replace("{shown}", shown)
        : "";
    });
  }

  function enhanceSelect(select) {
    var options = Array.prototype.filter.call(select.options, function (o) { return o.value !== ""; });
    if (options.length <= MORE_THAN || !select.id) return;
    filterBox(select, function (query) {
      var shown = 0;
      options.forEach(function (option) {
        // A chosen option stays in sight, so the filter never hides the answer.
        var match = !query || option.selected || fold(option.text).indexOf(query) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      return shown;
    });
  }

  function enhanceCheckboxes(group) {
    var items = Array.prototype.filter.call(group.children, function (child) {
      return child.querySelector("input[type=checkbox]");
    });
    if (items.length <= MORE_THAN) return;
    filterBox(group, function (query) {
      var shown = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input[type=checkbox]");
        var match = !query || box.checked || fold(item.textContent).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      return shown;
    });
  }

  document.querySelectorAll("form .field select").forEach(enhanceSelect);
  document.querySelectorAll("form .field div[id]").forEach(function (group) {
    if (group.querySelector(":scope > div > label > input[type=checkbox]")) enhanceCheckboxes(group);
  });
})();
