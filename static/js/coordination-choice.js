// « Votre commune ou code postal » at sign-up: with this script, the coordinations near the commune she types
// appear at once (from /coordinations/proches.json), so that one submit is enough. Without it, or when the
// answer is not one commune, the form works in two submits: the server shows the same choices.
const step = document.querySelector("[data-commune-step]");
const input = step?.querySelector('input[name="commune"]');
const target = step?.querySelector("[data-coordination-choices]");

function radio(value, text) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "radio";
  box.name = "coordination";
  box.value = value;
  label.append(box, " ", text);
  return label;
}

function hidden(name, value) {
  const field = document.createElement("input");
  field.type = "hidden";
  field.name = name;
  field.value = value;
  return field;
}

function minutesText(minutes, near) {
  const d = step.dataset;
  let text = minutes === null ? d.noRoad : minutes < 5 ? d.underFive : d.about.replace("{minutes}", String(minutes));
  if (near) text += ` (${d.near})`;
  return text;
}

function show(typed, data) {
  const commune = data.communes[0];
  const fieldset = document.createElement("fieldset");
  fieldset.id = "coordination";
  const legend = document.createElement("legend");
  legend.textContent = step.dataset.legend.replace("{commune}", commune.name);
  const hint = document.createElement("p");
  hint.className = "hint";
  hint.textContent = data.model ? `${data.model}.` : "";
  fieldset.append(legend, hint);
  for (const c of data.coordinations) {
    fieldset.append(radio(c.slug, `${c.name} — ${minutesText(c.minutes, c.near)}`));
  }
  fieldset.append(radio("plus-tard", step.dataset.later));
  // What the server compares to know that these choices were shown for this commune (signup.py).
  target.replaceChildren(hidden("insee", commune.insee), hidden("commune_shown", `${commune.insee}:${typed}`), fieldset);
}

let timer = 0;
let asked = "";
async function lookup() {
  const typed = input.value.trim();
  if (typed === asked) return;
  asked = typed;
  if (typed.length < 3) return;
  try {
    const response = await fetch(`/coordinations/proches.json?q=${encodeURIComponent(typed)}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const data = await response.json();
    if (input.value.trim() !== typed) return; // she typed on meanwhile
    const one = Array.isArray(data.communes) && data.communes.length === 1;
    if (one && Array.isArray(data.coordinations)) show(typed, data);
    else target.replaceChildren(); // several communes or none: the server asks, on submit
  } catch {
    // No answer: the two-step form still works.
  }
}

if (step && input && target) {
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 300);
  });
}
