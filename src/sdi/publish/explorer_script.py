"""The explorer page's JavaScript (`SCRIPT`), kept in a Python module so that make, which follows the imports of
`sdi.publish.site`, rebuilds the site when it changes.

Two parts in one script. `SDI`, pure functions with no page: the index computed from raw values as
`sdi.method.scoring` computes it (the same operations in the same order: numpy's pairwise sum over a pillar's
indicators, a running sum over the regions, ranks and levels on values rounded to 9 decimals as numpy rounds),
the address fragment read and written, numbers printed as `sdi.publish.catalogue.number` prints them. The tests
run `SDI` in an embedded V8 (mini-racer) against the Python core. Then, only where there is a page, the page
itself: its controls, the ranking table, the ISDR bars and the map, all made with `textContent` and attributes
(never HTML from a string), so no name in the data can script the page.
"""

SCRIPT = r"""
"use strict";
var SDI = (function () {
  var KEYS = ["method", "norm", "agg", "pagg", "w", "iw", "drop", "missing", "lang"];
  var NUMBER = /^(\d+(\.\d*)?|\.\d+)$/;

  // --- sums as numpy adds them ------------------------------------------------------------------------------
  // numpy's pairwise sum (loops_utils.h: below 8 terms one by one; up to 128 eight running sums; above, halves)
  function pairwise(a, lo, n) {
    var i, j, res;
    if (n < 8) {
      res = -0.0;
      for (i = 0; i < n; i++) res += a[lo + i];
      return res;
    }
    if (n <= 128) {
      var r = [a[lo], a[lo + 1], a[lo + 2], a[lo + 3], a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]];
      for (i = 8; i < n - (n % 8); i += 8) for (j = 0; j < 8; j++) r[j] += a[lo + i + j];
      res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[lo + i];
      return res;
    }
    var half = Math.floor(n / 2);
    half -= half % 8;
    return pairwise(a, lo, half) + pairwise(a, lo + half, n - half);
  }
  // np.sum over a contiguous axis: the identity 0, plus the pairwise sum
  function sum(a) { return 0 + pairwise(a, 0, a.length); }
  // np.round(x, 9): times 10**9, to the nearest integer (a half to the even one), divided back
  function rint(y) {
    var r = Math.round(y);
    if (Math.abs(r - y) === 0.5 && r % 2 !== 0) r -= 1;
    return r;
  }
  function rounded(x, decimals) {
    var f = Math.pow(10, decimals);
    return rint(x * f) / f;
  }

  // --- normalisation: one indicator's values over the regions (null or NaN: blank) -> scores --------------
  function present(x) { return x === x; }
  function bounds(col) {
    var lo = NaN, hi = NaN;
    col.forEach(function (x) {
      if (!present(x)) return;
      if (!(x >= lo)) lo = x;
      if (!(x <= hi)) hi = x;
    });
    return [lo, hi];
  }
  function fillWorst(col, direction) {
    var b = bounds(col);
    return col.map(function (x) { return present(x) ? x : direction === 1 ? b[0] : b[1]; });
  }
  function minmax(col, direction, k) {
    var b = bounds(col), lo = b[0], hi = b[1];
    return col.map(function (x) {
      if (hi === lo && present(x)) return k.constantMinmax;
      var s = (x - lo) / (hi - lo);
      if (direction !== 1) s = 1 - s;
      s *= 8;
      return s + 1;
    });
  }
  function zscore(col, direction, k) {
    var b = bounds(col), total = 0, count = 0, squares = 0;
    col.forEach(function (x) { if (present(x)) { total += x; count += 1; } });
    var mean = total / count;
    col.forEach(function (x) { if (present(x)) { var d = x - mean; squares += d * d; } });
    var sd = Math.sqrt(squares / (count - 1));
    return col.map(function (x) {
      if (b[1] === b[0] && present(x)) return k.zscoreMean;
      var z = (x - mean) / sd;
      return k.zscoreMean + k.zscoreSd * (direction === 1 ? z : -z);
    });
  }
  function rank(col, direction) {
    var oriented = col.map(function (x) { return direction === 1 ? x : -x; });
    return oriented.map(function (x) {
      if (!present(x)) return NaN;
      var below = 0;
      oriented.forEach(function (y) { if (y < x) below += 1; });
      return below + 1;
    });
  }
  var NORMALISATIONS = { minmax: minmax, zscore: zscore, rank: rank };

  // --- the index: settings resolved against the data -> pillar indices, ISDR, ranks, levels ---------------
  function weightedMean(rows, weights, geometric, minCoverage) {
    // rows: one array of a pillar's scores per region; weights: one per indicator of the pillar
    var weighted = weights.filter(function (w) { return w > 0; }).length;
    return rows.map(function (scores) {
      var terms = [], counted = [], n = 0;
      scores.forEach(function (s, j) {
        var has = present(s);
        terms.push(has ? weights[j] * (geometric ? Math.log(s) : s) : 0);
        counted.push(has ? weights[j] : 0);
        if (has && weights[j] > 0) n += 1;
      });
      var mean = sum(terms) / sum(counted);
      if (geometric) mean = Math.exp(mean);
      return n / weighted >= minCoverage ? mean : NaN;
    });
  }
  function integral(pillars, pillarWeights, geometric) {
    var count = pillarWeights.length;
    var scale = count / sum(pillarWeights);
    var w = pillarWeights.map(function (x) { return x * scale; });
    return pillars.map(function (p) {
      if (geometric) return count * Math.exp(sum(p.map(function (x, i) { return w[i] * Math.log(x); })) / count);
      return sum(p.map(function (x, i) { return w[i] * x; }));
    });
  }
  function competitionRanks(values, decimals) {
    var r = values.map(function (v) { return rounded(v, decimals); });
    return r.map(function (v) {
      if (!present(v)) return null;
      var above = 0;
      r.forEach(function (u) { if (u > v) above += 1; });
      return above + 1;
    });
  }
  function levelCodes(values, thresholds, decimals) {
    return values.map(function (v) {
      var x = rounded(v, decimals);
      if (!present(x)) return -1;
      return (x >= thresholds[0] ? 1 : 0) + (x >= thresholds[1] ? 1 : 0);
    });
  }
  // each indicator's inclusion and weight under the settings
  function resolve(data, s) {
    return data.indicators.map(function (ind) {
      var included = s.drop === null ? ind.included[s.method] : s.drop.indexOf(ind.code) < 0;
      var weight = Object.prototype.hasOwnProperty.call(s.iw, ind.code) ? s.iw[ind.code] : ind.weight;
      return { included: included, weight: weight };
    });
  }
  function compute(data, s) {
    var k = data.constants, inds = data.indicators, use = resolve(data, s);
    var regions = data.values.length;
    var scores = data.values.map(function () { return []; });
    inds.forEach(function (ind, j) {
      var direction = ind.direction[s.method];
      var col = data.values.map(function (row) { return row[j] === null ? NaN : row[j]; });
      if (s.missing === "worst") col = fillWorst(col, direction);
      NORMALISATIONS[s.norm](col, direction, k).forEach(function (x, r) { scores[r][j] = x; });
    });
    var pillars = [], empty = [];
    for (var r = 0; r < regions; r++) pillars.push([]);
    data.pillars.forEach(function (pillar) {
      var columns = [];
      inds.forEach(function (ind, j) { if (ind.pillar === pillar && use[j].included) columns.push(j); });
      var weights = columns.map(function (j) { return use[j].weight; });
      if (!weights.some(function (w) { return w > 0; })) empty.push(pillar);
      var rows = scores.map(function (row) { return columns.map(function (j) { return row[j]; }); });
      weightedMean(rows, weights, s.agg === "geometric", k.minCoverage[s.missing]).forEach(function (x, i) {
        pillars[i].push(x);
      });
    });
    var isdr = integral(pillars, s.w, s.pagg === "geometric");
    return {
      pillars: pillars,
      isdr: isdr,
      ranks: competitionRanks(isdr, k.decimals),
      levels: data.pillars
        .map(function (p, i) {
          return levelCodes(pillars.map(function (row) { return row[i]; }), k.thresholds.pillar, k.decimals);
        })
        .concat([levelCodes(isdr, k.thresholds.integral, k.decimals)]),
      empty: empty,
    };
  }
  // many settings in one call (the tests): NaN as null, so that the result crosses to Python as JSON
  function computeMany(data, list) {
    function clean(x) { return typeof x === "number" && !present(x) ? null : x; }
    return list.map(function (s) {
      var out = compute(data, settingsFrom(data, s));
      return {
        pillars: out.pillars.map(function (row) { return row.map(clean); }),
        isdr: out.isdr.map(clean),
        ranks: out.ranks,
        levels: out.levels,
        empty: out.empty,
      };
    });
  }

  // --- settings and the address fragment ------------------------------------------------------------------
  function defaults(data, lang) {
    var d = data.defaults;
    return {
      method: d.method, norm: d.norm, agg: d.agg, pagg: d.pagg, w: d.w.slice(), iw: {}, drop: null,
      missing: d.missing, lang: lang || d.lang,
    };
  }
  // a plain object (from a test) with any of the keys -> full settings
  function settingsFrom(data, given) {
    var s = defaults(data);
    Object.keys(given).forEach(function (key) { s[key] = given[key]; });
    if (given.drop === undefined) s.drop = null;
    return s;
  }
  function codesOf(data) { return data.indicators.map(function (ind) { return ind.code; }); }
  function weightOf(text) {
    if (!NUMBER.test(text)) return null;
    var x = Number(text);
    return isFinite(x) ? x : null;
  }
  // "#norm=rank&w=1,1,2" -> {settings, notes}; a note: {kind: "unknown" | "value" | "code" | "form", item, key}
  function parseFragment(hash, data) {
    var s = defaults(data), notes = [], codes = codesOf(data);
    var text = String(hash || "").replace(/^#/, "");
    text.split("&").forEach(function (part) {
      if (!part) return;
      var at = part.indexOf("="), key, value;
      try {
        key = decodeURIComponent(at < 0 ? part : part.slice(0, at));
        value = at < 0 ? null : decodeURIComponent(part.slice(at + 1));
      } catch (e) {
        notes.push({ kind: "form", item: part });
        return;
      }
      var item = at < 0 ? key : key + "=" + value;
      if (KEYS.indexOf(key) < 0) { notes.push({ kind: "unknown", item: item }); return; }
      if (value === null) { notes.push({ kind: "value", item: item, key: key }); return; }
      var choices = data.choices[key];
      if (choices) {
        if (choices.indexOf(value) < 0) notes.push({ kind: "value", item: item, key: key });
        else s[key] = value;
      } else if (key === "w") {
        var w = value.split(",").map(weightOf);
        var ok = w.length === data.pillars.length && w.every(function (x) { return x !== null; }) &&
          w.some(function (x) { return x > 0; });
        if (ok) s.w = w;
        else notes.push({ kind: "value", item: item, key: key });
      } else if (key === "iw") {
        s.iw = {};
        value.split(",").forEach(function (pair) {
          if (!pair) return;
          var m = pair.split(":");
          var weight = m.length === 2 ? weightOf(m[1]) : null;
          if (weight === null) notes.push({ kind: "value", item: "iw=" + pair, key: key });
          else if (codes.indexOf(m[0]) < 0) notes.push({ kind: "code", item: "iw=" + pair, key: key });
          else s.iw[m[0]] = weight;
        });
      } else {  // drop: every indicator left out
        s.drop = [];
        value.split(",").forEach(function (code) {
          if (!code) return;
          if (codes.indexOf(code) < 0) notes.push({ kind: "code", item: "drop=" + code, key: key });
          else if (s.drop.indexOf(code) < 0) s.drop.push(code);
        });
      }
    });
    return { settings: s, notes: notes };
  }
  function plain(x) { return String(x); }
  // settings -> "method=thesis&norm=minmax&...": every key but iw and drop always; iw the weights that differ
  // from indicators.csv's, drop (every indicator left out) only where the set differs from the method's own
  function fragment(data, s) {
    var use = resolve(data, s), iw = [], drop = [], own = true;
    data.indicators.forEach(function (ind, j) {
      if (use[j].weight !== ind.weight) iw.push(ind.code + ":" + plain(use[j].weight));
      if (!use[j].included) drop.push(ind.code);
      if (use[j].included !== ind.included[s.method]) own = false;
    });
    var parts = ["method=" + s.method, "norm=" + s.norm, "agg=" + s.agg, "pagg=" + s.pagg,
      "w=" + s.w.map(plain).join(",")];
    if (iw.length) parts.push("iw=" + iw.join(","));
    if (!own) parts.push("drop=" + drop.join(","));
    parts.push("missing=" + s.missing, "lang=" + s.lang);
    return parts.join("&");
  }

  // --- words and numbers ------------------------------------------------------------------------------------
  // catalogue.number: fixed decimals, halves rounded away from zero on the number as written (its shortest
  // round-trip digits, which JavaScript's String and Python's repr agree on: 0.415 -> 0.42, as Excel shows it);
  // decimals null: at most three, trailing zeros dropped; the decimal comma in Kazakh; blank when missing
  function plain(a) {  // String(a) without an exponent: 1e-7 -> 0.0000001
    var s = String(a);
    if (s.indexOf("e") < 0) return s;
    var m = s.split("e"), parts = m[0].split("."), digits = parts[0] + (parts[1] || "");
    var point = parts[0].length + Number(m[1]);
    if (point <= 0) return "0." + "0".repeat(-point) + digits;
    if (point >= digits.length) return digits + "0".repeat(point - digits.length);
    return digits.slice(0, point) + "." + digits.slice(point);
  }
  function fixed(x, decimals) {
    var negative = x < 0 || Object.is(x, -0), parts = plain(Math.abs(x)).split(".");
    var whole = parts[0], fraction = parts[1] || "";
    if (fraction.length <= decimals) {
      var padded = fraction + "0".repeat(decimals - fraction.length);
      return (negative ? "-" : "") + whole + (decimals ? "." + padded : "");
    }
    var digits = (whole + fraction.slice(0, decimals)).split("").map(Number);
    if (Number(fraction.charAt(decimals)) >= 5) {  // half or more of the last place: away from zero
      var i = digits.length - 1;
      while (i >= 0 && digits[i] === 9) { digits[i] = 0; i--; }
      if (i < 0) digits.unshift(1); else digits[i] += 1;
    }
    var text = digits.join(""), cut = text.length - decimals;
    return (negative ? "-" : "") + (decimals ? text.slice(0, cut) + "." + text.slice(cut) : text);
  }
  function number(value, lang, decimals) {
    if (value === null || value === undefined || !present(value)) return "";
    var text = decimals === null || decimals === undefined
      ? fixed(value, 3).replace(/0+$/, "").replace(/\.$/, "")
      : fixed(value, decimals);
    return lang === "kk" ? text.replace(".", ",") : text;
  }
  // catalogue.text: a word of `lang` with its {placeholders} filled
  function text(data, lang, key, values) {
    var template = data.words[lang][key];
    if (template === undefined) throw new Error("no word " + key);
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  }

  return {
    KEYS: KEYS, compute: compute, computeMany: computeMany, defaults: defaults, parseFragment: parseFragment,
    fragment: fragment, number: number, text: text, resolve: resolve, sum: sum, rounded: rounded,
  };
})();

// --- the page -------------------------------------------------------------------------------------------------
if (typeof document !== "undefined") (function () {
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var state = null, notes = [];
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }
  function t(key, values) { return SDI.text(data, state.lang, key, values); }
  function num(x, decimals) { return SDI.number(x, state.lang, decimals); }
  function name(region) { return region.name[state.lang]; }
  function pillarName(p) { return data.words[state.lang]["pillar." + p]; }
  function colour(share) {  // viridis, from the stops Python took from matplotlib
    var stops = data.colours, x = Math.max(0, Math.min(1, share)) * (stops.length - 1);
    var i = Math.min(stops.length - 2, Math.floor(x)), f = x - i;
    var a = stops[i], b = stops[i + 1];
    return "rgb(" + [0, 1, 2].map(function (c) { return Math.round(a[c] + (b[c] - a[c]) * f); }).join(",") + ")";
  }

  // --- the controls ----------------------------------------------------------------------------------------
  function choice(name) {  // a choice in words; `available` says the share of a pillar it needs
    return t("explorer.choice." + name, { share: num(100 * data.constants.minCoverage.available) });
  }
  function select(key, label) {
    var box = el("select", { id: "set-" + key, "data-key": key });
    data.choices[key].forEach(function (name) { box.appendChild(el("option", { value: name, text: choice(name) })); });
    box.addEventListener("change", changed);
    return el("label", { class: "field" }, [el("span", { text: t(label) }), box]);
  }
  function weightBox(id, value, label) {
    var box = el("input", { id: id, type: "number", min: "0", step: "any", inputmode: "decimal", "aria-label": label });
    box.value = String(value);
    box.addEventListener("input", changed);
    return box;
  }
  function buildControls() {
    var form = $("controls");
    form.textContent = "";
    form.appendChild(el("h2", { text: t("explorer.settings") }));
    form.appendChild(select("method", "explorer.directions"));
    form.appendChild(select("norm", "explorer.normalisation"));
    form.appendChild(select("agg", "explorer.aggregation"));
    form.appendChild(select("pagg", "explorer.pillar_aggregation"));
    form.appendChild(select("missing", "explorer.missing"));
    var weights = el("fieldset", { class: "pillar-weights" }, [el("legend", { text: t("explorer.pillar_weights") })]);
    data.pillars.forEach(function (p, i) {
      weights.appendChild(el("label", { class: "field inline" }, [el("span", { text: pillarName(p) }),
        weightBox("set-w-" + i, state.w[i], pillarName(p))]));
    });
    weights.appendChild(el("p", { class: "note", text: t("explorer.pillar_weights_note") }));
    form.appendChild(weights);
    form.appendChild(el("h3", { text: t("explorer.indicators") }));
    data.pillars.forEach(function (p) {
      var list = el("div", { class: "indicators" });
      data.indicators.forEach(function (ind, j) {
        if (ind.pillar !== p) return;
        var box = el("input", { type: "checkbox", id: "inc-" + ind.code, "data-code": ind.code });
        box.addEventListener("change", changed);
        var title = ind.name[state.lang] + (ind.included[state.method] ? "" : " (" + t("explorer.not_in_thesis") + ")");
        list.appendChild(el("div", { class: "indicator" }, [
          el("label", { for: "inc-" + ind.code }, [box, el("b", { text: ind.code }), " ", title]),
          weightBox("iw-" + ind.code, ind.weight, t("explorer.weight") + " " + ind.code),
        ]));
      });
      form.appendChild(el("details", { "data-pillar": p }, [
        el("summary", {}, [pillarName(p), el("span", { class: "count", id: "count-" + p })]), list]));
    });
    var reset = el("button", { type: "button", id: "reset", text: t("explorer.reset") });
    reset.addEventListener("click", function () { state = SDI.defaults(data, state.lang); notes = []; show(); });
    var share = el("a", { id: "share", href: "#", text: t("explorer.share") });
    form.appendChild(el("p", { class: "actions" }, [reset, " ", share]));
  }
  function fillControls() {
    ["method", "norm", "agg", "pagg", "missing"].forEach(function (key) { $("set-" + key).value = state[key]; });
    data.pillars.forEach(function (p, i) {
      var box = $("set-w-" + i);  // never the box being typed in: "" or "0." is a number on its way
      if (document.activeElement !== box && Number(box.value) !== state.w[i]) box.value = String(state.w[i]);
    });
    var use = SDI.resolve(data, state);
    data.indicators.forEach(function (ind, j) {
      $("inc-" + ind.code).checked = use[j].included;
      var box = $("iw-" + ind.code);
      if (document.activeElement !== box && Number(box.value) !== use[j].weight) box.value = String(use[j].weight);
      box.disabled = !use[j].included;
    });
    data.pillars.forEach(function (p) {
      var all = 0, included = 0;
      data.indicators.forEach(function (ind, j) {
        if (ind.pillar === p) { all += 1; if (use[j].included) included += 1; }
      });
      $("count-" + p).textContent = " · " + t("explorer.included_count", { included: included, total: all });
    });
  }
  function readControls() {
    var s = SDI.defaults(data, state.lang);
    ["method", "norm", "agg", "pagg", "missing"].forEach(function (key) { s[key] = $("set-" + key).value; });
    var w = data.pillars.map(function (p, i) { return Number($("set-w-" + i).value); });
    var usable = w.every(function (x) { return isFinite(x) && x >= 0; }) && w.some(function (x) { return x > 0; });
    s.w = usable ? w : state.w;
    s.drop = [];
    data.indicators.forEach(function (ind) {
      if (!$("inc-" + ind.code).checked) s.drop.push(ind.code);
      var x = Number($("iw-" + ind.code).value);
      var weight = $("iw-" + ind.code).value !== "" && isFinite(x) && x >= 0 ? x : ind.weight;
      if (weight !== ind.weight) s.iw[ind.code] = weight;
    });
    return s;
  }
  function changed() {
    state = readControls();
    notes = [];
    show();
  }

  // --- the results -----------------------------------------------------------------------------------------
  function summaryText() {
    var use = SDI.resolve(data, state), dropped = [], weights = [];
    data.indicators.forEach(function (ind, j) {
      if (!use[j].included) dropped.push(ind.code);
      else if (use[j].weight !== ind.weight) weights.push(ind.code + " × " + num(use[j].weight));
    });
    var parts = [
      t("explorer.directions") + ": " + choice(state.method),
      t("explorer.normalisation") + ": " + choice(state.norm),
      t("explorer.aggregation") + ": " + choice(state.agg),
      t("explorer.pillar_aggregation") + ": " + choice(state.pagg),
      t("explorer.pillar_weights") + ": " + state.w.map(function (x) { return num(x); }).join(" : "),
      t("explorer.missing") + ": " + choice(state.missing),
      t("explorer.dropped") + ": " + (dropped.join(", ") || t("explorer.none")),
      t("explorer.other_weights") + ": " + (weights.join(", ") || t("explorer.none")),
    ];
    return parts.join(" · ");
  }
  function showNotes(result) {
    var box = $("notes");
    box.textContent = "";
    var lines = [];
    if (notes.length) {
      var items = notes.map(function (n) {
        var why = n.kind === "unknown" ? t("explorer.unknown_key", { keys: SDI.KEYS.join(", ") })
          : n.kind === "code" ? t("explorer.unknown_code")
          : n.kind === "form" ? t("explorer.bad_form")
          : t("explorer.bad_value", { expected: t("explorer.expected." + n.key) });
        return "«" + n.item + "» (" + why + ")";
      });
      lines.push(t("explorer.ignored", { items: items.join("; ") }));
    }
    result.empty.forEach(function (p) { lines.push(t("explorer.empty_pillar", { pillar: pillarName(p) })); });
    if (state.norm !== "minmax") lines.push(t("explorer.levels_minmax_only"));
    lines.forEach(function (line) { box.appendChild(el("p", { text: line })); });
    box.hidden = !lines.length;
  }
  function showTable(result, order) {
    var m = data.methods[state.method], body = $("ranking-body");
    body.textContent = "";
    var levels = data.levels;
    order.forEach(function (r) {
      var region = data.regions[r], newRank = result.ranks[r], nominal = m.rank[r];
      var low = m.q05 ? m.q05[r] : null, high = m.q95 ? m.q95[r] : null;
      var outside = newRank !== null && low !== null && (newRank < low || newRank > high);
      var change = newRank === null || nominal === null ? "" : nominal - newRank;
      var row = el("tr", {
        "data-region": region.id, "data-rank": newRank === null ? "" : String(newRank),
        "data-isdr": result.isdr[r] === result.isdr[r] ? String(result.isdr[r]) : "",
        class: outside ? "outside" : "",
      });
      var level = result.levels[3][r];
      [
        [newRank === null ? "—" : String(newRank), "num"],
        [name(region), "name"],
        [result.isdr[r] === result.isdr[r] ? num(result.isdr[r], 2) : t("explorer.no_index"), "num"],
      ].concat(data.pillars.map(function (p, i) { return [num(result.pillars[r][i], 2) || "—", "num pillar"]; }))
        .concat([
          [state.norm === "minmax" && level >= 0 ? data.words[state.lang]["level." + levels[level]] : "—", "level"],
          [nominal === null ? "—" : String(nominal), "num"],
          [change === "" ? "" : change > 0 ? "▲" + change : change < 0 ? "▼" + -change : "=", "num change"],
          [low === null ? "—" : low + "–" + high + (outside ? " !" : ""), "num interval"],
        ])
        .forEach(function (cell) { row.appendChild(el("td", { class: cell[1], text: cell[0] })); });
      body.appendChild(row);
    });
  }
  function showBars(result, order, scale) {
    var box = $("bars");
    box.textContent = "";
    var top = Math.max.apply(null, result.isdr.filter(function (x) { return x === x; }).concat([0]));
    order.forEach(function (r) {
      var x = result.isdr[r], has = x === x;
      var bar = el("span", { class: "bar" });
      bar.style.width = has && top > 0 ? (100 * x / top).toFixed(2) + "%" : "0";
      bar.style.background = has ? scale(x) : "#bdbdbd";
      box.appendChild(el("div", { class: "bar-row" }, [
        el("span", { class: "bar-name", text: name(data.regions[r]) }),
        el("span", { class: "bar-track" }, [bar]),
        el("span", { class: "bar-value", text: has ? num(x, 2) : "—" }),
      ]));
    });
  }
  function showMap(result, scale, range) {
    var box = $("map");
    box.textContent = "";
    if (!data.map) return;
    var picture = svg("svg", { viewBox: data.map.viewBox, role: "img", "aria-label": t("explorer.map") });
    data.regions.forEach(function (region, r) {
      var x = result.isdr[r], has = x === x, shape = data.map.regions[region.id];
      if (!shape) return;
      var label = name(region) + ": " + (has ? num(x, 2) : t("explorer.no_index"));
      var path = svg("path", { d: shape.d, fill: has ? scale(x) : "#bdbdbd", stroke: "#fff", "stroke-width": "1.5" });
      var title = svg("title", {});
      title.textContent = label;
      path.appendChild(title);
      picture.appendChild(path);
    });
    data.regions.forEach(function (region, r) {
      var shape = data.map.regions[region.id], rankText = result.ranks[r] === null ? "—" : String(result.ranks[r]);
      if (!shape) return;
      var x = result.isdr[r], dark = !(x === x) || (x - range[0]) / (range[1] - range[0] || 1) < 0.55;
      if (region.city) {
        picture.appendChild(svg("circle", { cx: shape.at[0], cy: shape.at[1], r: 17,
          fill: x === x ? scale(x) : "#bdbdbd", stroke: "#222", "stroke-width": "1.5" }));
      }
      var label = svg("text", { x: shape.at[0], y: shape.at[1], "text-anchor": "middle", "dominant-baseline": "central",
        class: (dark ? "on-dark" : "on-light") + (region.city ? " city" : "") });
      label.textContent = rankText;
      picture.appendChild(label);
    });
    box.appendChild(picture);
    $("legend-low").textContent = num(range[0], 2);
    $("legend-high").textContent = num(range[1], 2);
  }
  function showWords() {
    document.documentElement.lang = state.lang;
    document.title = t("explorer.title", { year: data.year });
    document.querySelectorAll("[data-word]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-word"), { year: data.year, count: data.regions.length });
    });
    $("home").setAttribute("href", data.home[state.lang]);  // the front page in the page's language
    document.querySelectorAll("[data-lang]").forEach(function (node) {  // the same view in the other language
      var lang = node.getAttribute("data-lang");
      node.classList.toggle("here", lang === state.lang);
      node.setAttribute("href", "#" + SDI.fragment(data, Object.assign({}, state, { lang: lang })));
    });
    var m = data.methods[state.method];
    $("interval-note").textContent = t("explorer.interval_note", {
      method: data.words[state.lang]["method." + state.method], runs: m.runs === null ? "—" : num(m.runs, 0),
    });
  }
  var lastLang = null;
  function show() {
    if (state.lang !== lastLang) { buildControls(); lastLang = state.lang; }
    showWords();
    fillControls();
    var started = performance.now();  // one recomputation: the index, then the table, the bars and the map
    var result = SDI.compute(data, state);
    var computed = performance.now();
    var order = data.regions.map(function (r, i) { return i; }).sort(function (a, b) {
      var x = result.ranks[a], y = result.ranks[b];
      if (x === y) return a - b;
      if (x === null) return 1;
      if (y === null) return -1;
      return x - y;
    });
    var known = result.isdr.filter(function (x) { return x === x; });
    var range = known.length ? [Math.min.apply(null, known), Math.max.apply(null, known)] : [0, 1];
    var scale = function (x) { return colour(range[1] > range[0] ? (x - range[0]) / (range[1] - range[0]) : 0.5); };
    showNotes(result);
    showTable(result, order);
    showBars(result, order, scale);
    showMap(result, scale, range);
    $("summary").textContent = summaryText();
    var frag = SDI.fragment(data, state);
    $("share").setAttribute("href", "#" + frag);
    $("address").textContent = "#" + frag;
    try { history.replaceState(null, "", "#" + frag); } catch (e) { /* a browser that refuses: the link stays */ }
    var ms = performance.now() - started;
    var timing = $("timing");
    timing.setAttribute("data-ms", String(ms));
    timing.setAttribute("data-compute-ms", String(computed - started));
    timing.textContent = t("explorer.timing", { ms: num(ms, 1) });
  }
  function fromAddress() {
    var parsed = SDI.parseFragment(location.hash, data);
    state = parsed.settings;
    notes = parsed.notes;
    show();
  }
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") !== SDI.fragment(data, state)) fromAddress();
  });
  fromAddress();
})();
"""
