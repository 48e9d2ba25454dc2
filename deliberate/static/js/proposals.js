// Proposal screens: a live Markdown preview of the body parts, and a search box above
// long unit pickers. Every page works without this file.
(function () {
  "use strict";
  var script = document.getElementById("proposals-js");
  var url = script && script.getAttribute("data-preview-url");
  var tokenField = document.querySelector("input[name=csrf_token]");
  var timers = {};

  // The server renders and sanitises (core.markdown): the preview shows exactly what will
  // be stored and printed.
  if (url) {
    document.addEventListener("input", function (event) {
      var el = event.target.closest("[data-preview]");
      if (!el) { return; }
      var target = document.getElementById(el.getAttribute("data-preview"));
      if (!target) { return; }
      clearTimeout(timers[el.id]);
      timers[el.id] = setTimeout(function () {
        var body = new URLSearchParams();
        body.set("text", el.value);
        fetch(url, {
          method: "POST", body: body, credentials: "same-origin",
          headers: { "X-CSRFToken": tokenField ? tokenField.value : "" }
        }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data) { target.innerHTML = data.html; } })
          .catch(function () { /* a convenience only; saving still works */ });
      }, 300);
    });
  }

  // Unit pickers: typing part of a name hides the other options (chosen ones stay).
  var placeholder = script ? script.getAttribute("data-filter-placeholder") : "";
  document.querySelectorAll("select[multiple]").forEach(function (select) {
    if (select.options.length < 8) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = placeholder || "";
    box.setAttribute("data-testid", "filter-" + select.name);
    box.addEventListener("input", function () {
      var needle = box.value.trim();
      Array.prototype.forEach.call(select.options, function (opt) {
        opt.hidden = needle !== "" && !opt.selected && opt.text.indexOf(needle) === -1;
      });
    });
    select.parentNode.insertBefore(box, select);
  });
})();
