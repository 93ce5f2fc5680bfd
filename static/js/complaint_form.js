// Submit a Complaint: reasons follow the chosen IPR, guidance follows the reason, and every
// pasted URL line is checked as the user types (same checker as the server, via the API).
(function () {
  "use strict";
  const form = document.getElementById("complaint-form");
  if (!form) return;
  const guidance = JSON.parse(document.getElementById("reason-guidance-data").textContent);
  const iprReasons = JSON.parse(document.getElementById("ipr-reasons-data").textContent);
  const ipr = form.querySelector("#id_ipr");
  const reason = form.querySelector("#id_reason");
  const guide = document.getElementById("reason-guidance");
  const checklist = document.getElementById("evidence-checklist");
  const urls = form.querySelector("#id_urls");
  const results = document.getElementById("url-results");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function filterReasons() {
    const allowed = iprReasons[ipr.value] || null;
    for (const option of reason.options) {
      if (!option.value) continue;
      const ok = !allowed || allowed.includes(option.value);
      option.hidden = !ok;
      option.disabled = !ok;
    }
    if (reason.selectedOptions[0] && reason.selectedOptions[0].disabled) reason.value = "";
    showGuidance();
  }

  function showGuidance() {
    const g = guidance[reason.value];
    guide.hidden = !g;
    guide.textContent = g ? g.text : "";
    checklist.replaceChildren();
    for (const item of (g ? g.checklist : [])) {
      const li = document.createElement("li");
      li.textContent = item;
      checklist.appendChild(li);
    }
  }

  function platform() {
    const checked = form.querySelector("input[name=platform]:checked");
    return checked ? checked.value : "";
  }

  let timer = null;
  let seq = 0;
  async function checkUrls() {
    const mine = ++seq;
    if (!urls.value.trim()) { results.replaceChildren(); return; }
    const response = await fetch("/api/v1/complaints/check-urls/", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({urls: urls.value, platform: platform()}),
    });
    if (!response.ok || mine !== seq) return;
    const body = await response.json();
    results.replaceChildren();
    for (const line of body.lines) {
      const div = document.createElement("div");
      div.className = "url-line " + (line.ok ? "good" : "bad");
      div.dataset.line = line.line;
      const ln = document.createElement("span");
      ln.className = "ln";
      ln.textContent = line.line;
      div.appendChild(ln);
      div.appendChild(document.createTextNode(" " + (line.ok ? "\u2713 " + line.platform + " " + line.listing_id : line.message)));
      results.appendChild(div);
    }
    const summary = document.createElement("div");
    summary.className = "url-summary";
    summary.textContent = body.summary;
    results.prepend(summary);
  }
  function scheduleCheck() { clearTimeout(timer); timer = setTimeout(checkUrls, 350); }

  ipr.addEventListener("change", filterReasons);
  reason.addEventListener("change", showGuidance);
  urls.addEventListener("input", scheduleCheck);
  form.querySelectorAll("input[name=platform]").forEach((r) => r.addEventListener("change", scheduleCheck));
  filterReasons();
  if (urls.value.trim()) checkUrls();
})();
