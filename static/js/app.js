// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Ask before a form marked data-confirm is submitted (e.g. revoking a certificate).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
