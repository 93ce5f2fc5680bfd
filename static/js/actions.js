// Small behaviours declared in the markup with data- attributes, so that no page carries inline
// script or event-handler attributes (the Content-Security-Policy allows scripts from files only).
//   data-autosubmit  on a form control: submit its form when the choice changes
//   data-reload      on a link: reload the page (sending a refused form again)
//   data-back        on a link: go back one page (the link's own href without history)
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    const control = event.target.closest("[data-autosubmit]");
    if (control && control.form) control.form.submit();
  });
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-reload], a[data-back]");
    if (!link) return;
    if (link.hasAttribute("data-reload")) {
      event.preventDefault();
      window.location.reload();
    } else if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
