// Draw every Vega / Vega-Lite chart on the page from its JSON spec (a data block, not a script).
(function () {
  "use strict";
  // A y-axis label limit made for a wide page (420 px) leaves no room for the plot on a
  // phone (390 px: labels only, issue 14): labels get at most 40% of the chart's width.
  var LABEL_SHARE = 0.4;
  function fitLabels(spec, width) {
    var views = spec && spec.vconcat ? spec.vconcat : [spec];
    var limit;
    views.forEach(function (view) {
      var axis = view && view.encoding && view.encoding.y && view.encoding.y.axis;
      if (!axis || !axis.labelLimit || !width) return;
      axis.labelLimit = Math.max(60, Math.min(axis.labelLimit, Math.floor(width * LABEL_SHARE)));
      limit = axis.labelLimit;
    });
    return limit;
  }
  document.querySelectorAll("script.chart-spec").forEach(function (block) {
    var target = block.previousElementSibling;
    if (!target || !window.vegaEmbed) return;
    var spec = JSON.parse(block.textContent);
    var limit = fitLabels(spec, target.clientWidth);
    if (limit) target.setAttribute("data-label-limit", String(limit));
    // Vega-Lite has no "container" width inside a concatenation: each view gets the width
    // left beside the y labels, so the chart never overflows the page.
    if (spec.vconcat && target.clientWidth) {
      var plot = Math.max(120, target.clientWidth - (limit || 0) - 60);
      spec.vconcat.forEach(function (view) { if (view.width === "container") view.width = plot; });
    }
    // A Vega spec (the actor network) has a fixed width: fit it to the container.
    if (spec.$schema && spec.$schema.indexOf("/vega/") > 0 && target.clientWidth) {
      spec.width = Math.max(240, target.clientWidth - 12);
      if (target.clientWidth < 600) spec.height = Math.round(spec.height * 0.85);
    }
    // defaultStyle false: vega-embed would inject a <style> element, which the CSP forbids.
    window.vegaEmbed(target, spec, {
      actions: false, renderer: "canvas", defaultStyle: false, tooltip: { disableDefaultStyle: true }
    })
      .then(function () { target.setAttribute("data-drawn", "1"); })
      .catch(function (e) { console.error(e); });
  });
})();
