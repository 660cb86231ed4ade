// The stance box says it is working: the first question after the server starts can take
// seconds while the models load (issue 14: "no progress").
(function () {
  "use strict";
  var form = document.getElementById("stance-form");
  var status = document.getElementById("stance-status");
  if (!form || !status) return;
  form.addEventListener("submit", function () {
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    status.textContent = "Scoring the articles… (the first question after a start loads the models: a few seconds)";
  });
})();
