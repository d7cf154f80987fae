// Studio live preview: post the form to the preview endpoint as the instructor types.
// Without JavaScript the "Preview" button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("studio-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var seq = 0;
  function refresh() {
    var mine = ++seq;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== seq) { return; }
        var current = document.getElementById("studio-preview");
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#studio-preview");
        if (current && fresh) { current.replaceWith(fresh); }
      })
      .catch(function () { /* keep the last preview; the Preview button still works */ });
  }
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  });
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 100);
  });
}());
