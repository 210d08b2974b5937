// COH-4: refresh the composition advice as participants are ticked (the "Preview advice"
// button does the same without JavaScript). Advice only: nothing here blocks an allocation.
(function () {
  const form = document.getElementById("builder");
  const list = document.getElementById("composition-advice");
  if (!form || !list) return;
  form.addEventListener("change", async function () {
    const params = new URLSearchParams();
    form.querySelectorAll('input[name="participants"]:checked').forEach(function (box) {
      params.append("participants", box.value);
    });
    const response = await fetch(form.dataset.adviceUrl + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const data = await response.json();
    list.replaceChildren();
    const lines = data.advice.length ? data.advice : ["Nothing to point out."];
    lines.forEach(function (line) {
      const item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  });
})();
