// The table builder offers only the breakdowns and filters the chosen figure allows (the server
// refuses any other anyway).
(function () {
  "use strict";
  function allow() {
    var measure = document.getElementById("measure");
    if (!measure) { return; }
    var chosen = measure.options[measure.selectedIndex];
    var allowed = (chosen.getAttribute("data-dimensions") || "").split(",");
    document.querySelectorAll("#builder select.dimension").forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var ok = option.value === "" || allowed.indexOf(option.value) >= 0;
        option.hidden = !ok;
        option.disabled = !ok;
        if (!ok && option.selected) { select.value = ""; }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var measure = document.getElementById("measure");
    if (measure) { measure.addEventListener("change", allow); allow(); }
  });
})();
