/*
 * Peacetrack actor map: an interactive network view of a case's actors and ties.
 *
 * Plain ES2017, no build step. Needs the vendored d3 v7 (static/vendor/d3/d3.min.js)
 * loaded before this file, and static/analysis/actor-map.css on the page.
 *
 *   <div id="actor-map" data-src="/api/v1/cases/k3v9x2m8qa/actor-map" class="actor-map">
 *     <div class="map-toolbar"></div>
 *     <div class="map-canvas">…loading text, <noscript>…</noscript></div>
 *     <p class="map-summary">…</p>
 *   </div>
 *   <figcaption class="map-legend">…the key (analysis/_map_figure.html)…</figcaption>
 *
 * The page sizes those boxes before this script runs, so nothing on the page moves when the
 * map appears. The script fetches data-src (JSON in columns: expand() reads it),
 * fills the toolbar and the canvas, then sets data-ready="true" on the element
 * (data-ready="error" if loading failed). Each side's and camp's colour and each kind's shape
 * come from the key on the page (data-key, data-colour, data-shape, data-kinds), so the key
 * and the drawing cannot disagree.
 * No inline event handlers, no style attributes from markup, no other requests:
 * it runs under a strict Content-Security-Policy (PNG export needs img-src blob:).
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const XMLNS_NS = "http://www.w3.org/2000/xmlns/";

  // Positive ties are dark grey and solid, negative ones (hostility, rivalry) red and dashed.
  const SIGN_STYLES = {
    positive: { colour: "#718096", dash: null },
    negative: { colour: "#c53030", dash: "6 4" },
  };
  const NEGATIVE_KINDS = new Set(["hostility", "rivalry"]); // when the server sends no sign
  // Kinds drawn with an arrow when the server does not say whether a tie is directed.
  const DIRECTED_KINDS = new Set(["command", "funding_supply", "influence"]);
  const CONFIDENCE_OPACITY = { high: 0.8, medium: 0.6, low: 0.4 };
  const DEFAULT_LINK_OPACITY = 0.6;
  // d3 symbols for the shapes the key names; the symbol's area matches a circle of radius r.
  const SYMBOLS = { circle: "symbolCircle", triangle: "symbolTriangle", square: "symbolSquare", diamond: "symbolDiamond", star: "symbolStar" };

  const NODE_STROKE = "#1c2430";
  const R_MIN = 5;
  const R_MAX = 18;
  const LABEL_FONT_PX = 11;
  const LABEL_GAP = 3; // graph units between a circle and its label
  const ZOOM_ALL_LABELS = 1.5; // above this zoom every visible actor gets a label
  const SMALL_GRAPH = 60; // below this many visible actors every actor gets a label
  const PRE_TICKS = 300; // layout ticks run before the first paint
  const FIT_MAX_SCALE = 1.6;

  // ---------------------------------------------------------------- words
  // In the page's language: the page gives them as JSON (analysis/map_texts.py, element
  // #actor-map-texts); the English words here are used for anything missing.
  const WORDS = readWords();
  const pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(WORDS.lang || "en") : null;

  function readWords() {
    try {
      const el = document.getElementById("actor-map-texts");
      const data = el ? JSON.parse(el.textContent) : null;
      return data && typeof data === "object" ? data : {};
    } catch (err) {
      return {};
    }
  }

  function fill(text, values) {
    let out = String(text);
    Object.keys(values || {}).forEach((name) => {
      out = out.split("%(" + name + ")s").join(String(values[name]));
    });
    return out;
  }

  // t("zoom_in", "Zoom in"); t("saved", "Saved %(file)s.", { file: "actor-map.svg" })
  function t(key, english, values) {
    const text = WORDS.texts && typeof WORDS.texts[key] === "string" ? WORDS.texts[key] : english;
    return fill(text, values);
  }

  // plural("ties", n, "%(n)s tie", "%(n)s ties"): the form of n's plural category
  function plural(key, n, one, many) {
    const forms = WORDS.plurals && WORDS.plurals[key];
    let text = null;
    if (forms && pluralRules) {
      const category = pluralRules.select(n);
      const sample = Object.keys(forms).find((k) => pluralRules.select(Number(k)) === category);
      text = sample !== undefined ? forms[sample] : null;
    }
    if (typeof text !== "string") text = n === 1 ? one : many;
    return fill(text, { n: n });
  }

  const EMPTY_MESSAGE = t("empty", "No actors yet. Add actors and ties to see the map.");

  const reducedMotion = !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);

  // ---------------------------------------------------------------- small helpers

  function h(tag, attrs, children) {
    const el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach((key) => {
        const value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") el.textContent = value;
        else if (key === "className") el.className = value;
        else el.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach((child) => {
      if (child !== null && child !== undefined) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  function s(tag, attrs, children) {
    const el = document.createElementNS(SVG_NS, tag);
    if (attrs) {
      Object.keys(attrs).forEach((key) => {
        const value = attrs[key];
        if (value === null || value === undefined) return;
        if (key === "text") el.textContent = value;
        else el.setAttribute(key, String(value));
      });
    }
    (children || []).forEach((child) => child && el.appendChild(child));
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function humanise(kind) {
    const text = String(kind || "other").replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function fold(text) {
    return String(text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  }

  function safeId(text) {
    return String(text).replace(/[^A-Za-z0-9_-]/g, "_");
  }

  function signStyle(sign) {
    return SIGN_STYLES[sign] || SIGN_STYLES.positive;
  }

  function markerId(sign) {
    return "actor-map-arrow-" + safeId(sign);
  }

  // The key on the page: which colour class each side and camp has, which shape each kind.
  function readKey() {
    const key = { side: new Map(), camp: new Map(), shape: new Map(), noneColour: "map-c-none" };
    ["side", "camp"].forEach((mode) => {
      document.querySelectorAll("[data-map-key=" + mode + "] li[data-colour]").forEach((li) => {
        const keys = li.getAttribute("data-key") || "";
        const colour = li.getAttribute("data-colour");
        if (!keys) key[mode].set("", colour);
        else keys.split(" ").forEach((k) => key[mode].set(k, colour));
      });
    });
    document.querySelectorAll("[data-map-key=shape] li[data-shape]").forEach((li) => {
      (li.getAttribute("data-kinds") || "").split(" ").forEach((kind) => key.shape.set(kind, li.getAttribute("data-shape")));
    });
    return key;
  }

  let measureCtx = null;
  function textWidth(text, fontPx, family) {
    if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
    if (!measureCtx) return String(text).length * fontPx * 0.58;
    measureCtx.font = fontPx + "px " + family;
    return measureCtx.measureText(String(text)).width;
  }

  function downloadBlob(blob, filename) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    a.rel = "noopener";
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  }

  // ---------------------------------------------------------------- data

  function kindPairs(list) {
    const out = [];
    (Array.isArray(list) ? list : []).forEach((item) => {
      if (Array.isArray(item) && item.length >= 1 && typeof item[0] === "string") out.push([item[0], String(item[1] || humanise(item[0]))]);
    });
    return out;
  }

  // The server sends the map in columns (format 2, see the actor-map API's description): one
  // list per field, ties naming their actors by position. This turns it back into one object
  // per actor and per tie, as the rest of this file reads them.
  function expand(data) {
    const cols = data.nodes || {};
    const ids = Array.isArray(cols.id) ? cols.id : [];
    const at = (list, i) => (Array.isArray(list) ? list[i] : undefined);
    const positions = (list) => new Set(Array.isArray(list) ? list : []);
    const stands = positions(cols.stands_for_party);
    const spoilers = positions(cols.spoiler);
    const flagged = positions(cols.flagged);
    const sides = Array.isArray(data.sides) ? data.sides : [];
    const actorKinds = (data.kinds && data.kinds.actor) || [];
    const tieKinds = (data.kinds && data.kinds.tie) || [];
    const url = typeof data.actor_url === "string" ? data.actor_url : "";
    const nodes = ids.map((id, i) => {
      const kind = actorKinds[at(cols.kind, i)];
      const side = at(cols.side, i);
      const degree = at(cols.degree, i);
      return {
        id: id,
        name: at(cols.name, i),
        kind: kind ? kind[0] : "other",
        kind_label: kind ? kind[1] : "",
        party: side === null || side === undefined ? null : sides[side],
        stands_for_party: stands.has(i),
        important: stands.has(i) || spoilers.has(i) || flagged.has(i),
        spoiler: spoilers.has(i),
        url: url ? url.replace("{id}", encodeURIComponent(id)) : "",
        degree: degree,
        camp: at(cols.camp, i),
        broker: at(cols.broker, i),
        isolated: !degree,
      };
    });
    const lc = data.links || {};
    const confidences = data.confidences || {};
    const directed = positions(lc.directed);
    const links = (Array.isArray(lc.source) ? lc.source : []).map((source, i) => {
      const kind = tieKinds[at(lc.kind, i)];
      const c = at(lc.confidence, i);
      const strength = Number(at(lc.strength, i)) || 1;
      const weight = strength * (Number(at(confidences.weights, c)) || 0.67);
      return {
        source: ids[source],
        target: ids[at(lc.target, i)],
        kind: kind ? kind[0] : "other",
        kind_label: kind ? kind[1] : "",
        directed: directed.has(i),
        strength: strength,
        confidence: at(confidences.values, c) || "",
        sign: kind && kind[2] ? "negative" : "positive",
        weight: weight,
      };
    });
    return {
      nodes: nodes,
      links: links,
      camps: data.camps,
      frustrated: (Array.isArray(data.frustrated) ? data.frustrated : []).map((i) => "l" + i),
      kinds: { actor: actorKinds.map((k) => [k[0], k[1]]), tie: tieKinds.map((k) => [k[0], k[1]]) },
    };
  }

  function normalise(data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error(t("unexpected", "the server sent an unexpected response."));
    if (data.format === 2) data = expand(data);
    const kinds = data.kinds || {};
    const actorKinds = kindPairs(kinds.actor);
    const tieKinds = kindPairs(kinds.tie);
    const actorLabels = new Map(actorKinds);
    const tieLabels = new Map(tieKinds);

    const nodes = [];
    const byKey = new Map();
    (Array.isArray(data.nodes) ? data.nodes : []).forEach((raw) => {
      if (!raw || raw.id === null || raw.id === undefined) return;
      const key = String(raw.id);
      if (byKey.has(key)) return;
      const node = Object.assign({}, raw);
      node._key = key;
      node.kind = node.kind ? String(node.kind) : "other";
      node.kind_label = node.kind_label || actorLabels.get(node.kind) || humanise(node.kind);
      node.name = node.name === null || node.name === undefined || node.name === "" ? t("unnamed", "Actor %(key)s", { key: key }) : String(node.name);
      node.spoiler = node.spoiler === true;
      node.broker = typeof node.broker === "number" && isFinite(node.broker) ? node.broker : 0;
      node.party = node.party ? String(node.party) : "";
      node.camp = node.camp === null || node.camp === undefined ? "" : "camp" + node.camp;
      node.stands_for_party = node.stands_for_party === true;
      node.important = node.important === true || node.stands_for_party;
      byKey.set(key, node);
      nodes.push(node);
    });

    const links = [];
    const computedDegree = new Map();
    const frustrated = new Set((Array.isArray(data.frustrated) ? data.frustrated : []).map(String));
    (Array.isArray(data.links) ? data.links : []).forEach((raw, i) => {
      if (!raw || raw.source === null || raw.source === undefined || raw.target === null || raw.target === undefined) return;
      const sKey = String(typeof raw.source === "object" ? raw.source.id : raw.source);
      const tKey = String(typeof raw.target === "object" ? raw.target.id : raw.target);
      if (!byKey.has(sKey) || !byKey.has(tKey) || sKey === tKey) return; // dangling refs and self-ties cannot be drawn
      const link = Object.assign({}, raw);
      link._key = raw.id === null || raw.id === undefined ? "l" + i : String(raw.id);
      link.source = sKey;
      link.target = tKey;
      link.kind = link.kind ? String(link.kind) : "other";
      link.kind_label = link.kind_label || tieLabels.get(link.kind) || humanise(link.kind);
      link._directed = typeof raw.directed === "boolean" ? raw.directed : DIRECTED_KINDS.has(link.kind);
      link.sign = raw.sign === "negative" || raw.sign === "positive" ? raw.sign : NEGATIVE_KINDS.has(link.kind) ? "negative" : "positive";
      // weight = strength (1-3) x confidence (0.33-1): 1 px for the weakest, 4.5 px for the strongest
      let weight = Number(raw.weight);
      if (!isFinite(weight) || weight <= 0) weight = Number(raw.strength) || 1;
      link._width = +(0.8 + (Math.max(0.3, Math.min(3, weight)) - 0.3) * (2.7 / 2.7)).toFixed(2);
      link._frustrated = frustrated.has(link._key);
      links.push(link);
      computedDegree.set(sKey, (computedDegree.get(sKey) || 0) + 1);
      computedDegree.set(tKey, (computedDegree.get(tKey) || 0) + 1);
    });

    nodes.forEach((n) => {
      if (typeof n.degree !== "number" || !isFinite(n.degree)) n.degree = computedDegree.get(n._key) || 0;
    });

    // Kinds in display order: the server's order first, then anything else present.
    function present(items, pairs, labels) {
      const counts = new Map();
      items.forEach((item) => counts.set(item.kind, (counts.get(item.kind) || 0) + 1));
      const order = [];
      pairs.forEach((pair) => {
        if (counts.has(pair[0])) order.push({ kind: pair[0], label: pair[1], total: counts.get(pair[0]) });
      });
      counts.forEach((total, kind) => {
        if (!labels.has(kind)) {
          const sample = items.find((item) => item.kind === kind);
          order.push({ kind: kind, label: sample.kind_label || humanise(kind), total: total });
        }
      });
      return order;
    }

    return {
      nodes: nodes,
      links: links,
      byKey: byKey,
      actorKinds: present(nodes, actorKinds, actorLabels),
      tieKinds: present(links, tieKinds, tieLabels),
    };
  }

  async function load(src) {
    let response;
    try {
      response = await fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } });
    } catch (err) {
      throw new Error(t("unreachable", "the server could not be reached. Check your connection and reload the page."));
    }
    if (!response.ok) {
      let why = t("answered", "the server answered %(status)s.", { status: response.status + (response.statusText ? " " + response.statusText : "") });
      if (response.status === 401 || response.status === 403) why = t("signed_out", "you may have been signed out, or you lack access to this case. Reload the page.");
      else if (response.status === 404) why = t("not_found", "the map data was not found (404).");
      throw new Error(why);
    }
    try {
      return await response.json();
    } catch (err) {
      throw new Error(t("not_map_data", "the server sent something that is not map data."));
    }
  }

  // ---------------------------------------------------------------- the map

  function symbolPath(shape, r) {
    const d3 = window.d3;
    const type = d3[SYMBOLS[shape] || "symbolCircle"] || d3.symbolCircle;
    return d3.symbol(type, Math.PI * r * r)();
  }

  function swatch(shape) {
    return s("svg", { class: "map-swatch", width: 14, height: 14, viewBox: "-7 -7 14 14", "aria-hidden": "true", focusable: "false" }, [
      s("path", { class: "map-shape", d: symbolPath(shape, 5.2) }),
    ]);
  }

  function tieSample(sign, directed) {
    const style = signStyle(sign);
    const children = [s("line", { x1: 1, y1: 6, x2: directed ? 22 : 29, y2: 6, stroke: style.colour, "stroke-width": 2, "stroke-dasharray": style.dash })];
    if (directed) children.push(s("path", { d: "M21,1.5 L30,6 L21,10.5 Z", fill: style.colour }));
    return s("svg", { class: "map-tie-sample", width: 30, height: 12, viewBox: "0 0 30 12", "aria-hidden": "true", focusable: "false" }, children);
  }

  function render(root, model) {
    const d3 = window.d3;
    const nodes = model.nodes;
    const links = model.links;

    // ---- toolbar: how to colour, find, zoom; the filters and the export fold away
    const key = readKey();
    const shapeOf = (kind) => key.shape.get(kind) || "circle";
    function filterFieldset(legendText, name, kinds, swatchFor) {
      const options = h("div", { className: "map-filter-options" });
      const counts = new Map();
      kinds.forEach((k) => {
        const id = "map-" + name + "-" + safeId(k.kind);
        const count = h("span", { className: "map-count", text: String(k.total) });
        counts.set(k.kind, count);
        const input = h("input", { type: "checkbox", name: name, value: k.kind, id: id, checked: true });
        const label = h("label", { className: "map-check", for: id, "data-kind": k.kind }, [input, swatchFor(k.kind), h("span", { className: "map-check-text", text: k.label }), count]);
        options.appendChild(label);
      });
      const fieldset = h("fieldset", { className: "map-filter map-filter-" + name }, [h("legend", { text: legendText }), options]);
      return { fieldset: fieldset, counts: counts };
    }

    const directedKinds = new Set(links.filter((l) => l._directed).map((l) => l.kind));
    const signOfKind = new Map(links.map((l) => [l.kind, l.sign]));
    const actorFilter = filterFieldset(t("actor_kinds", "Actor kinds"), "actor-kind", model.actorKinds, (kind) => swatch(shapeOf(kind)));
    const tieFilter = filterFieldset(t("tie_kinds", "Tie kinds"), "tie-kind", model.tieKinds, (kind) => tieSample(signOfKind.get(kind), directedKinds.has(kind)));
    if (!model.tieKinds.length) {
      tieFilter.fieldset.querySelector(".map-filter-options").appendChild(h("span", { className: "map-none", text: t("no_ties", "No ties yet.") }));
    }

    let colourMode = root.getAttribute("data-colour") === "camp" ? "camp" : "side";
    const colourInputs = ["side", "camp"].map((mode) =>
      h("input", { type: "radio", name: "map-colour", id: "map-colour-" + mode, value: mode, checked: mode === colourMode })
    );
    const colourChoice = h("div", { className: "map-colour", role: "radiogroup", "aria-labelledby": "map-colour-label" }, [
      h("span", { id: "map-colour-label", className: "map-colour-label", text: t("colour_by", "Colour by") }),
      h("span", { className: "map-segments" }, [
        colourInputs[0],
        h("label", { for: "map-colour-side", text: t("colour_side", "side") }),
        colourInputs[1],
        h("label", { for: "map-colour-camp", text: t("colour_camp", "camp") }),
      ]),
    ]);

    const findInput = h("input", { type: "search", id: "map-find", className: "map-find-input", autocomplete: "off", spellcheck: "false", placeholder: t("find_placeholder", "Name or party"), "aria-describedby": "map-find-status" });
    const findStatus = h("span", { id: "map-find-status", className: "map-find-status", "aria-live": "polite" });
    const find = h("div", { className: "map-find", role: "search", "aria-label": t("find", "Find actor") }, [h("label", { for: "map-find", text: t("find", "Find actor") }), findInput, findStatus]);

    function button(id, text, title) {
      return h("button", { type: "button", id: id, className: "map-btn", title: title, text: text });
    }
    const zoomInBtn = button("map-zoom-in", "+", t("zoom_in", "Zoom in"));
    zoomInBtn.setAttribute("aria-label", t("zoom_in", "Zoom in"));
    const zoomOutBtn = button("map-zoom-out", "\u2212", t("zoom_out", "Zoom out"));
    zoomOutBtn.setAttribute("aria-label", t("zoom_out", "Zoom out"));
    const fitBtn = button("map-fit", t("fit", "Fit"), t("fit_title", "Fit the whole map in view"));
    const svgBtn = button("map-export-svg", t("export_svg", "Export SVG"), t("export_svg_title", "Download the current view as an SVG file"));
    const pngBtn = button("map-export-png", t("export_png", "Export PNG"), t("export_png_title", "Download the current view as a PNG image"));
    const filters = h("details", { className: "map-more map-filters" }, [
      h("summary", { className: "map-btn", text: t("filter", "Filter") }),
      h("div", { className: "map-more-panel" }, [actorFilter.fieldset, tieFilter.fieldset]),
    ]);
    const exporting = h("details", { className: "map-more map-exports" }, [
      h("summary", { className: "map-btn", text: t("export", "Export") }),
      h("div", { className: "map-more-panel", role: "group", "aria-label": t("export", "Export") }, [svgBtn, pngBtn]),
    ]);
    const toolbar = root.querySelector(".map-toolbar") || root.insertBefore(h("div", { className: "map-toolbar" }), root.firstChild);
    clear(toolbar);
    [
      colourChoice,
      find,
      h("div", { className: "map-actions" }, [
        h("div", { className: "map-btn-group", role: "group", "aria-label": t("view", "View") }, [zoomInBtn, zoomOutBtn, fitBtn]),
        filters,
        exporting,
      ]),
    ].forEach((el) => toolbar.appendChild(el));
    // One panel open at a time; Escape or a click elsewhere closes it.
    const panels = [filters, exporting];
    panels.forEach((panel) =>
      panel.addEventListener("toggle", () => {
        if (panel.open) panels.forEach((other) => other !== panel && (other.open = false));
      })
    );
    // (a download's own synthetic click is not the reader's: it leaves the panel open)
    document.addEventListener("click", (event) => event.isTrusted && panels.forEach((panel) => panel.open && !panel.contains(event.target) && (panel.open = false)));
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      panels.forEach((panel) => {
        if (panel.open) {
          panel.open = false;
          panel.querySelector("summary").focus();
        }
      });
    });

    // ---- SVG skeleton. A group, not an image: its actors are links the keyboard reaches
    // (one tab stop; the arrow keys move between actors).
    const svgEl = s("svg", { class: "map-svg", width: "100%", height: "100%", role: "group", "aria-label": t("map", "Actor map"), "aria-describedby": "actor-map-desc" });
    const defs = s("defs");
    svgEl.appendChild(defs);
    new Set(links.filter((l) => l._directed).map((l) => l.sign)).forEach((sign) => {
      defs.appendChild(
        s("marker", { id: markerId(sign), viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" }, [
          s("path", { d: "M0,0 L10,5 L0,10 Z", fill: signStyle(sign).colour }),
        ])
      );
    });
    const viewport = s("g", { class: "map-viewport" });
    const bandLayer = s("g", { class: "map-bands" });
    const linkLayer = s("g", { class: "map-links" });
    const nodeLayer = s("g", { class: "map-nodes", "font-size": LABEL_FONT_PX, "stroke-width": 3 });
    viewport.appendChild(bandLayer);
    viewport.appendChild(linkLayer);
    viewport.appendChild(nodeLayer);
    // Names sit above every actor, so no actor drawn later covers one.
    const labelLayer = s("g", { class: "map-labels", "font-size": LABEL_FONT_PX, "stroke-width": 3, "aria-hidden": "true" });
    viewport.appendChild(labelLayer);
    svgEl.appendChild(viewport);

    const desc = h("p", {
      id: "actor-map-desc",
      className: "map-sr-only",
      text: t("description", "Network map of %(actors)s and %(ties)s. The arrow keys move from actor to actor, Enter opens one.", {
        actors: plural("actors", nodes.length, "%(n)s actor", "%(n)s actors"),
        ties: plural("ties", links.length, "%(n)s tie", "%(n)s ties"),
      }),
    });
    const messages = h("p", { className: "map-message", role: "status", "aria-live": "polite" });
    const canvasWrap = root.querySelector(".map-canvas") || root.appendChild(h("div", { className: "map-canvas" }));
    clear(canvasWrap);
    canvasWrap.appendChild(svgEl);
    canvasWrap.appendChild(desc);
    canvasWrap.appendChild(messages);
    const summary = root.querySelector(".map-summary") || root.appendChild(h("p", { className: "map-summary", "aria-live": "polite" }));

    let width = svgEl.clientWidth || 800;
    let height = svgEl.clientHeight || 560;
    const fontFamily = window.getComputedStyle(svgEl).fontFamily || "sans-serif";

    // ---- derived node/link data
    const maxDegree = d3.max(nodes, (n) => n.degree) || 1;
    // Sizes compare with at least 8 ties, so a tiny map does not get giant circles.
    const radius = d3.scaleSqrt().domain([0, Math.max(8, maxDegree)]).range([R_MIN, R_MAX]).clamp(true);
    const brokerValues = nodes.map((n) => n.broker).filter((b) => b > 0).sort(d3.ascending);
    const brokerTop = brokerValues.length ? d3.quantileSorted(brokerValues, 0.95) : Infinity;
    const narrow = width < 600;
    nodes.forEach((n) => {
      // A party's own actor is never drawn small: it is what the map is about.
      n._r = n.stands_for_party ? Math.max(radius(n.degree), 12) : radius(n.degree);
      n._visible = true;
      n._brokerHigh = n.broker >= 0.1 || (n.broker > 0 && n.broker >= brokerTop);
      // On a narrow map a party's actor is named by its party's short name, and long names
      // are cut (the whole name is in the actor's title and in the list below the map).
      n._label = !narrow ? n.name : n.stands_for_party && n.party ? n.party : n.name.length > 20 ? n.name.slice(0, 18).trim() + "\u2026" : n.name;
      n._lw = textWidth(n._label, LABEL_FONT_PX, fontFamily) * (n.important ? 1.08 : 1);
      n._match = false;
      n._colour = { side: key.side.get(n.party) || key.noneColour, camp: key.camp.get(n.camp) || key.noneColour };
    });
    const neighbours = new Map(nodes.map((n) => [n._key, new Set()]));
    links.forEach((l) => {
      neighbours.get(l.source).add(l.target);
      neighbours.get(l.target).add(l.source);
      l._visible = true;
    });

    // ---- force layout, run to rest before the first paint
    // Stronger pull on y than on x makes the layout as wide as the viewport; actors
    // without ties are held close so they do not stretch the fitted view.
    const aspect = Math.max(0.5, Math.min(2.5, width / height));
    const pull = (n) => (n.degree ? 0.02 : 0.12);
    // Small maps show every label, so give them room.
    const roomy = nodes.length < SMALL_GRAPH ? 1 : 0;
    // A phone's map is drawn tighter, so its actors are not shrunk to dots when it is fitted.
    const space = Math.max(0.35, Math.min(1, Math.sqrt(width * height) / 850));
    const simulation = d3
      .forceSimulation(nodes)
      .force(
        "link",
        d3
          .forceLink(links)
          .id((n) => n._key)
          .distance((l) => (l.sign === "negative" ? 2.2 : 1) * (40 + 50 * roomy) * space + l.source._r + l.target._r)
          // hostile actors are kept at a distance, not pulled together
          .strength((l) => (l.sign === "negative" ? 0.15 : 1) / Math.min(l.source.degree || 1, l.target.degree || 1))
      )
      .force("charge", d3.forceManyBody().strength((n) => (-60 - 120 * roomy - 10 * n._r) * space).distanceMax(450 * space))
      // actors whose name is always shown get room for it
      .force("collide", d3.forceCollide((n) => n._r + 6 + (n.important ? Math.min(n._lw / 3, 45) : 0)).iterations(2))
      .force("center", d3.forceCenter(0, 0))
      // (a wide map is pulled in from top and bottom, a tall one from the sides)
      .force("x", d3.forceX(0).strength((n) => pull(n) * Math.max(1, 1 / (aspect * aspect))))
      .force("y", d3.forceY(0).strength((n) => pull(n) * Math.max(1, aspect * aspect)))
      .stop();
    simulation.tick(PRE_TICKS);

    // ---- draw links (fainter on dense maps so actors and labels stay readable)
    const linkFade = links.length > 250 ? 0.7 : 1;
    // ties that cut across the camps get a band beneath them
    const bandSel = d3
      .select(bandLayer)
      .selectAll("line")
      .data(links.filter((l) => l._frustrated))
      .join("line")
      .attr("class", "map-tie-frustrated")
      .attr("stroke-width", (l) => l._width + 5)
      .attr("vector-effect", "non-scaling-stroke");
    const linkSel = d3
      .select(linkLayer)
      .selectAll("line")
      .data(links)
      .join("line")
      .attr("class", (l) => "link link-" + l.sign + " confidence-" + safeId(l.confidence || "unknown") + (l._directed ? " directed" : "") + (l._frustrated ? " frustrated" : ""))
      .attr("data-tie-id", (l) => (l.id === null || l.id === undefined ? null : l.id))
      .attr("data-kind", (l) => l.kind)
      .attr("data-sign", (l) => l.sign)
      .attr("stroke", (l) => signStyle(l.sign).colour)
      .attr("stroke-width", (l) => l._width)
      .attr("vector-effect", "non-scaling-stroke") // the same on-screen width at any zoom
      .attr("stroke-dasharray", (l) => signStyle(l.sign).dash)
      .attr("opacity", (l) => +((CONFIDENCE_OPACITY[l.confidence] || DEFAULT_LINK_OPACITY) * linkFade).toFixed(2))
      .attr("marker-end", (l) => (l._directed ? "url(#" + markerId(l.sign) + ")" : null));
    linkSel
      .append("title")
      .text((l) => l.source.name + " \u2192 " + l.target.name + ": " + l.kind_label + (l._frustrated ? " (" + t("cuts_across", "cuts across the camps") + ")" : ""));

    // ---- draw nodes: colour by side or camp, shape by kind; one tab stop for them all
    const tabOrder = nodes.slice().sort((a, b) => (b.stands_for_party ? 1 : 0) - (a.stands_for_party ? 1 : 0) || (b.important ? 1 : 0) - (a.important ? 1 : 0) || b.degree - a.degree || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    tabOrder.forEach((n, i) => (n._tab = i));
    function nodeLabel(n) {
      const values = { name: n.name, kind: n.kind_label, side: n.party, ties: plural("ties", n.degree, "%(n)s tie", "%(n)s ties") };
      const text = n.party ? t("node_side", "%(name)s (%(kind)s, %(side)s), %(ties)s", values) : t("node", "%(name)s (%(kind)s), %(ties)s", values);
      return n.spoiler ? text + ", " + t("potential_spoiler", "potential spoiler") : text;
    }
    const nodeSel = d3
      .select(nodeLayer)
      .selectAll("g")
      .data(nodes)
      .join("g")
      .attr("class", (n) => "node" + (n.spoiler ? " spoiler" : "") + (n.isolated ? " isolated" : "") + (n.important ? " important" : "") + (n.stands_for_party ? " party" : ""))
      .attr("data-actor-id", (n) => n.id)
      .attr("data-kind", (n) => n.kind)
      .attr("data-side", (n) => n.party || null)
      .attr("tabindex", (n) => (n._tab === 0 ? 0 : -1))
      .attr("role", "link")
      .attr("aria-label", nodeLabel);
    nodeSel.append("title").text((n) => n.name + " (" + n.kind_label + (n.party ? ", " + n.party : "") + ")");
    nodeSel
      .append("path")
      .attr("class", (n) => "node-dot " + n._colour[colourMode])
      .attr("d", (n) => symbolPath(shapeOf(n.kind), n._r))
      .attr("stroke", NODE_STROKE)
      .attr("stroke-width", (n) => (n.spoiler ? 3.5 : 1.25));
    // Focus / search ring
    nodeSel
      .append("path")
      .attr("class", "node-ring")
      .attr("d", (n) => {
        const r = n._r + 4;
        return "M" + -r + ",0a" + r + "," + r + " 0 1,0 " + 2 * r + ",0a" + r + "," + r + " 0 1,0 " + -2 * r + ",0Z";
      })
      .attr("fill", "none")
      .attr("stroke", "none")
      .attr("pointer-events", "none");
    const labelSel = d3
      .select(labelLayer)
      .selectAll("text")
      .data(nodes)
      .join("text")
      .attr("class", (n) => "node-label" + (n.important ? " important" : "") + (n.stands_for_party ? " party" : ""))
      .attr("data-actor-id", (n) => n.id)
      .attr("x", (n) => n._r + LABEL_GAP)
      .attr("dy", "0.35em")
      .attr("fill", "#1c2430")
      .attr("stroke", "#ffffff")
      .attr("stroke-linejoin", "round")
      .attr("paint-order", "stroke")
      .attr("pointer-events", "none")
      .text((n) => n._label);

    function setColourMode(mode) {
      colourMode = mode;
      root.setAttribute("data-colour", mode);
      nodeSel.select(".node-dot").attr("class", (n) => "node-dot " + n._colour[mode]);
      document.querySelectorAll("[data-map-key=side], [data-map-key=camp]").forEach((block) => {
        block.hidden = block.getAttribute("data-map-key") !== mode;
      });
    }
    colourInputs.forEach((input) => input.addEventListener("change", () => input.checked && setColourMode(input.value)));
    setColourMode(colourMode);

    function positionAll() {
      nodeSel.attr("transform", (n) => "translate(" + n.x + "," + n.y + ")");
      labelSel.attr("transform", (n) => "translate(" + n.x + "," + n.y + ")");
      linkSel.each(function (l) {
        const a = l.source;
        const b = l.target;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const dist = Math.sqrt(dx * dx + dy * dy) || 1;
        const ux = dx / dist;
        const uy = dy / dist;
        const end = b._r + (l._directed ? 1.5 : 0);
        this.setAttribute("x1", a.x + ux * a._r);
        this.setAttribute("y1", a.y + uy * a._r);
        this.setAttribute("x2", b.x - ux * end);
        this.setAttribute("y2", b.y - uy * end);
      });
      bandSel.each(function (l) {
        this.setAttribute("x1", l.source.x);
        this.setAttribute("y1", l.source.y);
        this.setAttribute("x2", l.target.x);
        this.setAttribute("y2", l.target.y);
      });
    }
    positionAll();

    // ---- zoom
    let transform = d3.zoomIdentity;
    const zoom = d3
      .zoom()
      .scaleExtent([0.08, 8])
      .on("zoom", (event) => {
        transform = event.transform;
        viewport.setAttribute("transform", transform.toString());
        // Labels and their halo keep a constant on-screen size.
        labelLayer.setAttribute("font-size", LABEL_FONT_PX / transform.k);
        labelLayer.setAttribute("stroke-width", 3 / transform.k);
        scheduleLabels();
      });
    const svgSel = d3.select(svgEl).call(zoom);

    function visibleNodes() {
      return nodes.filter((n) => n._visible);
    }

    function fitTo(list, animate) {
      width = svgEl.clientWidth || width;
      height = svgEl.clientHeight || height;
      if (!list.length) return;
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      list.forEach((n) => {
        x0 = Math.min(x0, n.x - n._r);
        y0 = Math.min(y0, n.y - n._r);
        x1 = Math.max(x1, n.x + n._r + (n.important || list.length < SMALL_GRAPH ? n._lw : 0));
        y1 = Math.max(y1, n.y + n._r);
      });
      const pad = 28;
      const k = Math.max(0.08, Math.min(FIT_MAX_SCALE, (width - 2 * pad) / Math.max(1, x1 - x0), (height - 2 * pad) / Math.max(1, y1 - y0)));
      const t = d3.zoomIdentity.translate(width / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2).scale(k);
      if (animate && !reducedMotion) svgSel.transition().duration(450).call(zoom.transform, t);
      else svgSel.call(zoom.transform, t);
    }

    // ---- labels: the important ones in overview, all when zoomed in; no overlaps on big maps
    let labelFrame = 0;
    function scheduleLabels() {
      if (!labelFrame) labelFrame = window.requestAnimationFrame(updateLabels);
    }
    // Every party's actor and every actor that matters keeps its name on the map; the others
    // show theirs on hover or focus, as search matches, or when zoomed in and there is room.
    // Each label takes the first free place of four around its actor.
    const PLACES = ["right", "left", "below", "above"];
    function updateLabels() {
      labelFrame = 0;
      const k = transform.k;
      const visible = visibleNodes();
      const zoomedIn = k > ZOOM_ALL_LABELS || visible.length < 12;
      const must = (n) => n.important || n._match;
      const candidates = visible.filter((n) => zoomedIn || must(n));
      const rankOf = (n) => (n.stands_for_party ? 8 : 0) + (n._match ? 4 : 0) + (n.important ? 2 : 0);
      candidates.sort((a, b) => rankOf(b) - rankOf(a) || b.degree - a.degree || b.broker - a.broker);
      const on = new Map();
      const cell = 64;
      const grid = new Map();
      const boxes = []; // [x0, y0, x1, y1, owner] in screen pixels
      function cellsOf(box, fn) {
        for (let cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
          for (let cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell); cy++) fn(cx + ":" + cy);
        }
      }
      function occupy(box) {
        const index = boxes.push(box) - 1;
        cellsOf(box, (cellKey) => {
          if (!grid.has(cellKey)) grid.set(cellKey, []);
          grid.get(cellKey).push(index);
        });
      }
      function overlaps(box, owner) {
        let hits = 0;
        cellsOf(box, (cellKey) => {
          (grid.get(cellKey) || []).forEach((i) => {
            const o = boxes[i];
            if (o[4] !== owner && o[0] < box[2] && o[2] > box[0] && o[1] < box[3] && o[3] > box[1]) hits++;
          });
        });
        return hits;
      }
      function offScreen(box) {
        return box[2] < 0 || box[0] > width || box[3] < 0 || box[1] > height;
      }
      // Actors are obstacles: a label may not run across another actor.
      visible.forEach((n) => {
        const sx = transform.x + n.x * k;
        const sy = transform.y + n.y * k;
        const r = Math.max(3, n._r * k * 0.9);
        const box = [sx - r, sy - r, sx + r, sy + r, n];
        if (!offScreen(box)) occupy(box);
      });
      const half = LABEL_FONT_PX * 0.62;
      function boxAt(n, place) {
        const sx = transform.x + n.x * k;
        const sy = transform.y + n.y * k;
        const gap = n._r * k + LABEL_GAP;
        const w = n._lw;
        if (place === "right") return [sx + gap - 1, sy - half, sx + gap + w + 1, sy + half, n];
        if (place === "left") return [sx - gap - w - 1, sy - half, sx - gap + 1, sy + half, n];
        if (place === "below") return [sx - w / 2 - 1, sy + gap, sx + w / 2 + 1, sy + gap + 2 * half, n];
        return [sx - w / 2 - 1, sy - gap - 2 * half, sx + w / 2 + 1, sy - gap, n];
      }
      candidates.forEach((n) => {
        let best = null;
        let fewest = Infinity;
        for (const place of PLACES) {
          const box = boxAt(n, place);
          if (offScreen(box)) {
            if (!best) best = { place: place, box: null };
            continue;
          }
          const cut = box[0] < 2 || box[2] > width - 2 || box[1] < 2 || box[3] > height - 2;
          const hits = overlaps(box, n) + (cut ? 3 : 0);
          if (hits < fewest) {
            fewest = hits;
            best = { place: place, box: box };
          }
          if (!hits) break;
        }
        if (!best || (fewest > 0 && fewest !== Infinity && !must(n))) return;
        if (best.box) occupy(best.box);
        on.set(n, best.place);
      });
      nodeSel.classed("label-on", (n) => on.has(n));
      const gapOf = (n) => n._r + LABEL_GAP / k;
      labelSel
        .classed("label-on", (n) => on.has(n))
        .attr("text-anchor", (n) => ({ left: "end", below: "middle", above: "middle" })[on.get(n)] || "start")
        .attr("x", (n) => ({ right: gapOf(n), left: -gapOf(n) })[on.get(n) || "right"] || 0)
        .attr("y", (n) => ({ below: gapOf(n) + half / k, above: -gapOf(n) - half / k })[on.get(n)] || 0);
    }

    // ---- hover / focus highlighting of a node's neighbourhood
    let hovered = null;
    let focused = null;
    let lit = null;
    function highlight(node) {
      if (node && !node._visible) node = null;
      if (lit === node) return;
      lit = node;
      if (!node) {
        svgEl.classList.remove("map-highlighting");
        nodeSel.classed("is-lit", false).classed("is-hovered", false);
        labelSel.classed("is-lit", false).classed("is-hovered", false);
        linkSel.classed("is-lit", false);
        return;
      }
      const near = neighbours.get(node._key);
      nodeSel.classed("is-lit", (n) => n === node || near.has(n._key)).classed("is-hovered", (n) => n === node);
      labelSel.classed("is-lit", (n) => n === node || near.has(n._key)).classed("is-hovered", (n) => n === node);
      linkSel.classed("is-lit", (l) => l.source === node || l.target === node);
      svgEl.classList.add("map-highlighting");
    }
    let dragging = false;
    function refreshHighlight() {
      if (!dragging) highlight(hovered || focused);
    }

    // ---- node interaction: drag pins, double-click unpins, click / Enter opens
    let suppressClickUntil = 0;
    let openTimer = 0;
    function open(node, newTab) {
      if (!node.url) return;
      if (newTab) window.open(node.url, "_blank", "noopener");
      else window.location.assign(node.url);
    }
    function setPinned(gEl, node, pinned) {
      if (!pinned) {
        node.fx = null;
        node.fy = null;
      }
      gEl.classList.toggle("is-pinned", pinned);
      const pinnedSuffix = ", " + t("pinned", "pinned");
      const label = gEl.getAttribute("aria-label");
      const unpinned = label.endsWith(pinnedSuffix) ? label.slice(0, -pinnedSuffix.length) : label;
      gEl.setAttribute("aria-label", unpinned + (pinned ? pinnedSuffix : ""));
    }

    const drag = d3
      .drag()
      .clickDistance(4)
      .on("start", (event, n) => {
        n._moved = false;
      })
      .on("drag", function (event, n) {
        if (!n._moved) {
          n._moved = true;
          dragging = true;
          setPinned(this, n, true);
          simulation.alphaTarget(0.06).restart();
        }
        n.fx = event.x;
        n.fy = event.y;
      })
      .on("end", (event, n) => {
        if (!n._moved) return;
        dragging = false;
        simulation.alphaTarget(0);
        suppressClickUntil = Date.now() + 300;
        refreshHighlight();
      });

    simulation.on("tick", () => {
      positionAll();
      scheduleLabels();
    });

    nodeSel
      .call(drag)
      .on("mouseenter", (event, n) => {
        hovered = n;
        refreshHighlight();
      })
      .on("mouseleave", (event, n) => {
        if (hovered === n) hovered = null;
        refreshHighlight();
      })
      .on("focus", function (event, n) {
        let keyboard = true;
        try {
          keyboard = this.matches(":focus-visible");
        } catch (err) {
          /* older browsers: treat as keyboard focus */
        }
        if (!keyboard) return;
        focused = n;
        refreshHighlight();
        // Bring a keyboard-focused actor into view.
        const sx = transform.x + n.x * transform.k;
        const sy = transform.y + n.y * transform.k;
        if (sx < 20 || sy < 20 || sx > width - 20 || sy > height - 20) {
          if (reducedMotion) svgSel.call(zoom.translateTo, n.x, n.y);
          else svgSel.transition().duration(300).call(zoom.translateTo, n.x, n.y);
        }
      })
      .on("blur", (event, n) => {
        if (focused === n) focused = null;
        refreshHighlight();
      })
      .on("click", function (event, n) {
        if (event.defaultPrevented || Date.now() < suppressClickUntil) return;
        if (event.detail > 1) return; // second click of a double-click
        const newTab = event.ctrlKey || event.metaKey || event.shiftKey;
        if (n.fx !== null && n.fx !== undefined && !newTab) {
          // Pinned: wait briefly so a double-click can unpin instead of opening.
          clearTimeout(openTimer);
          openTimer = setTimeout(() => open(n, false), 260);
        } else {
          open(n, newTab);
        }
      })
      .on("dblclick", function (event, n) {
        event.preventDefault();
        event.stopPropagation(); // no zoom on double-click of an actor
        clearTimeout(openTimer);
        if (n.fx !== null && n.fx !== undefined) {
          setPinned(this, n, false);
          simulation.alpha(Math.max(simulation.alpha(), 0.08)).restart();
        }
      })
      .on("keydown", (event, n) => {
        if (event.key === "Enter") {
          event.preventDefault();
          open(n, event.ctrlKey || event.metaKey);
          return;
        }
        // Arrow keys walk the actors (parties and the actors that matter first), Home and
        // End jump to the first and the last; Tab leaves the map.
        const order = tabOrder.filter((m) => m._visible);
        const at = order.indexOf(n);
        let next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = order[(at + 1) % order.length];
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = order[(at - 1 + order.length) % order.length];
        else if (event.key === "Home") next = order[0];
        else if (event.key === "End") next = order[order.length - 1];
        if (!next) return;
        event.preventDefault();
        focusNode(next);
      });

    function focusNode(n) {
      nodeSel.attr("tabindex", (m) => (m === n ? 0 : -1));
      const el = nodeSel.filter((m) => m === n).node();
      if (el) el.focus();
    }

    // ---- filters
    const actorInputs = Array.from(toolbar.querySelectorAll("input[name=actor-kind]"));
    const tieInputs = Array.from(toolbar.querySelectorAll("input[name=tie-kind]"));

    function applyFilters() {
      const actorOn = new Set(actorInputs.filter((i) => i.checked).map((i) => i.value));
      const tieOn = new Set(tieInputs.filter((i) => i.checked).map((i) => i.value));
      nodes.forEach((n) => {
        n._visible = actorOn.has(n.kind);
      });
      links.forEach((l) => {
        l._visible = tieOn.has(l.kind) && l.source._visible && l.target._visible;
      });
      nodeSel.style("display", (n) => (n._visible ? null : "none"));
      labelSel.classed("is-off", (n) => !n._visible);
      linkSel.style("display", (l) => (l._visible ? null : "none"));
      bandSel.style("display", (l) => (l._visible ? null : "none"));
      // the map's one tab stop stays on an actor that is shown
      const stop = nodes.find((n) => n._visible && nodeSel.filter((m) => m === n).attr("tabindex") === "0");
      if (!stop) {
        const first = tabOrder.find((n) => n._visible);
        nodeSel.attr("tabindex", (n) => (n === first ? 0 : -1));
      }
      updateCounts();
      if (lit && !lit._visible) {
        hovered = null;
        focused = null;
      }
      highlight(null);
      refreshHighlight();
      runSearch(false);
      scheduleLabels();
    }

    function setCount(el, shown, total) {
      el.textContent = shown === total ? String(total) : shown + "/" + total;
      el.title = t("count_title", "%(shown)s of %(total)s shown", { shown: shown, total: total });
      el.parentNode.classList.toggle("is-off", !el.parentNode.querySelector("input").checked);
    }

    function updateCounts() {
      const shownActors = d3.rollup(nodes.filter((n) => n._visible), (v) => v.length, (n) => n.kind);
      const shownTies = d3.rollup(links.filter((l) => l._visible), (v) => v.length, (l) => l.kind);
      model.actorKinds.forEach((k) => setCount(actorFilter.counts.get(k.kind), shownActors.get(k.kind) || 0, k.total));
      model.tieKinds.forEach((k) => setCount(tieFilter.counts.get(k.kind), shownTies.get(k.kind) || 0, k.total));
      const na = nodes.filter((n) => n._visible).length;
      const nl = links.filter((l) => l._visible).length;
      summary.textContent =
        t("showing", "Showing %(shown_actors)s of %(actors)s and %(shown_ties)s of %(ties)s.", {
          shown_actors: na,
          actors: plural("actors", nodes.length, "%(n)s actor", "%(n)s actors"),
          shown_ties: nl,
          ties: plural("ties", links.length, "%(n)s tie", "%(n)s ties"),
        }) +
        (nodes.some((n) => n.spoiler)
          ? " " + plural("spoilers_shown", nodes.filter((n) => n.spoiler && n._visible).length, "%(n)s potential spoiler shown.", "%(n)s potential spoilers shown.")
          : "");
    }

    actorInputs.concat(tieInputs).forEach((input) => input.addEventListener("change", applyFilters));

    // ---- search
    let matches = [];
    function runSearch(announce) {
      const query = fold(findInput.value.trim());
      matches = [];
      nodes.forEach((n) => {
        n._match = !!query && n._visible && (fold(n.name).indexOf(query) !== -1 || (!!n.party && fold(n.party).indexOf(query) !== -1));
        if (n._match) matches.push(n);
      });
      nodeSel.classed("is-match", (n) => n._match);
      labelSel.classed("is-match", (n) => n._match);
      svgEl.classList.toggle("map-searching", !!query);
      if (!query) findStatus.textContent = "";
      else if (!matches.length) findStatus.textContent = t("no_match", "No match");
      else {
        const found = plural("matches", matches.length, "%(n)s match", "%(n)s matches");
        findStatus.textContent = announce === "enter" ? found : t("enter_to_zoom", "%(matches)s \u2014 Enter to zoom", { matches: found });
      }
      scheduleLabels();
    }
    findInput.addEventListener("input", () => runSearch(true));
    findInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        runSearch("enter");
        if (matches.length) fitTo(matches, true);
      } else if (event.key === "Escape" && findInput.value) {
        event.preventDefault();
        findInput.value = "";
        runSearch(true);
      }
    });

    // ---- buttons
    fitBtn.addEventListener("click", () => fitTo(visibleNodes(), true));
    zoomInBtn.addEventListener("click", () => (reducedMotion ? svgSel : svgSel.transition().duration(250)).call(zoom.scaleBy, 1.4));
    zoomOutBtn.addEventListener("click", () => (reducedMotion ? svgSel : svgSel.transition().duration(250)).call(zoom.scaleBy, 1 / 1.4));

    function say(text, isError) {
      messages.textContent = text;
      messages.classList.toggle("is-error", !!isError);
    }

    // ---- export
    const STYLE_PROPS = {
      shape: ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity"],
      text: ["fill", "stroke", "stroke-width", "stroke-linejoin", "paint-order", "opacity", "font-family", "font-size", "font-weight", "font-style"],
      group: ["opacity"],
    };
    const DEFAULTS = {
      opacity: "1", "fill-opacity": "1", "stroke-opacity": "1", "stroke-dasharray": "none", "stroke-linecap": "butt",
      "stroke-linejoin": "miter", "font-style": "normal", "paint-order": "normal",
    };

    function exportLegend(y0, w) {
      const g = s("g", { class: "map-export-legend", "font-family": fontFamily, "font-size": 12, fill: "#1c2430" });
      const pad = 16;
      let x = pad;
      let y = y0 + 22;
      const rowH = 20;
      function place(itemW) {
        if (x + itemW > w - pad && x > pad) {
          x = pad;
          y += rowH;
        }
        const at = x;
        x += itemW + 18;
        return at;
      }
      function heading(text) {
        if (x > pad) {
          x = pad;
          y += rowH + 4;
        }
        g.appendChild(s("text", { x: pad, y: y + 4, "font-weight": 600, text: text }));
        y += rowH;
      }
      // The page's key as it stands (the colour of the current mode), drawn in the file.
      document.querySelectorAll(".map-legend .map-legend-block").forEach((block) => {
        if (block.hidden) return;
        const title = block.querySelector(".map-legend-title");
        heading(title ? title.textContent : "");
        block.querySelectorAll(".map-legend-list > li").forEach((li) => {
          const label = li.textContent.replace(/\s+/g, " ").trim();
          const sample = li.querySelector("svg");
          const sw = sample ? Number(sample.getAttribute("width")) || 16 : 0;
          const at = place((sw ? sw + 6 : 0) + textWidth(label, 12, fontFamily));
          if (sample) {
            const box = (sample.getAttribute("viewBox") || "0 0 16 16").split(/\s+/).map(Number);
            const copy = s("g", { transform: "translate(" + (at - box[0]) + "," + (y - box[3] / 2 - box[1]) + ")" });
            Array.from(sample.children).forEach((child) => {
              const part = child.cloneNode(true);
              const cs = window.getComputedStyle(child);
              ["fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity"].forEach((prop) => part.style.setProperty(prop, cs.getPropertyValue(prop)));
              part.removeAttribute("class");
              copy.appendChild(part);
            });
            g.appendChild(copy);
          }
          g.appendChild(s("text", { x: at + (sw ? sw + 6 : 0), y: y + 4, text: label }));
        });
      });
      y += 16;
      g.appendChild(s("text", { x: pad, y: y + 4, fill: "#5b6778", "font-size": 11, text: t("export_title", "Peacetrack actor map \u00b7 %(summary)s", { summary: summary.textContent }) }));
      y += 14;
      return { g: g, height: y - y0 };
    }

    function buildExportSvg(scale) {
      const w = Math.round(svgEl.clientWidth || width);
      const hgt = Math.round(svgEl.clientHeight || height);
      const clone = svgEl.cloneNode(true);
      const liveAll = svgEl.querySelectorAll("*");
      const cloneAll = clone.querySelectorAll("*");
      const drop = [];
      for (let i = 0; i < liveAll.length; i++) {
        const live = liveAll[i];
        const copy = cloneAll[i];
        const tag = live.tagName.toLowerCase();
        if (tag === "title" || tag === "defs" || tag === "marker") continue;
        const cs = window.getComputedStyle(live);
        if (cs.display === "none" || cs.visibility === "hidden") {
          drop.push(copy);
          continue;
        }
        const props = tag === "text" ? STYLE_PROPS.text : tag === "g" ? STYLE_PROPS.group : STYLE_PROPS.shape;
        props.forEach((prop) => {
          if (prop === "fill" && tag === "line") return;
          const value = cs.getPropertyValue(prop);
          if (value && value !== DEFAULTS[prop]) copy.style.setProperty(prop, value);
        });
        copy.removeAttribute("tabindex");
      }
      drop.forEach((el) => el.remove());
      // Standalone files scale the whole drawing, so turn screen-pixel strokes back
      // into drawing units for the current zoom.
      Array.from(clone.querySelectorAll("[vector-effect]")).forEach((el) => {
        el.removeAttribute("vector-effect");
        const sw = parseFloat(el.style.getPropertyValue("stroke-width") || el.getAttribute("stroke-width"));
        if (isFinite(sw)) el.style.setProperty("stroke-width", +(sw / transform.k).toFixed(3) + "px");
        const dash = el.style.getPropertyValue("stroke-dasharray");
        if (dash && dash !== "none") {
          el.style.setProperty("stroke-dasharray", dash.split(/[\s,]+/).filter(Boolean).map((v) => +(parseFloat(v) / transform.k).toFixed(3) + "px").join(", "));
        }
      });
      clone.removeAttribute("style");
      clone.removeAttribute("aria-describedby");
      clone.setAttributeNS(XMLNS_NS, "xmlns", SVG_NS);
      const legendPart = exportLegend(hgt, w);
      const totalH = hgt + legendPart.height;
      clone.setAttribute("width", w * scale);
      clone.setAttribute("height", totalH * scale);
      clone.setAttribute("viewBox", "0 0 " + w + " " + totalH);
      clone.style.setProperty("font-family", fontFamily);
      clone.style.setProperty("background", "#ffffff");
      const background = s("rect", { x: 0, y: 0, width: w, height: totalH, fill: "#ffffff" });
      const frame = s("rect", { x: 0.5, y: 0.5, width: w - 1, height: hgt - 1, fill: "none", stroke: "#dde3ea" });
      clone.insertBefore(background, clone.firstChild);
      clone.insertBefore(frame, background.nextSibling);
      // Keep the map inside its frame, and the legend below it.
      const clipId = "actor-map-export-clip";
      const clipDefs = clone.querySelector("defs") || clone.insertBefore(s("defs"), background);
      clipDefs.appendChild(s("clipPath", { id: clipId }, [s("rect", { x: 0, y: 0, width: w, height: hgt })]));
      const vp = clone.querySelector(".map-viewport");
      const clipped = s("g", { "clip-path": "url(#" + clipId + ")" });
      vp.parentNode.insertBefore(clipped, vp);
      clipped.appendChild(vp);
      clone.appendChild(legendPart.g);
      const text = '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
      return { text: text, width: w * scale, height: totalH * scale };
    }

    svgBtn.addEventListener("click", () => {
      try {
        const out = buildExportSvg(1);
        downloadBlob(new Blob([out.text], { type: "image/svg+xml;charset=utf-8" }), "actor-map.svg");
        say(t("saved", "Saved %(file)s.", { file: "actor-map.svg" }));
      } catch (err) {
        say(t("svg_failed", "Could not export the SVG: %(error)s", { error: err.message }), true);
      }
    });

    pngBtn.addEventListener("click", () => {
      let url = null;
      pngBtn.disabled = true;
      new Promise((resolve, reject) => {
        const out = buildExportSvg(2);
        url = URL.createObjectURL(new Blob([out.text], { type: "image/svg+xml;charset=utf-8" }));
        const img = new Image();
        img.onload = () => {
          const canvas = document.createElement("canvas");
          canvas.width = Math.round(out.width);
          canvas.height = Math.round(out.height);
          const ctx = canvas.getContext("2d");
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
          canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(t("no_image", "the browser could not create the image.")))), "image/png");
        };
        img.onerror = () => reject(new Error(t("not_drawn", "the browser could not draw the map.")));
        img.src = url;
      })
        .then((blob) => {
          downloadBlob(blob, "actor-map.png");
          say(t("saved", "Saved %(file)s.", { file: "actor-map.png" }));
        })
        .catch((err) => say(t("png_failed", "Could not export the PNG: %(error)s", { error: err.message }), true))
        .then(() => {
          if (url) URL.revokeObjectURL(url);
          pngBtn.disabled = false;
        });
    });

    // ---- size changes (window resize, a collapsed panel opening)
    let fitted = svgEl.clientWidth > 0;
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(() => {
        width = svgEl.clientWidth || width;
        height = svgEl.clientHeight || height;
        if (!fitted && svgEl.clientWidth > 0) {
          fitted = true;
          fitTo(visibleNodes(), false);
        }
        scheduleLabels();
      }).observe(svgEl);
    }

    updateCounts();
    fitTo(nodes, false);
    updateLabels();

    return { simulation: simulation, fit: () => fitTo(visibleNodes(), true), zoom: zoom };
  }

  // ---------------------------------------------------------------- boot

  // Messages go inside the map's box, which keeps its size: nothing below it moves.
  function showMessage(root, className, text, role) {
    const canvas = root.querySelector(".map-canvas") || root;
    clear(canvas);
    canvas.appendChild(h("p", { className: className, role: role, text: text }));
  }

  function init() {
    const root = document.getElementById("actor-map");
    if (!root || root.getAttribute("data-ready") || root.getAttribute("data-loading")) return;
    root.setAttribute("data-loading", "true");
    root.setAttribute("aria-busy", "true");
    const done = (state) => {
      root.removeAttribute("data-loading");
      root.removeAttribute("aria-busy");
      root.setAttribute("data-ready", state);
    };
    const fail = (text) => {
      showMessage(root, "map-error", t("load_failed", "Could not load the actor map: %(error)s", { error: text }), "alert");
      done("error");
    };
    if (!window.d3 || typeof window.d3.forceSimulation !== "function") {
      fail(t("no_d3", "the map library (d3) did not load."));
      return;
    }
    const src = root.getAttribute("data-src");
    if (!src) {
      fail(t("no_src", "the page does not say where the map data is."));
      return;
    }
    if (!root.querySelector(".map-loading")) showMessage(root, "map-loading", t("loading", "Loading the actor map\u2026"), "status");

    load(src)
      .then((data) => {
        const model = normalise(data);
        if (!model.nodes.length) {
          showMessage(root, "map-empty", EMPTY_MESSAGE, "status");
          window.peacetrackActorMap = { nodes: [], links: [] };
          done("true");
          return;
        }
        let api;
        try {
          api = render(root, model);
        } catch (err) {
          if (window.console) console.error("Actor map:", err); // a bug, not a data problem
          throw new Error(t("draw_failed", "the map could not be drawn."));
        }
        window.peacetrackActorMap = { nodes: model.nodes, links: model.links, simulation: api.simulation, fit: api.fit };
        done("true");
      })
      .catch((err) => fail(err && err.message ? err.message : "unknown error."));
  }

  // While the analysis is being recomputed the page shows the last one (_map_state.html): ask
  // the server now and then whether the new one is ready, then say so beside the Refresh link.
  const STATE_EVERY_MS = 5000;
  function watchState() {
    const notice = document.querySelector(".map-state-busy[data-state-src]");
    if (!notice) return;
    const ask = () =>
      fetch(notice.getAttribute("data-state-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : { recomputing: true }))
        .then((state) => {
          if (state.recomputing) {
            setTimeout(ask, STATE_EVERY_MS);
            return;
          }
          const ready = notice.querySelector(".map-state-ready");
          if (ready) ready.hidden = false;
          notice.setAttribute("data-ready", "true");
        })
        .catch(() => setTimeout(ask, STATE_EVERY_MS * 3));
    setTimeout(ask, STATE_EVERY_MS);
  }

  function boot() {
    init();
    watchState();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
