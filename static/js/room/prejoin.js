// Pre-join screen: camera preview, microphone level meter, device choice, « Rejoindre sans
// caméra », a warning when the microphone stays silent, and the engagement not to record.
import { $ } from "./dom.js";
import { cameraConstraints, fillDeviceSelects, microphoneConstraints } from "./devices.js";

const SILENCE_AFTER_MS = 4000;
const SILENT_BELOW = 0.01; // RMS of a microphone nobody speaks into, or a muted headset

export class Prejoin {
  constructor(root, workshopId) {
    this.root = root;
    this.key = `entraide-room-${workshopId}`;
    this.stream = null;
    this.audioContext = null;
    this.analyser = null;
    this.level = 0; // last RMS of the local microphone, also used for her own tile
    this.loudest = 0;
    this.startedAt = 0;
    this.video = $("#preview", root);
    this.cameraSelect = $("#camera-select", root);
    this.micSelect = $("#mic-select", root);
    this.noCamera = $("#no-camera", root);
    this.engagement = $("#engagement", root);
    this.joinButton = $("#join-button", root);
    this.meter = $("#mic-level", root);
    this.silence = $("#mic-silent", root);
    this.problem = $("#device-problem", root);
  }

  async start() {
    const saved = JSON.parse(sessionStorage.getItem(this.key) || "{}");
    // After a reload she already accepted: keep her choices (the box stays visible and can be unticked).
    // A tick she gave while this script was still loading (slow link) stays: never undo what she did.
    this.engagement.checked ||= Boolean(saved.engaged);
    this.noCamera.checked ||= Boolean(saved.noCamera);
    this.engagement.addEventListener("change", () => this.refreshButton());
    this.noCamera.addEventListener("change", () => this.applyCameraChoice());
    this.cameraSelect.addEventListener("change", () => { this.opening = this.open(); });
    this.micSelect.addEventListener("change", () => { this.opening = this.open(); });
    const resume = () => this.audioContext?.resume();
    this.root.addEventListener("pointerdown", resume);
    this.root.addEventListener("keydown", resume);
    this.refreshButton();
    // Kept so that a click on « Rejoindre » before the camera is open waits for it.
    this.opening = this.open(saved.camera, saved.microphone);
    await this.opening;
    this.meterLoop();
  }

  refreshButton() {
    this.joinButton.disabled = !this.engagement.checked;
  }

