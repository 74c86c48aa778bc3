// The e-card page shows a fresh code every window: reload it when the window turns. The page works
// without this (the reader taps "refresh"); it is a file, not an inline script, for the CSP.
(function () {
  var seconds = parseInt(document.body.getAttribute("data-refresh") || "0", 10);
  if (seconds > 0) {
    setTimeout(function () { location.reload(); }, seconds * 1000);
  }
})();
