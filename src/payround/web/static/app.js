// Draw every chart in the page (and in what htmx swaps in); switch the editor's tabs.
function drawCharts(root) {
  if (typeof vegaEmbed === "undefined") return;
  root.querySelectorAll("[data-vega]").forEach(function (el) {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "1";
    vegaEmbed(el, JSON.parse(el.dataset.vega), { actions: false, renderer: "svg" });
  });
}
document.addEventListener("DOMContentLoaded", function () {
  drawCharts(document);
  document.querySelectorAll(".tab").forEach(function (tab) {
    tab.addEventListener("click", function () {
      document.querySelectorAll(".tab").forEach(function (t) { t.classList.remove("active"); });
      document.querySelectorAll(".tab-panel").forEach(function (p) { p.classList.add("hidden"); });
      tab.classList.add("active");
      document.getElementById(tab.dataset.tab).classList.remove("hidden");
    });
  });
});
document.addEventListener("htmx:afterSettle", function (e) { drawCharts(e.target); });
// htmx shows error responses too: the located error is the content of a 422.
document.addEventListener("htmx:beforeSwap", function (e) {
  if (e.detail.xhr.status === 422) { e.detail.shouldSwap = true; e.detail.isError = false; }
});
