// Draw every Vega-Lite chart on the page from its JSON spec (a data block, not a script).
(function () {
  "use strict";
  // A y-axis label limit made for a wide page (420 px) leaves no room for the plot on a
  // phone (390 px: labels only, issue 14): labels get at most 40% of the chart's width.
  var LABEL_SHARE = 0.4;
  function fitLabels(spec, width) {
    var axis = spec && spec.encoding && spec.encoding.y && spec.encoding.y.axis;
    if (!axis || !axis.labelLimit || !width) return;
    axis.labelLimit = Math.max(60, Math.min(axis.labelLimit, Math.floor(width * LABEL_SHARE)));
    return axis.labelLimit;
  }
  document.querySelectorAll("script.chart-spec").forEach(function (block) {
    var target = block.previousElementSibling;
    if (!target || !window.vegaEmbed) return;
    var spec = JSON.parse(block.textContent);
    var limit = fitLabels(spec, target.clientWidth);
    if (limit) target.setAttribute("data-label-limit", String(limit));
    // defaultStyle false: vega-embed would inject a <style> element, which the CSP forbids.
    window.vegaEmbed(target, spec, {
      actions: false, renderer: "canvas", defaultStyle: false, tooltip: { disableDefaultStyle: true }
    })
      .catch(function (e) { console.error(e); });
  });
})();
