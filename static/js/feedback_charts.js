// The feedback overview's satisfaction trends, from the JSON the page carries.
for (const name of ["by-cohort", "by-facilitator"]) {
  const data = JSON.parse(document.getElementById(name + "-data").textContent);
  if (!data.labels.length) continue;
  new Chart(document.getElementById(name), {
    type: "line",
    data: {labels: data.labels, datasets: data.datasets.map((d) => ({...d, spanGaps: true}))},
    options: {scales: {y: {min: 1, max: 5, title: {display: true, text: "Mean satisfaction"}}}},
  });
}
