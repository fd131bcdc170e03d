// The camera and microphone check before the room opens (live/join_refused.html): the room's own pre-join
// screen, started on request, with nothing to join. The devices she picks are remembered for the room.
import { $ } from "./dom.js";
import { Prejoin } from "./prejoin.js";

const holder = $("#precheck");
const start = $("#precheck-start");
if (holder && start) {
  start.hidden = false;
  const prejoin = new Prejoin($("#prejoin", holder), holder.dataset.workshopId);
  $("#prejoin-form", holder).addEventListener("submit", (event) => event.preventDefault());
  const remember = (name, select) => select.addEventListener("change", () => prejoin.remember(name, select.value));
  remember("camera", $("#camera-select", holder));
  remember("microphone", $("#mic-select", holder));
  start.addEventListener("click", () => {
    start.hidden = true;
    holder.hidden = false;
    $("#prejoin-title", holder).focus?.();
    prejoin.start();
  });
}