  async open(cameraId, micId) {
    cameraId = cameraId ?? this.cameraSelect.value;
    micId = micId ?? this.micSelect.value;
    this.stopTracks();
    const video = cameraConstraints(cameraId);
    const audio = microphoneConstraints(micId);
    this.problem.textContent = "";
    let cameraError = null;
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video, audio });
    } catch (error) {
      cameraError = error;
      try {
        this.stream = await navigator.mediaDevices.getUserMedia({ audio });
        this.problem.textContent = deviceProblem(error, false);
        this.noCamera.checked = true; // « Rejoindre sans caméra », ticked for her
      } catch (micError) {
        this.stream = new MediaStream();
        this.problem.textContent = deviceProblem(micError.name === "NotAllowedError" ? micError : cameraError, true);
        this.noCamera.checked = true;
      }
    }
    // A stream without a picture would never give the preview data, and a <video> waiting for data
    // holds the page's load event: the page would look as if it never finished loading.
    this.video.srcObject = this.stream.getVideoTracks().length ? this.stream : null;
    this.applyCameraChoice();
    this.listen();
    await this.fillDevices();
  }

  applyCameraChoice() {
    const track = this.stream?.getVideoTracks()[0];
    if (track) track.enabled = !this.noCamera.checked;
    this.video.hidden = !track || this.noCamera.checked;
  }

  fillDevices() {
    return fillDeviceSelects(this.stream, this.cameraSelect, this.micSelect);
  }

  listen() {
    const track = this.stream.getAudioTracks()[0];
    if (!track) return;
    if (!this.audioContext) this.audioContext = new AudioContext();
    this.source?.disconnect();
    this.source = this.audioContext.createMediaStreamSource(new MediaStream([track]));
    this.analyser = this.audioContext.createAnalyser();
    this.analyser.fftSize = 1024;
    this.source.connect(this.analyser);
    this.loudest = 0;
    this.startedAt = performance.now();
    this.silence.hidden = true;
  }

  sample() {
    if (!this.analyser) return 0;
    const data = new Float32Array(this.analyser.fftSize);
    this.analyser.getFloatTimeDomainData(data);
    let sum = 0;
    for (const value of data) sum += value * value;
    return Math.sqrt(sum / data.length);
  }

  meterLoop() {
    if (this.meterTimer) return; // one loop for the page: it also feeds her tile's speaking outline
    // 10 times a second is plenty for a meter and keeps a phone cool.
    this.meterTimer = setInterval(() => {
      const track = this.stream?.getAudioTracks()[0];
      this.level = track && track.enabled ? this.sample() : 0;
      this.loudest = Math.max(this.loudest, this.level);
      if (this.meter) {
        this.meter.value = Math.min(1, this.level * 4);
      }
      const running = this.audioContext?.state === "running";
      const silent = running && track && performance.now() - this.startedAt > SILENCE_AFTER_MS && this.loudest < SILENT_BELOW;
      if (this.silence.hidden === Boolean(silent)) this.silence.hidden = !silent;
    }, 100);
  }

  // What she enters the room with; the preview keeps running for her own tile.
  remember(name, deviceId) {
    const saved = JSON.parse(sessionStorage.getItem(this.key) || "{}");
    sessionStorage.setItem(this.key, JSON.stringify({ ...saved, [name]: deviceId }));
  }

  async result() {
    await this.opening;
    const choice = {
      engaged: true,
      noCamera: this.noCamera.checked,
      camera: this.cameraSelect.value,
      microphone: this.micSelect.value,
    };
    sessionStorage.setItem(this.key, JSON.stringify(choice));
    const camera = this.noCamera.checked ? null : this.stream.getVideoTracks()[0] || null;
    if (!camera) this.stream.getVideoTracks().forEach((t) => t.stop());
    return { stream: this.stream, camera, microphone: this.stream.getAudioTracks()[0] || null };
  }

  stopTracks() {
    this.stream?.getTracks().forEach((t) => t.stop());
  }
}

// What went wrong with the camera (and the micro, when both failed), and what to do, in her words.
export function deviceProblem(error, microphoneToo) {
  const what = microphoneToo ? "votre caméra et votre micro" : "votre caméra";
  if (error?.name === "NotAllowedError" || error?.name === "SecurityError") {
    return `Votre navigateur refuse l'accès à ${what}. Pour l'autoriser : touchez l'icône de caméra ou de ` +
      "cadenas à gauche de l'adresse du site, choisissez « Autoriser », puis rechargez la page. " +
      (microphoneToo ? "Vous pouvez aussi rejoindre pour écouter seulement." : "Vous pouvez aussi rejoindre sans caméra.");
  }
  if (error?.name === "NotFoundError" || error?.name === "OverconstrainedError") {
    return microphoneToo
      ? "Aucune caméra ni aucun micro n'a été trouvé sur cet appareil. Branchez-en un puis rechargez la page, " +
        "ou rejoignez pour écouter seulement."
      : "Aucune caméra n'a été trouvée sur cet appareil : vous rejoindrez sans caméra.";
  }
  if (error?.name === "NotReadableError") {
    return `${microphoneToo ? "Votre caméra et votre micro sont" : "Votre caméra est"} déjà utilisés par une ` +
      "autre application (visio, appareil photo) : fermez-la puis rechargez la page.";
  }
  return microphoneToo
    ? "Nous n'avons accès ni à votre caméra ni à votre micro. Autorisez-les dans votre navigateur, ou rejoignez pour écouter seulement."
    : "Caméra indisponible : vous rejoindrez sans caméra.";
}
