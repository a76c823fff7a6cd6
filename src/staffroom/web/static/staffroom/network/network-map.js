/* Connection map: draws the map's JSON as an SVG laid out by d3-force.
 *
 * Progressive enhancement: the page's tables hold the same people and connections, and
 * work without this script. Every person is a focusable SVG element (Tab, in the order
 * of the table) with an accessible name; focusing one lists their connections in
 * #node-details and highlights them; Enter or Space keeps the highlight, Escape clears
 * it. The layout is computed before drawing (no animation), so nothing moves.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var TYPE_DASH = {
    advice: "",
    major_project: "",
    social: "6 3",
    phone_numbers: "2 3",
    worked_together_before: "8 3 2 3",
    sit_together: "1 4",
    gathering: "4 4",
  };

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function text(tag, content, className) {
    var node = document.createElement(tag);
    node.textContent = content;
    if (className) node.className = className;
    return node;
  }

  function layout(data, width, height) {
    var nodes = data.nodes.map(function (n) {
      return Object.assign({}, n);
    });
    var links = data.links.map(function (l) {
      return Object.assign({}, l);
    });
    var simulation = d3
      .forceSimulation(nodes)
      .force(
        "link",
        d3
          .forceLink(links)
          .id(function (d) {
            return d.id;
          })
          .distance(36)
          .strength(0.4)
      )
      .force("charge", d3.forceManyBody().strength(-45))
      .force("x", d3.forceX(width / 2).strength(0.06))
      .force("y", d3.forceY(height / 2).strength(0.06))
      .force("collide", d3.forceCollide(10))
      .stop();
    for (var i = 0; i < 300; i += 1) simulation.tick();
    // fit the drawing to the box (small maps are enlarged up to three times)
    var pad = 18;
    var xs = nodes.map(function (n) { return n.x; });
    var ys = nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var scale = Math.min(
      3,
      (width - 2 * pad) / Math.max(1, x1 - x0),
      (height - 2 * pad) / Math.max(1, y1 - y0)
    );
    var dx = (width - scale * (x1 - x0)) / 2, dy = (height - scale * (y1 - y0)) / 2;
    nodes.forEach(function (n) {
      n.x = dx + scale * (n.x - x0);
      n.y = dy + scale * (n.y - y0);
    });
    return { nodes: nodes, links: links };
  }

  function describe(node, data, neighbours) {
    var parts = [node.label];
    if (node.group) parts.push(node.group);
    var count = neighbours.length;
    parts.push(count === 1 ? "1 connection" : count + " connections");
    return parts.join(", ");
  }

  function showDetails(panel, node, neighbours, data) {
    panel.textContent = "";
    panel.appendChild(text("h3", node.label, "details-name"));
    var facts = document.createElement("ul");
    facts.className = "details-facts";
    if (node.group) facts.appendChild(text("li", "Colour group: " + node.group));
    if (node.values) {
      facts.appendChild(text("li", "Role: " + node.values.role));
      facts.appendChild(text("li", "Grade band: " + node.values.grade_band));
      facts.appendChild(text("li", "Years since hire: " + node.values.hire_band));
    }
    if (node.measures) {
      facts.appendChild(text("li", "Betweenness: " + node.measures.betweenness));
      facts.appendChild(text("li", "Community: " + node.measures.community));
      if (node.measures.broker) facts.appendChild(text("li", "Bridges groups"));
    }
    panel.appendChild(facts);
    var labels = {};
    data.types.forEach(function (t) {
      labels[t.id] = t.label;
    });
    if (!neighbours.length) {
      panel.appendChild(text("p", "No connections of the kinds shown."));
      return;
    }
    panel.appendChild(
      text("p", neighbours.length === 1 ? "1 connection:" : neighbours.length + " connections:")
    );
    var list = document.createElement("ul");
    list.className = "details-ties";
    neighbours.forEach(function (n) {
      var arrow = n.directed ? (n.outgoing ? " (goes to them)" : " (comes to them)") : "";
      list.appendChild(text("li", n.other.label + ": " + labels[n.type] + arrow));
    });
    panel.appendChild(list);
  }

  function render(container, data) {
    var panel = document.getElementById("node-details");
    container.textContent = "";
    if (!data.nodes.length) {
      container.appendChild(text("p", "No one to show."));
      container.setAttribute("data-ready", "true");
      return;
    }
    var width = Math.max(320, container.clientWidth || 640);
    var height = Math.round(Math.max(320, Math.min(620, width * 0.72)));
    var laid = layout(data, width, height);
    var byId = {};
    laid.nodes.forEach(function (n) {
      byId[n.id] = { node: n, ties: [] };
    });
    laid.links.forEach(function (l) {
      byId[l.source.id].ties.push({ other: l.target, type: l.type, directed: l.directed, outgoing: true, link: l });
      byId[l.target.id].ties.push({ other: l.source, type: l.type, directed: l.directed, outgoing: false, link: l });
    });

    var svg = el("svg", {
      viewBox: "0 0 " + width + " " + height,
      width: "100%",
      role: "group",
      "aria-labelledby": "map-heading",
      "aria-describedby": "map-help",
      class: "map-svg",
    });
    var defs = el("defs");
    var marker = el("marker", {
      id: "arrow",
      viewBox: "0 0 10 10",
      refX: "19",
      refY: "5",
      markerWidth: "6",
      markerHeight: "6",
      orient: "auto-start-reverse",
    });
    marker.appendChild(el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#555" }));
    defs.appendChild(marker);
    svg.appendChild(defs);

    var linkLayer = el("g", { class: "links", "aria-hidden": "true" });
    laid.links.forEach(function (l) {
      var line = el("line", {
        x1: l.source.x.toFixed(1),
        y1: l.source.y.toFixed(1),
        x2: l.target.x.toFixed(1),
        y2: l.target.y.toFixed(1),
        class: "link link-" + l.type,
        "stroke-dasharray": TYPE_DASH[l.type] || "",
      });
      if (l.directed) line.setAttribute("marker-end", "url(#arrow)");
      l.element = line;
      linkLayer.appendChild(line);
    });
    svg.appendChild(linkLayer);

    var nodeLayer = el("g", { class: "nodes" });
    var pinned = null;

    function highlight(id) {
      svg.classList.toggle("has-focus", id !== null);
      laid.nodes.forEach(function (n) {
        n.element.classList.remove("is-current", "is-neighbour");
      });
      laid.links.forEach(function (l) {
        l.element.classList.remove("is-active");
      });
      if (id === null) return;
      var entry = byId[id];
      entry.node.element.classList.add("is-current");
      entry.ties.forEach(function (t) {
        t.other.element.classList.add("is-neighbour");
        t.link.element.classList.add("is-active");
      });
    }

    laid.nodes.forEach(function (n) {
      var entry = byId[n.id];
      var group = el("g", {
        class: "node",
        tabindex: "0",
        role: "button",
        "aria-pressed": "false",
        "aria-label": describe(n, data, entry.ties),
        "data-node": n.id,
        transform: "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")",
      });
      group.appendChild(el("circle", { r: "12", class: "focus-ring" }));
      var dot = el("circle", {
        r: n.measures && n.measures.broker ? "8" : "6.5",
        fill: n.colour || "#0072B2",
        class: "dot" + (entry.ties.length ? "" : " isolate"),
      });
      group.appendChild(dot);
      var title = el("title");
      title.textContent = n.label;
      group.appendChild(title);
      group.addEventListener("focus", function () {
        if (pinned === null) highlight(n.id);
        showDetails(panel, n, entry.ties, data);
      });
      group.addEventListener("mouseenter", function () {
        if (pinned === null) highlight(n.id);
      });
      group.addEventListener("mouseleave", function () {
        if (pinned === null) highlight(null);
      });
      function toggle() {
        if (pinned === n.id) {
          pinned = null;
          group.setAttribute("aria-pressed", "false");
          highlight(null);
        } else {
          if (pinned !== null) byId[pinned].node.element.setAttribute("aria-pressed", "false");
          pinned = n.id;
          group.setAttribute("aria-pressed", "true");
          highlight(n.id);
        }
        showDetails(panel, n, entry.ties, data);
      }
      group.addEventListener("click", function () {
        group.focus();
        toggle();
      });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          toggle();
        } else if (event.key === "Escape") {
          if (pinned !== null) byId[pinned].node.element.setAttribute("aria-pressed", "false");
          pinned = null;
          highlight(null);
        }
      });
      n.element = group;
      nodeLayer.appendChild(group);
    });
    svg.appendChild(nodeLayer);
    svg.addEventListener("focusout", function (event) {
      if (pinned === null && !svg.contains(event.relatedTarget)) highlight(null);
    });
    container.appendChild(svg);
    container.setAttribute("data-ready", "true");
  }

  function load() {
    var container = document.getElementById("network-map");
    if (!container || typeof d3 === "undefined" || !window.fetch) return;
    var src = container.getAttribute("data-src");
    fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        render(container, data);
      })
      .catch(function () {
        container.setAttribute("data-ready", "error");
      });
  }

  document.addEventListener("DOMContentLoaded", load);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "network-results") load();
  });
})();
