// The MARC tag editor: each line labelled in Chinese and checked by the server as the cataloguer types.
(function () {
  var area = document.querySelector("#marc textarea");
  var list = document.getElementById("marc-labels");
  if (!area || !list) return;
  var token = document.querySelector("#marc input[name=csrfmiddlewaretoken]").value;
  var format = document.querySelector("#marc input[name=marc_format]").value;
  var timer = null;
  function show(data) {
    list.textContent = "";
    data.record.forEach(function (text) { var li = document.createElement("li"); li.className = "problem"; li.textContent = text; list.appendChild(li); });
    data.lines.forEach(function (line) {
      var li = document.createElement("li");
      var tag = document.createElement("span"); tag.className = "tag"; tag.textContent = line.tag; li.appendChild(tag);
      li.appendChild(document.createTextNode(line.label));
      line.subfields.forEach(function (sub) {
        var code = document.createElement("span"); code.className = "code"; code.textContent = "$" + sub.code + " " + sub.label; li.appendChild(code);
      });
      line.problems.forEach(function (text) { var p = document.createElement("div"); p.className = "problem"; p.textContent = text; li.appendChild(p); });
      list.appendChild(li);
    });
  }
  function check() {
    if (!area.value.trim()) { list.textContent = ""; return; }
    var body = new URLSearchParams({text: area.value, marc_format: format});
    fetch(list.dataset.check, {method: "POST", body: body, headers: {"X-CSRFToken": token}, credentials: "same-origin"})
      .then(function (r) { return r.json(); }).then(show);
  }
  area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
  check();
})();
