// Where a browser lacks something the room uses, say so in French and offer what still works:
// sound that autoplay rules blocked (« Activer le son »), and screen sharing where getDisplayMedia
// does not exist (phones): the button is not shown and the settings say why.
import { $ } from "./dom.js";
import { announce } from "./announce.js";

export const canShareScreen = Boolean(navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia);

let banner = null;

// Plays every <audio> of the sink; a browser that refuses sound without a click (autoplay rules)
// rejects play() with NotAllowedError: then the banner asks for that click.
export async function playAll(sink) {
  const results = await Promise.allSettled([...sink.querySelectorAll("audio")].map((a) => a.play()));
  const blocked = results.some((r) => r.status === "rejected" && r.reason?.name === "NotAllowedError");
  if (banner) banner.hidden = !blocked;
  if (blocked) announce("Votre navigateur a bloqué le son de l'atelier. Appuyez sur « Activer le son ».");
  return !blocked;
}

export function setupSound(sink) {
  banner = $("#sound-blocked");
  $("#btn-sound").addEventListener("click", async () => {
    if (await playAll(sink)) announce("Le son de l'atelier est activé.");
  });
  $("#no-screen-share").hidden = canShareScreen;
}
