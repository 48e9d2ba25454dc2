// Live Markdown preview of the three body parts: the server renders and sanitises
// (core.markdown), so the preview shows exactly what will be stored and printed.
(function () {
  "use strict";
  var script = document.getElementById("proposals-js");
  var url = script && script.getAttribute("data-preview-url");
  var tokenField = document.querySelector("input[name=csrf_token]");
  if (!url) { return; }
  var timers = {};
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
        .catch(function () { /* the preview is a convenience; saving still works */ });
    }, 300);
  });
})();
