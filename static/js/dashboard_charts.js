// The dashboard's charts, from the JSON the page carries (id "dashboard-charts").
const charts = JSON.parse(document.getElementById("dashboard-charts").textContent);
for (const [name, spec] of Object.entries(charts)) {
  const canvas = document.getElementById("chart-" + name);
  if (!canvas || !spec.labels.length) continue;
  const line = spec.type === "line";
  new Chart(canvas, {
    type: spec.type,
    data: {
      labels: spec.labels,
      // Lines also get marked points; bars have legends and the tables beside them, so
      // colour is never the only way to tell series apart.
      datasets: spec.datasets.map((d, i) => ({...d, spanGaps: true, fill: false,
        pointStyle: ["circle", "rect", "triangle", "star", "cross"][i % 5], pointRadius: line ? 4 : 0})),
    },
    options: {
      scales: {
        x: {stacked: !!spec.stacked},
        y: {stacked: !!spec.stacked, beginAtZero: spec.min === undefined, min: spec.min, max: spec.max,
            title: {display: true, text: spec.y}},
      },
      plugins: {legend: {labels: {usePointStyle: line}}},
    },
  });
}
