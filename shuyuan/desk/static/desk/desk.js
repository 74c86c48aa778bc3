/* The lending desk's scan queue. Every scan is queued here (and in localStorage) with a client id,
   sent one at a time in order, retried on network trouble and kept across a login that expired;
   the server acts once per client id and answers a resubmission with its first answer. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("desk-config").textContent);
  var T = config.text;
  var KEY = "shuyuan.desk." + config.servicePoint;
  var MODES = { F2: "lend", F3: "return", F4: "book_drop", F6: "in_house" };
  var $ = function (id) { return document.getElementById(id); };
  var scanBox = $("scan");
  var state = load();
  var sending = false, paused = "", attempts = 0, retryTimer = 0, panelTimer = 0, lastActivity = Date.now();
  var audio = null;

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && saved.queue) return saved;
    } catch (e) { /* a broken entry starts afresh */ }
    return { queue: [], session: newId(), mode: "lend", patron: null, lines: [] };
  }
  function save() { localStorage.setItem(KEY, JSON.stringify(state)); }

  /* ---- sounds: generated tones, no files ---- */
  function tone(freqs, type, length) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var t = audio.currentTime;
      freqs.forEach(function (f, i) {
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.type = type; osc.frequency.value = f;
        gain.gain.setValueAtTime(0.25, t + i * (length + 0.05));
        gain.gain.setValueAtTime(0, t + i * (length + 0.05) + length);
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(t + i * (length + 0.05)); osc.stop(t + i * (length + 0.05) + length);
      });
    } catch (e) { /* no sound card: the colours still tell */ }
  }
  var SOUNDS = {
    ok: function () { tone([1320], "sine", 0.12); },
    refused: function () { tone([220, 220], "square", 0.18); },
    ask: function () { tone([660, 440], "triangle", 0.15); }
  };

  /* ---- the queue ---- */
  function enqueue(entry, front) {
    entry.client_id = newId();
    entry.session = entry.session || state.session;
    entry.mode = entry.mode || state.mode;
    entry.state = "waiting";
    if (entry.mode === "book_drop") entry.emptied_at = $("emptied").value;
    if (front) state.queue.unshift(entry); else state.queue.push(entry);
    save(); renderQueue(); pump();
  }
  function payload(entry) {
    return JSON.stringify({
      client_id: entry.client_id, session: entry.session, mode: entry.mode, value: entry.value || "",
      action: entry.action || "scan", loan: entry.loan || null, as: entry.as || "",
      override: entry.override || "", emptied_at: entry.emptied_at || "", service_point: config.servicePoint
    });
  }
  function pump() {
    if (sending || paused || !state.queue.length) return;
    var entry = state.queue[0];
    sending = true; entry.state = "sending"; renderQueue();
    fetch(config.scanUrl, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf, "Accept": "application/json" },
      body: payload(entry)
    }).then(function (response) {
      if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") return loginExpired();
      if (response.status >= 500 || response.status === 0) return failed(entry);
      return response.json().catch(function () { return {}; })
        .then(function (answer) { answered(entry, answer, response.status); });
    }, function () { failed(entry); });
  }
  function failed(entry) {
    sending = false; entry.state = "failed"; attempts += 1; save(); renderQueue();
    clearTimeout(retryTimer);
    retryTimer = setTimeout(pump, Math.min(250 * Math.pow(2, attempts), 4000));
  }
  function loginExpired() {
    sending = false; paused = "login"; state.queue.forEach(function (e) { e.state = "waiting"; }); save(); renderQueue();
    $("login").hidden = false;
    renderQueue();
    SOUNDS.refused();
  }
  function answered(entry, answer, status) {
    sending = false; attempts = 0;
    state.queue.shift();
    if (status === 200 && answer.kind === "ask") {
      paused = "ask"; save(); renderQueue(); ask(entry, answer); return;
    }
    if (status !== 200 && !answer.message) answer.message = T.unknownResult;
    if (status !== 200) { answer.ok = false; answer.sound = "refused"; }
    show(entry, answer);
    save(); renderQueue();
    pump();
    if (!state.queue.length) schedulePanel();
  }

  /* ---- what the page shows ---- */
  function renderQueue() {
    var box = $("queue"); box.textContent = "";
    if (paused === "login") $("login").querySelector("span").textContent = T.loginExpired.replace("%(n)s", state.queue.length);
    state.queue.forEach(function (e) {
      var span = document.createElement("span");
      span.className = "q " + e.state;
      span.textContent = (e.value || e.action) + " · " + (e.state === "failed" ? T.retrying : e.state === "sending" ? T.sending : T.waiting);
      box.appendChild(span);
    });
  }
  function result(kind, big, small) {
    var box = $("result");
    box.className = "result" + (kind ? " r-" + kind : "");
    box.querySelector(".big").textContent = big;
    box.querySelector(".small").textContent = small || "";
  }
  function show(entry, answer) {
    var notes = (answer.notes || []).concat(answer.reasons || []);
    if (answer.lines) notes = notes.concat(answer.lines.filter(function (l) { return !l.ok; }).map(function (l) { return l.title + "：" + l.reason; }));
    result(answer.ok ? "ok" : "refused", answer.message, [answer.title, notes.join("；")].filter(Boolean).join(" · "));
    (SOUNDS[answer.sound] || SOUNDS.refused)();
    if (answer.kind === "reader") { state.patron = answer.patron; loadPanel(); }
    if (answer.kind === "reader_refused" || answer.kind === "no_reader") { state.patron = null; }
    if (answer.kind === "lend" && answer.ok) addLoanRow(answer);
    $("override").hidden = !(answer.overridable && config.mayOverride);
    if (!$("override").hidden) $("override").dataset.value = answer.barcode;
    addLine(answer);
  }
  function addLine(answer) {
    state.lines.unshift({
      ok: !!answer.ok, code: answer.barcode || answer.card || "", title: answer.title || answer.name || "",
      message: answer.message + (answer.notes && answer.notes.length ? "；" + answer.notes.join("；") : "")
    });
    state.lines = state.lines.slice(0, 200);
    renderLines();
  }
  function renderLines() {
    var list = $("lines"); list.textContent = "";
    var n = state.lines.length;
    state.lines.forEach(function (line, i) {
      var li = document.createElement("li");
      li.className = line.ok ? "ok" : "refused";
      [["n", String(n - i)], ["code", line.code], ["t", line.title], ["m", line.message]].forEach(function (c) {
        var span = document.createElement("span"); span.className = c[0]; span.textContent = c[1]; li.appendChild(span);
      });
      list.appendChild(li);
    });
  }
  function addLoanRow(answer) {
    var body = $("panel").querySelector(".loans tbody");
    if (!body) return;
    body.querySelectorAll("td.empty").forEach(function (td) { td.parentNode.remove(); });
    var row = document.createElement("tr");
    row.className = "fresh";
    [["due", answer.due], ["title", answer.title], ["code", answer.barcode], ["", ""]].forEach(function (c) {
      var td = document.createElement("td"); td.className = c[0]; td.textContent = c[1]; row.appendChild(td);
    });
    body.insertBefore(row, body.firstChild);
  }
  function schedulePanel() {
    clearTimeout(panelTimer);
    if (state.patron && state.mode === "lend") panelTimer = setTimeout(loadPanel, 150);
  }
  function loadPanel() {
    if (!state.patron) { $("panel").innerHTML = ""; return; }
    fetch(config.panelUrl.replace("/0/", "/" + state.patron + "/") + "?sp=" + encodeURIComponent(config.servicePoint),
      { credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (r.status !== 200) { if (r.status === 401 || r.type === "opaqueredirect") loginExpired(); return null; }
        return r.text();
      })
      .then(function (html) { if (html !== null && html !== undefined) $("panel").innerHTML = html; }, function () {});
  }
  function ask(entry, answer) {
    var box = $("ask");
    box.querySelector(".question").textContent = answer.value;
    box.hidden = false; box.dataset.value = answer.value; box.dataset.mode = entry.mode; box.dataset.session = entry.session;
    result("ask", answer.message, answer.value);
    SOUNDS.ask();
  }
  function answerAsk(kind) {
    var box = $("ask");
    if (box.hidden) return;
    box.hidden = true; paused = "";
    enqueue({ value: box.dataset.value, as: kind, mode: box.dataset.mode, session: box.dataset.session }, true);
    scanBox.focus();
  }

  /* ---- modes and sessions ---- */
  function setMode(mode) {
    if (mode !== state.mode) { endSession(""); state.mode = mode; }
    document.querySelectorAll(".mode").forEach(function (b) { b.classList.toggle("on", b.dataset.mode === mode); });
    var button = document.querySelector('.mode[data-mode="' + mode + '"]');
    $("modename").textContent = button ? button.textContent.replace(/^\s*F\d\s*/, "") : "";
    document.querySelector(".emptied").hidden = mode !== "book_drop";
    if (mode === "book_drop" && !$("emptied").value) {
      var now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
      $("emptied").value = now.toISOString().slice(0, 16);
    }
    save(); scanBox.focus();
  }
  function endSession(message) {
    state.session = newId(); state.patron = null; state.lines = [];
    $("panel").innerHTML = ""; $("override").hidden = true;
    renderLines(); save();
    if (message) result("", message, "");
  }
  function openSlip(url) {
    window.open(url.replace("SESSION", state.session) + "?print=1", "_blank");
  }

  /* ---- keyboard and scanner ---- */
  $("scanform").addEventListener("submit", function (event) {
    event.preventDefault();
    // A scanner's start and end characters are taken off here too: a request holding control
    // characters is refused before the desk sees it.
    var value = scanBox.value.replace(/^[\x00-\x1f\x7f]+|[\x00-\x1f\x7f]+$/g, "");
    scanBox.value = "";
    if (!value.trim() || paused === "ask") return;
    $("override").hidden = true;
    enqueue({ value: value });
  });
  $("override").addEventListener("submit", function (event) {
    event.preventDefault();
    var why = $("overridewhy").value.trim();
    if (!why) return;
    enqueue({ value: $("override").dataset.value, as: "item", override: why });
    $("overridewhy").value = ""; $("override").hidden = true; scanBox.focus();
  });
  document.querySelectorAll(".ask button").forEach(function (b) {
    b.addEventListener("click", function () { answerAsk(b.dataset.as); });
  });
  document.querySelectorAll(".mode").forEach(function (b) {
    b.addEventListener("click", function () { setMode(b.dataset.mode); });
  });
  $("renewall").addEventListener("click", function () { enqueue({ action: "renew_all", mode: "lend" }); });
  $("end").addEventListener("click", function () { endSession(T.ended); });
  $("print").addEventListener("click", function () { openSlip(config.receiptUrl); });
  $("slips").addEventListener("click", function () { openSlip(config.slipsUrl); });
  $("panel").addEventListener("click", function (event) {
    var button = event.target.closest(".renew");
    if (button) enqueue({ action: "renew", loan: Number(button.dataset.loan), mode: "lend" });
  });
  document.addEventListener("keydown", function (event) {
    lastActivity = Date.now();
    if (MODES[event.key]) { event.preventDefault(); setMode(MODES[event.key]); return; }
    if (event.key === "F8") { event.preventDefault(); enqueue({ action: "renew_all", mode: "lend" }); return; }
    if (event.key === "F9") { event.preventDefault(); openSlip(config.receiptUrl); return; }
    if (event.key === "F7" && !$("override").hidden) { event.preventDefault(); $("overridewhy").focus(); return; }
    if (!$("ask").hidden && (event.key === "1" || event.key === "2")) {
      event.preventDefault(); answerAsk(event.key === "1" ? "card" : "item"); return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      if (!$("override").hidden) { $("override").hidden = true; scanBox.focus(); return; }
      if (!$("ask").hidden) { $("ask").hidden = true; paused = ""; result("", "", ""); pump(); scanBox.focus(); return; }
      endSession(T.ended); scanBox.focus(); return;
    }
    var typing = document.activeElement && /INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName);
    if (!typing && event.key.length === 1) scanBox.focus();
  });
  document.addEventListener("click", function () { lastActivity = Date.now(); });
  setInterval(function () {
    if (state.patron && !state.queue.length && Date.now() - lastActivity > config.idleSeconds * 1000) {
      endSession(T.idle);
    }
  }, 2000);
  window.addEventListener("online", pump);

  window.shuyuanDesk = { state: state, pump: pump };
  setMode(state.mode);
  renderLines(); renderQueue();
  if (state.patron) loadPanel();
  pump();
})();
