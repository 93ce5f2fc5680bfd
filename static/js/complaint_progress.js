// The complaint page while the worker validates: poll progress, update the bar and each URL's
// state in place, reload once when validation is done.
(function () {
  "use strict";
  const card = document.getElementById("progress-card");
  if (!card) return;
  const url = card.dataset.progressUrl;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  async function poll() {
    const response = await fetch(url, {credentials: "same-origin"});
    if (response.ok) {
      const p = await response.json();
      bar.setAttribute("width", p.percent + "%");
      text.textContent = p.processed + " / " + p.total;
      for (const item of p.items) {
        const row = document.querySelector('#items tr[data-line="' + item.line + '"] .item-state');
        if (row && item.status !== "pending") row.dataset.state = item.status;
      }
      if (p.done) { window.location.reload(); return; }
    }
    setTimeout(poll, 800);
  }
  setTimeout(poll, 400);
})();
