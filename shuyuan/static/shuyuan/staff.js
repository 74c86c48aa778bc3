// The staff pages' little JavaScript, in a file: the Content-Security-Policy allows no inline script.
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  if (document.body.hasAttribute("data-print-on-load")) { window.print(); }

  // The notice-text editor: the draft filled with sample values as staff type, or why it is refused.
  var draft = document.getElementById("template-text"), preview = document.getElementById("template-preview");
  if (draft && preview) {
    var length = document.getElementById("template-length"), timer = null, asked = 0;
    var form = document.getElementById("template-form");
    var show = function () {
      var body = new FormData(); body.append("text", draft.value);
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      var mine = ++asked;
      fetch(form.dataset.previewUrl, {method: "POST", body: body, credentials: "same-origin"})
        .then(function (r) { return r.json(); }).then(function (d) {
          if (mine !== asked) { return; }  // an older answer arriving late
          preview.className = d.ok ? "ok" : "error";
          preview.textContent = d.ok ? d.text : d.error;
          length.textContent = d.ok ? d.note : "";
        });
    };
    draft.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 250); });
  }

  // The desk registration form: what an ID number implies (sex, age, region, category).
  var facts = document.getElementById("id-facts");
  var box = document.getElementById("id_id_number"), kind = document.getElementById("id_id_type");
  if (!facts || !box || !kind) { return; }
  function check() {
    if (!box.value) { facts.textContent = ""; return; }
    var body = new FormData();
    body.append("number", box.value); body.append("type", kind.value);
    body.append("csrfmiddlewaretoken", document.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(facts.dataset.url, {method: "POST", body: body, credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
      facts.className = d.valid ? "" : "error";
      facts.textContent = d.valid ? [d.doc_type_label, d.sex, d.age === null ? "" : d.age + " " + facts.dataset.years, d.region, d.category,
        d.needs_guardian ? facts.dataset.needsGuardian : "", d.existing_card ? facts.dataset.alreadyHasCard + " " + d.existing_card : ""]
        .filter(Boolean).join(" · ") : d.message;
    });
  }
  box.addEventListener("change", check); kind.addEventListener("change", check);
})();
