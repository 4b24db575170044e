// The home page's map and charts (see templates/_browse.html). Reads the archive's canned queries as JSON;
// every province and every point links to the articles table filtered to it.
(function () {
  "use strict";
  const section = document.getElementById("browse");
  if (!section) return;
  const database = section.dataset.database;

  function articlesUrl(filters) {
    return database + "/articles?" + new URLSearchParams(filters).toString();
  }

  async function rows(query) {
    const response = await fetch(database + "/" + query + ".json?_shape=array");
    if (!response.ok) throw new Error(query + ": HTTP " + response.status);
    return response.json();
  }

  function failed(element, error) {
    element.textContent = "Không tải được · Could not load: " + error.message;
    element.classList.add("browse-error");
  }

  // The map: one circle per province, its area proportional to its articles; the 34 provinces since July 2025
  // by default, the 63 earlier ones a click away.
  async function drawMap() {
    const element = document.getElementById("province-map");
    const provinces = await rows("articles_per_province");
    const map = L.map(element, { scrollWheelZoom: false }).setView([16.0, 106.5], 5);
    // Only the background: without network the markers still show and work.
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 12, attribution: "&copy; OpenStreetMap",
    }).addTo(map);
    const largest = Math.max(1, ...provinces.map((row) => row.articles));
    const eras = { "2025": L.layerGroup(), before: L.layerGroup() };
    for (const row of provinces) {
      if (!row.articles) {
        // A province no article names is a grey dot: the country's shape stays visible without map tiles.
        L.circleMarker([row.latitude, row.longitude], { radius: 2, color: "#6b7280", weight: 1, interactive: false })
          .addTo(eras[row.era]);
        continue;
      }
      const filter = row.era === "2025" ? { _province_2025: row.province } : { _province: row.province };
      const marker = L.circleMarker([row.latitude, row.longitude], {
        radius: 5 + 20 * Math.sqrt(row.articles / largest),
        color: "#b91c1c", weight: 1, fillOpacity: 0.55, className: "province-marker",
      });
      marker.bindTooltip(row.province + ": " + row.articles + " bài");
      marker.on("click", () => { window.location.href = articlesUrl(filter); });
      marker.addTo(eras[row.era]);
      // The marker's element, once drawn, says which province it is (for people and tests reading the page).
      marker.on("add", () => marker.getElement().setAttribute("data-province", row.province));
    }
    eras["2025"].addTo(map);
    map.fitBounds(provinces.map((row) => [row.latitude, row.longitude]), { padding: [20, 20] });
    // Open on a wide screen; on a phone it would cover the map.
    L.control.layers({ "34 tỉnh từ 7/2025 · since July 2025": eras["2025"],
                       "63 tỉnh trước 7/2025 · before": eras.before }, null,
                     { collapsed: window.innerWidth < 700 }).addTo(map);
    element.dataset.ready = "true";
  }

  // A line per series, a point per month; clicking a point opens that month's articles of that series.
  function chart(element, values, series, title, filtersOf, extra) {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: title,
      width: "container", height: 260,
      // Vega parses "month" into a time in place: "period" keeps the text, for the links.
      data: { values: values.map((row) => Object.assign({ period: row.month }, row)) },
      params: extra ? extra.params : [],
      transform: extra ? extra.transform : [],
      encoding: {
        x: { field: "month", type: "temporal", timeUnit: "utcyearmonth", title: "Tháng · Month" },
        y: { field: "articles", type: "quantitative", title: "Số bài · Articles" },
        color: { field: series, type: "nominal", title: null, legend: { orient: "bottom", columns: 2 } },
      },
      layer: [
        { mark: { type: "line" } },
        { mark: { type: "point", filled: true, size: 70, cursor: "pointer" },
          encoding: { tooltip: [{ field: series }, { field: "month" }, { field: "articles" }] } },
      ],
    };
    return vegaEmbed(element, spec, { actions: false, renderer: "svg" }).then((result) => {
      result.view.addEventListener("click", (event, item) => {
        if (item && item.datum && item.datum.period) {
          window.location.href = articlesUrl(filtersOf(item.datum, result.view));
        }
      });
      element.dataset.ready = "true";
    });
  }

  async function drawCharts() {
    const topics = await rows("topics_per_month");
    const sites = [...new Set(topics.map((row) => row.site))].sort();
    const topicChart = chart(
      document.getElementById("topic-chart"), topics, "label", "Số bài mỗi tháng theo chủ đề · Articles per month per subtopic",
      (datum, view) => {
        const filters = { _topic: datum.topic, published__startswith: datum.period };
        if (view.signal("site") !== "*") filters.site = view.signal("site");
        return filters;
      },
      {
        params: [{ name: "site", value: "*", bind: { input: "select", options: ["*", ...sites],
                                                     name: "Trang báo · Site (* = all) " } }],
        transform: [
          { filter: "site === '*' || datum.site === site" },
          { aggregate: [{ op: "sum", field: "articles", as: "articles" }], groupby: ["month", "period", "topic", "label"] },
        ],
      },
    );
    const perSite = await rows("articles_per_month");
    const siteChart = chart(
      document.getElementById("site-chart"), perSite, "site", "Số bài mỗi tháng theo trang · Articles per month per site",
      (datum) => ({ site: datum.site, published__startswith: datum.period }),
    );
    return Promise.all([topicChart, siteChart]);
  }

  drawMap().catch((error) => failed(document.getElementById("province-map"), error));
  drawCharts().catch((error) => failed(document.getElementById("topic-chart"), error));
})();
