// The live board fetches today's figures again every few seconds (data-every) and redraws them in
// place; a failed fetch keeps the last figures on screen and tries again at the next turn.
(function () {
  "use strict";
  var body = document.body;

  function text(id, value) {
    var node = document.getElementById(id);
    if (node && node.textContent !== String(value)) { node.textContent = value; }
  }

  function fill(id, items, line, noneId) {
    var list = document.getElementById(id);
    if (!list) { return; }
    list.textContent = "";
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = document.getElementById(noneId).textContent;
      list.appendChild(none);
      return;
    }
    items.forEach(function (item) { list.appendChild(line(item)); });
  }

  function hours(items) {
    var most = items.reduce(function (m, h) { return Math.max(m, h.value); }, 0) || 1;
    var list = document.getElementById("board-hours");
    list.textContent = "";
    items.forEach(function (h) {
      var li = document.createElement("li");
      var label = document.createElement("span"); label.className = "hour"; label.textContent = h.label;
      var bar = document.createElement("span"); bar.className = "bar"; bar.style.setProperty("--share-pct", Math.round(h.value * 100 / most));
      var n = document.createElement("span"); n.className = "n"; n.textContent = h.value;
      li.appendChild(label); li.appendChild(bar); li.appendChild(n);
      list.appendChild(li);
    });
  }

  function draw(data) {
    text("board-day", data.day);
    text("board-at", data.at);
    text("board-visits", data.visits);
    text("board-loans", data.loans);
    text("board-returns", data.returns);
    hours(data.hours);
    fill("board-books", data.new_books, function (book) {
      var li = document.createElement("li"); li.textContent = book.title; return li;
    }, "board-none-books");
    fill("board-activities", data.activities, function (a) {
      var li = document.createElement("li");
      var when = document.createElement("span"); when.className = "when"; when.textContent = a.when;
      li.appendChild(when); li.appendChild(document.createTextNode(" " + a.title));
      return li;
    }, "board-none-activities");
    body.setAttribute("data-refreshed", data.at);
  }

  function refresh() {
    fetch(body.getAttribute("data-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(draw)
      .catch(function () { body.setAttribute("data-stale", "1"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var every = Math.max(1, parseInt(body.getAttribute("data-every"), 10) || 30);
    var bars = document.querySelectorAll("#board-hours .bar");
    var most = 1;
    bars.forEach(function (bar) { most = Math.max(most, parseInt(bar.style.getPropertyValue("--share"), 10) || 0); });
    bars.forEach(function (bar) {
      bar.style.setProperty("--share-pct", Math.round((parseInt(bar.style.getPropertyValue("--share"), 10) || 0) * 100 / most));
    });
    setInterval(refresh, every * 1000);
  });
})();
