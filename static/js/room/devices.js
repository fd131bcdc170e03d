// Cameras and microphones: the same constraints before and inside the room, the device lists of the
// pre-join screen and of the « Réglages » dialog, and switching a device in the room without
// renegotiating (the sender's track is replaced; the node never notices).
import { $, el } from "./dom.js";
import { announce } from "./announce.js";
import { changed } from "./state.js";

export function cameraConstraints(deviceId) {
  const video = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } };
  if (deviceId) video.deviceId = { ideal: deviceId };
  return video;
}

export function microphoneConstraints(deviceId) {
  const audio = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
  if (deviceId) audio.deviceId = { ideal: deviceId };
  return audio;
}

// Fills the two selects with what the browser lists, the device in use selected.
export async function fillDeviceSelects(stream, cameraSelect, micSelect) {
  let devices = [];
  try { devices = await navigator.mediaDevices.enumerateDevices(); } catch { return; }
  const current = {
    videoinput: stream?.getVideoTracks()[0]?.getSettings().deviceId,
    audioinput: stream?.getAudioTracks()[0]?.getSettings().deviceId,
  };
  for (const [kind, select, fallback] of [["videoinput", cameraSelect, "Caméra"], ["audioinput", micSelect, "Micro"]]) {
    select.replaceChildren();
    const list = devices.filter((d) => d.kind === kind && d.deviceId);
    list.forEach((device, index) => {
      select.append(el("option", {
        value: device.deviceId, text: device.label || `${fallback} ${index + 1}`,
        selected: device.deviceId === current[kind],
      }));
    });
    select.disabled = list.length < 2;
  }
}

// The « Réglages » dialog's device choice, inside the room.
export class DeviceSettings {
  // session: main.js's {media, local: {stream, camera, microphone}}; onSwitch(name, deviceId) after a change.
  constructor(session, dialog, onSwitch = () => {}) {
    this.session = session;
    this.onSwitch = onSwitch;
    this.cameraSelect = $("#room-camera-select", dialog);
    this.micSelect = $("#room-mic-select", dialog);
    this.cameraSelect.addEventListener("change", () => this.use("camera", this.cameraSelect.value));
    this.micSelect.addEventListener("change", () => this.use("microphone", this.micSelect.value));
  }

  refresh() {
    return fillDeviceSelects(this.session.local.stream, this.cameraSelect, this.micSelect);
  }

  async use(name, deviceId) {
    const local = this.session.local;
    const old = local[name];
    let track;
    try {
      const constraints = name === "camera"
        ? { video: { ...cameraConstraints(), deviceId: { exact: deviceId } } }
        : { audio: { ...microphoneConstraints(), deviceId: { exact: deviceId } } };
      track = (await navigator.mediaDevices.getUserMedia(constraints)).getTracks()[0];
    } catch {
      announce(name === "camera" ? "Cette caméra n'est pas disponible." : "Ce micro n'est pas disponible.");
      await this.refresh();
      return;
    }
    if (old) {
      track.enabled = old.enabled; // a muted micro stays muted, a camera turned off stays off
      local.stream?.removeTrack(old);
      old.stop();
    }
    if (!local.stream) local.stream = new MediaStream();
    local.stream.addTrack(track);
    local[name] = track;
    await this.session.media?.replace(name, track);
    this.onSwitch(name, deviceId);
    announce(name === "camera" ? `Caméra : ${track.label || "changée"}.` : `Micro : ${track.label || "changé"}.`);
    changed();
  }
}
