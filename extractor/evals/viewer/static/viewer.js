// nianbao eval view: filters over the reports x fields matrix, and a report's detail on click.
// Every text from a report or a run is put in the page with textContent, never parsed as HTML.
(function () {
  "use strict";

  const body = document.body;
  const inline = body.dataset.inline === "1";
  const caseUrl = body.dataset.caseUrl || "/api/case";
  const runs = JSON.parse(document.getElementById("nb-runs").textContent);
  const embedded = inline ? JSON.parse(document.getElementById("nb-cases").textContent) : null;
  const cache = new Map();
  const STATUS = {
    matched: "matched", missing: "missing", wrong_value: "wrong value", wrong_unit: "wrong unit",
    spurious: "spurious", ungrounded: "ungrounded", unjudged: "not judged (gold incomplete)", restatement: "restatement",
  };
  const FLAGS = { unsupported: "unsupported text", leak: "leaked prompt example", heading: "heading as item" };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function score(value) {
    return value === null || value === undefined ? "·" : value.toFixed(3);
  }

  // ------------------------------------------------------------------ filters
  const fField = document.getElementById("f-field");
  const fKind = document.getElementById("f-kind");
  const fChange = document.getElementById("f-change");
  const fReport = document.getElementById("f-report");
  const count = document.getElementById("f-count");
  const matrix = document.getElementById("matrix");

  function cellMatches(td) {
    const kind = fKind.value;
    if (kind && !(td.dataset.kinds || "").split(" ").includes(kind)) return false;
    const change = fChange.value;
    if (change === "changed" && td.dataset.changed !== "1") return false;
    if (change === "unchanged" && td.dataset.changed !== "0") return false;
    if (change === "flaky" && td.dataset.flaky !== "1") return false;
    return true;
  }

  function applyFilters() {
    const field = fField.value;
    const needle = fReport.value.trim().toLowerCase();
    const filtering = Boolean(fKind.value || fChange.value);
    for (const th of matrix.querySelectorAll("thead th[data-field]")) {
      th.hidden = Boolean(field) && th.dataset.field !== field;
    }
    let shown = 0;
    let total = 0;
    for (const row of matrix.tBodies[0].rows) {
      let rowMatches = 0;
      for (const td of row.querySelectorAll("td.cell")) {
        const inField = !field || td.dataset.field === field;
        td.hidden = !inField;
        if (!inField) continue;
        total += 1;
        const ok = cellMatches(td);
        td.classList.toggle("dim", !ok);
        if (ok) rowMatches += 1;
      }
      const nameOk = !needle || row.dataset.report.toLowerCase().includes(needle);
      row.hidden = !nameOk || (filtering && rowMatches === 0);
      if (!row.hidden) shown += rowMatches;
    }
    count.textContent = `${shown} of ${total} cells`;
  }

  for (const control of [fField, fKind, fChange]) control.addEventListener("change", applyFilters);
  fReport.addEventListener("input", applyFilters);
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
  for (const button of document.querySelectorAll("button.pick-field")) {
    button.addEventListener("click", () => {
      fField.value = button.dataset.field;
      applyFilters();
      matrix.scrollIntoView({ block: "start" });
    });
  }

  // ------------------------------------------------------------------ detail
  const detail = document.getElementById("detail");
  const detailTitle = document.getElementById("detail-title");
  const detailBody = document.getElementById("detail-body");

  function loadCase(report) {
    if (cache.has(report)) return cache.get(report);
    let promise;
    if (embedded) {
      promise = Object.prototype.hasOwnProperty.call(embedded, report)
        ? Promise.resolve(embedded[report]) : Promise.reject(new Error(`no report ${report}`));
    } else {
      const sep = caseUrl.includes("?") ? "&" : "?";
      promise = fetch(`${caseUrl}${sep}report=${encodeURIComponent(report)}`, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))));
    }
    cache.set(report, promise);
    return promise;
  }

  function snippet(snip) {
    if (!snip) return null;
    if (!snip.at_offsets) {
      return el("div", { class: "snip off" }, el("span", { class: "muted", text: "quote not at its offsets: " }), snip.quote);
    }
    return el("div", { class: "snip", title: `characters ${snip.start}–${snip.end}` },
      snip.before, el("mark", { text: snip.quote }), snip.after);
  }

  function badge(status) {
    return el("span", { class: `st st-${status}`, text: STATUS[status] || status });
  }

  function flags(list) {
    if (!list || !list.length) return null;
    return el("div", { class: "flags" }, ...list.map((f) => el("span", { class: `flag flag-${f}`, text: FLAGS[f] || f })));
  }

  function errorsText(errors) {
    const parts = Object.entries(errors || {}).filter(([, n]) => n).map(([k, n]) => `${k.replace("_", " ")} ${n}`);
    return parts.length ? parts.join(", ") : "no errors";
  }

  function render(caseDetail, field) {
    const fd = caseDetail.fields[field];
    detailTitle.textContent = `${caseDetail.report} · ${field}`;
    detailBody.replaceChildren();
    if (!fd) {
      detailBody.append(el("p", { class: "muted", text: "this field was not scored" }));
      return;
    }
    const summary = el("table", { class: "summary" });
    runs.forEach((run, i) => {
      summary.append(el("tr", {},
        el("td", { class: "key", text: run.key }), el("td", { class: "l", text: run.name }),
        el("td", { text: score(fd.values[i]) }), el("td", { class: "l muted", text: errorsText(fd.errors[i]) }),
        el("td", { class: "l bad", text: caseDetail.errors[i] ? `extraction failed: ${caseDetail.errors[i]}` : "" })));
    });
    detailBody.append(summary);

    detailBody.append(el("h3", { text: "Gold facts and what each run made of them" }));
    if (fd.gold.length) {
      const table = el("table", { class: "side" });
      const head = el("tr", {}, el("th", { class: "l", text: "gold" }));
      for (const run of runs) head.append(el("th", { class: "l", text: `${run.key}: ${run.name}` }));
      table.append(el("thead", {}, head));
      const tbody = el("tbody");
      for (const row of fd.gold) {
        const tr = el("tr", { class: row.changed ? "changed" : "", "data-key": row.key },
          el("td", { class: "l gold" }, el("div", { class: "label", text: row.label }), snippet(row.snippet)));
        row.outcomes.forEach((outcome) => {
          if (!outcome) {
            tr.append(el("td", { class: "l muted", text: "not scored" }));
            return;
          }
          const cell = el("td", { class: `l out st-bg-${outcome.status}` }, badge(outcome.status));
          if (outcome.predicted && outcome.status !== "matched") cell.append(el("div", { class: "pred", text: outcome.predicted }));
          cell.append(snippet(outcome.snippet) || "", flags(outcome.flags) || "");
          tr.append(cell);
        });
        tbody.append(tr);
      }
      table.append(tbody);
      detailBody.append(table);
    } else {
      detailBody.append(el("p", { class: "muted", text: "the gold lists nothing here" }));
    }
    if (fd.hidden_matched) {
      detailBody.append(el("p", { class: "muted", text: `${fd.hidden_matched} more right in every run (not listed)` }));
    }

    detailBody.append(el("h3", { text: "Predictions the gold does not list" }));
    const cols = el("div", { class: "others" });
    runs.forEach((run, i) => {
      const list = el("ul");
      for (const p of fd.others[i] || []) {
        list.append(el("li", { class: `st-bg-${p.status}` }, badge(p.status), el("span", { class: "pred", text: p.label }),
          snippet(p.snippet) || "", flags(p.flags) || ""));
      }
      if (!list.children.length) list.append(el("li", { class: "muted", text: "none" }));
      cols.append(el("div", { class: "col" }, el("h4", { text: `${run.key}: ${run.name}` }), list));
    });
    detailBody.append(cols);
  }

  function openCell(report, field) {
    for (const td of matrix.querySelectorAll("td.selected")) td.classList.remove("selected");
    const td = [...matrix.querySelectorAll("td.cell")].find((c) => c.dataset.report === report && c.dataset.field === field);
    if (td) td.classList.add("selected");
    detail.hidden = false;
    body.classList.add("with-detail");
    detailTitle.textContent = `${report} · ${field}`;
    detailBody.replaceChildren(el("p", { class: "muted", text: "loading…" }));
    loadCase(report).then(
      (caseDetail) => {
        render(caseDetail, field);
        history.replaceState(null, "", `#r=${encodeURIComponent(report)}&f=${encodeURIComponent(field)}`);
      },
      (error) => detailBody.replaceChildren(el("p", { class: "bad", text: `could not load the report: ${error.message}` })),
    );
  }

  matrix.addEventListener("click", (event) => {
    const td = event.target.closest("td.cell");
    if (td) openCell(td.dataset.report, td.dataset.field);
  });
  matrix.addEventListener("keydown", (event) => {
    const td = event.target.closest("td.cell");
    if (td && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openCell(td.dataset.report, td.dataset.field);
    }
  });
  function closeDetail() {
    detail.hidden = true;
    body.classList.remove("with-detail");
    history.replaceState(null, "", location.pathname + location.search);
  }
  document.getElementById("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !detail.hidden) closeDetail();
  });

  applyFilters();
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("r") && hash.get("f")) openCell(hash.get("r"), hash.get("f"));
})();
