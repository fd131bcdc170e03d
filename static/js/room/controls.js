// Her own controls: microphone, camera, screen share, hand, reactions, and the side panels.
// Toggles show their state three ways: aria-pressed, a word under the label, and a colour.
import { $, el } from "./dom.js";
import { announce } from "./announce.js";
import { REACTIONS, changed, isHost, state } from "./state.js";

export class Controls {
  // session: {sig, media, local: {stream, camera, microphone}, screenTrack}, shared with main.js.
  constructor(session, onOpenChat) {
    this.session = session;
    this.onOpenChat = onOpenChat;
    this.buttons = {
      mic: $("#btn-mic"), camera: $("#btn-camera"), hand: $("#btn-hand"), reactions: $("#btn-reactions"),
      chat: $("#btn-chat"), people: $("#btn-people"), screen: $("#btn-screen"),
    };
    this.menu = $("#reactions-menu");
    this.panels = { chat: $("#panel-chat"), people: $("#panel-people") };
    const b = this.buttons;
    b.mic.addEventListener("click", () => this.setMic(!this.micOn()));
    b.camera.addEventListener("click", () => this.setCamera(b.camera.getAttribute("aria-pressed") !== "true"));
    b.hand.addEventListener("click", () => this.toggleHand());
    b.reactions.addEventListener("click", () => this.toggleReactions());
    b.chat.addEventListener("click", () => this.togglePanel("chat"));
    b.people.addEventListener("click", () => this.togglePanel("people"));
    b.screen.addEventListener("click", () => this.toggleScreen());
    for (const [emoji, label] of Object.entries(REACTIONS)) {
      this.menu.append(el("button", {
        type: "button", class: "reaction-choice", text: emoji, "aria-label": label, title: label,
        onclick: () => { session.sig.send("reaction", { emoji }); this.toggleReactions(false); b.reactions.focus(); },
      }));
    }
    this.menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { this.toggleReactions(false); b.reactions.focus(); }
    });
    for (const name of Object.keys(this.panels)) {
      this.panels[name].querySelector("[data-close]").addEventListener("click", () => this.togglePanel(name, false));
    }
  }

  get local() {
    return this.session.local;
  }

  micOn() {
    const mic = this.local.microphone;
    return Boolean(mic && mic.enabled && !state.me?.muted?.has("microphone"));
  }

  render() {
    const b = this.buttons;
    toggle(b.mic, this.micOn(), "activé", "coupé");
    b.mic.disabled = !this.local.microphone;
    const camera = this.local.camera;
    toggle(b.camera, Boolean(camera && camera.enabled && camera.readyState === "live"), "activée", "coupée");
    toggle(b.hand, state.hands.includes(state.me?.id), "levée", "baissée", false);
    b.screen.hidden = !isHost();
    toggle(b.screen, Boolean(this.session.screenTrack), "en cours", "", false);
  }

  setMic(on) {
    const mic = this.local.microphone;
    if (!mic) return;
    mic.enabled = on;
    state.me.muted[on ? "delete" : "add"]("microphone");
    this.session.sig.send("mute", { source: "microphone", muted: !on });
    announce(on ? "Micro activé." : "Micro coupé.");
    changed();
  }

  async setCamera(on) {
    const local = this.local;
    if (on && (!local.camera || local.camera.readyState !== "live")) {
      // She joined without a camera: ask for one now and add it to the publishing connection.
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 360 } } });
        local.camera = stream.getVideoTracks()[0];
        local.stream.addTrack(local.camera);
        this.session.media?.publish({ camera: local.camera });
      } catch {
        announce("Caméra indisponible.");
        return;
      }
    } else if (local.camera) {
      local.camera.enabled = on;
    }
    this.session.sig.send("mute", { source: "camera", muted: !on });
    announce(on ? "Caméra activée." : "Caméra coupée.");
    changed();
  }

  toggleHand() {
    this.session.sig.send(state.hands.includes(state.me.id) ? "lower_hand" : "raise_hand");
  }

  async toggleScreen() {
    if (!isHost()) return;
    const session = this.session;
    if (session.screenTrack) {
      session.media?.unpublish("screen");
      session.screenTrack.stop();
      session.screenTrack = null;
      announce("Partage d'écran arrêté.");
      changed();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
      const track = session.screenTrack = stream.getVideoTracks()[0];
      // « Arrêter le partage » in the browser's own bar ends the track: stop on our side too.
      track.addEventListener("ended", () => { if (session.screenTrack === track) this.toggleScreen(); });
      await session.media?.publish({ screen: track });
      announce("Vous partagez votre écran.");
    } catch {
      announce("Partage d'écran annulé.");
    }
    changed();
  }

  toggleReactions(open = this.menu.hidden) {
    this.menu.hidden = !open;
    this.buttons.reactions.setAttribute("aria-expanded", String(open));
    if (open) this.menu.querySelector("button")?.focus();
  }

  togglePanel(name, open) {
    const panel = this.panels[name];
    open = open ?? panel.hidden;
    panel.hidden = !open;
    this.buttons[name].setAttribute("aria-expanded", String(open));
    if (open && name === "chat") this.onOpenChat();
    if (open && name === "people") panel.querySelector("h2").focus();
    if (!open) this.buttons[name].focus();
  }
}

function toggle(button, on, onText, offText, warnWhenOff = true) {
  button.setAttribute("aria-pressed", String(on));
  // Red only for what people must notice (their micro or camera is off), not for a lowered hand.
  button.classList.toggle("off", warnWhenOff && !on);
  $(".state", button).textContent = on ? onText : offText;
}
