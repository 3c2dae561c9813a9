// budgetkg web page: ask a question, edit and run SPARQL, show results as a table, download CSV.
"use strict";

const $ = (id) => document.getElementById(id);

function showStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function termText(term) {
  if (!term) return "";
  return term.value;
}

async function ask(event) {
  event.preventDefault();
  const q = $("question").value.trim();
  if (!q) return;
  $("answer-text").textContent = "正在查询……";
  $("answer").hidden = false;
  const response = await fetch("/ask?q=" + encodeURIComponent(q));
  const data = await response.json();
  if (!response.ok) {
    $("answer-text").textContent = "出错了：" + (data.error || response.status);
    return;
  }
  $("answer-text").textContent = data.answer ? data.answer.text : JSON.stringify(data);
  const list = $("evidence");
  list.replaceChildren();
  for (const e of data.evidence || []) {
    const item = document.createElement("li");
    const where = [e.org, e.year, e.table].filter(Boolean).join(" · ");
    item.textContent = `${e.doc} 第 ${e.line} 行：${e.text || ""}${where ? "（" + where + "）" : ""}`;
    list.append(item);
  }
  $("answer-sparql").textContent = data.sparql || "";
  $("answer-sparql-box").hidden = !data.sparql;
  $("edit-query").hidden = !data.sparql;
}

function editAnswerQuery(event) {
  event.preventDefault();
  $("editor").value = $("answer-sparql").textContent;
  $("sparql-section").scrollIntoView();
  $("editor").focus();
}

async function loadExamples() {
  const response = await fetch("/examples");
  const examples = await response.json();
  for (const ex of examples) {
    const option = document.createElement("option");
    option.value = ex.query;
    option.textContent = ex.title;
    $("examples").append(option);
  }
}

function sparqlRequest(accept) {
  return fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
    body: new URLSearchParams({ query: $("editor").value }),
  });
}

function renderTable(data) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = termText(binding[v]);
  }
  return table;
}

async function run() {
  showStatus("正在运行……");
  const started = performance.now();
  const response = await sparqlRequest("application/sparql-results+json, text/turtle;q=0.9");
  const results = $("results");
  results.replaceChildren();
  if (!response.ok) {
    showStatus(`错误 ${response.status}：${await response.text()}`, true);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const truncated = response.headers.get("X-Result-Truncated") === "true";
  const limit = response.headers.get("X-Result-Row-Limit");
  if (response.headers.get("Content-Type").startsWith("application/sparql-results+json")) {
    const data = await response.json();
    if ("boolean" in data) {
      results.textContent = data.boolean ? "是（true）" : "否（false）";
      showStatus(`完成，用时 ${seconds} 秒`);
      return;
    }
    results.append(renderTable(data));
    const note = truncated ? `（结果已截断，最多 ${limit} 行）` : "";
    showStatus(`共 ${data.results.bindings.length} 行，用时 ${seconds} 秒${note}`);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = await response.text();
    results.append(pre);
    showStatus(`完成，用时 ${seconds} 秒${truncated ? "（结果已截断）" : ""}`);
  }
}

async function download() {
  const response = await sparqlRequest("text/csv, application/n-triples;q=0.5");
  if (!response.ok) {
    showStatus(`错误 ${response.status}：${await response.text()}`, true);
    return;
  }
  const csv = response.headers.get("Content-Type").startsWith("text/csv");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = csv ? "results.csv" : "results.nt";
  link.click();
  URL.revokeObjectURL(link.href);
}

$("ask-form").addEventListener("submit", ask);
$("edit-query").addEventListener("click", editAnswerQuery);
$("examples").addEventListener("change", (e) => { if (e.target.value) $("editor").value = e.target.value; });
$("run").addEventListener("click", run);
$("download").addEventListener("click", download);
loadExamples();
