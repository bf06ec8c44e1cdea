// Posing: the live camera (mirrored on screen only) with a face-oval guide and one hint at a time
// from the live-guidance worker, each foreseeing what the still will get; when every hint is green
// for about a second (and the face parser has had its say, where the booth has one), a 3-2-1
// countdown and an automatic capture at full resolution. A manual
// shutter is there too. When one hint has held the student for a while, the guide says what to try
// instead, or offers the shutter with a note for the reviewer (renderer/vision/hintStall.ts).
import { useContext, useEffect, useRef, useState } from 'react';
import type { BoothConfig, CameraReport } from '../../../../shared/api/boothApi.ts';
import type { Rgb } from '../../../../shared/photoStandard.ts';
import type { GuideNote } from '../../../../shared/sync/protocol.ts';
import { useCamera } from '../../camera/useCamera.ts';
import { captureStill, type CapturedStill } from '../../camera/stillCapture.ts';
import { LiveGuidance } from '../../../vision/liveGuidance.ts';
import { cameraFrameSampler } from '../../../vision/videoFrameSampler.ts';
import { liveHints, topHint, type Hint } from '../../../vision/liveHints.ts';
import { HintStall, type Stall } from '../../../vision/hintStall.ts';
import { liveGuidanceAssets, stillAnalyzerAssets } from '../../../vision/visionAssets.ts';
import { StillAnalyzer } from '../../../vision/stillAnalyzer.ts';
import { LangContext, useT } from '../../i18n.tsx';
import { useVoiceHint } from '../voice/VoiceOutput.tsx';

const COUNTDOWN_FROM = 3;
/** how often the staff screen gets a camera thumbnail while posing */
const CAMERA_REPORT_MS = 2000;
const THUMBNAIL_WIDTH = 240;

export interface PosingScreenProps {
  voice: boolean;
  background: Rgb;
  camera: BoothConfig['camera'];
  /** all hints green this long before the countdown starts (the operator's auto-capture setting) */
  holdMs: number;
  /** the camera's mode, live fps and a thumbnail, every couple of seconds, for the staff screen */
  onCameraReport: (report: CameraReport) => void;
  /** a face in view counts as presence for the idle timeout */
  onPresence: () => void;
  /** `guideNote`: the photo was taken at the guide's offer after one hint held the student */
  onCaptured: (still: CapturedStill, guideNote: GuideNote | null) => void;
  onError: (message: string) => void;
  onCancel: () => void;
}

export function PosingScreen({ voice, background, camera: cameraChoice, holdMs, onPresence, onCaptured, onError, onCameraReport, onCancel }: PosingScreenProps) {
  const t = useT();
  const lang = useContext(LangContext);
  // released while the still is made, opened again if making it fails
  const [cameraWanted, setCameraWanted] = useState(true);
  const { videoRef, state: camera } = useCamera(cameraChoice, cameraWanted);
  const [hints, setHints] = useState<Hint[] | null>(null);
  const [stall, setStall] = useState<Stall | null>(null);
  const stallWatch = useRef(new HintStall());
  const [countdown, setCountdown] = useState<number | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [fps, setFps] = useState(0);
  const greenSince = useRef<number | null>(null);
  const props = useRef({ onPresence, onCaptured, onError, onCameraReport, holdMs });
  props.current = { onPresence, onCaptured, onError, onCameraReport, holdMs };
  const capturingRef = useRef(false);

  const shoot = async (guideNote: GuideNote | null): Promise<void> => {
    const video = videoRef.current;
    if (capturingRef.current || !video) return;
    capturingRef.current = true;
    setCapturing(true);
    setCountdown(null);
    try {
      props.current.onCaptured(await captureStill(video, () => setCameraWanted(false), () => StillAnalyzer.create(stillAnalyzerAssets())), guideNote);
    } catch (error) {
      capturingRef.current = false;
      setCapturing(false);
      setCameraWanted(true);
      props.current.onError(`capture failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const shootRef = useRef(shoot);
  shootRef.current = shoot;

  useEffect(() => {
    if (camera.status !== 'live' || !videoRef.current) return;
    let guidance: LiveGuidance | null = null;
    let stopped = false;
    const parserAssets = stillAnalyzerAssets().faceParser;
    void LiveGuidance.start({
      video: videoRef.current,
      createWorker: () => new Worker(new URL('../../../vision/liveGuidanceWorker.ts', import.meta.url), { type: 'module' }),
      assets: liveGuidanceAssets(),
      background,
      // classic: tfjs-tflite loads its glue with importScripts (liveParseWorker.ts)
      parser: parserAssets && { createWorker: () => new Worker(new URL('../../../vision/liveParseWorker.ts', import.meta.url), { type: 'classic' }), assets: parserAssets },
      onObservation: (observation) => {
        // until the parser has seen this face nothing is green (a booth without one never waits)
        const next = liveHints(observation, guidance?.awaitsParse(observation) ?? true);
        setHints(next);
        if (observation.faces.length > 0) props.current.onPresence();
        const now = performance.now();
        const top = topHint(next);
        setStall(stallWatch.current.update(top, now));
        const allGreen = top === null;
        if (!allGreen) greenSince.current = null;
        else greenSince.current ??= now;
        if (guidance) setFps(guidance.fps);
      },
      onError: (message) => props.current.onError(message),
    }).then(
      (started) => {
        if (stopped) started.stop();
        else guidance = started;
      },
      (error: unknown) => props.current.onError(String(error)),
    );
    return () => {
      stopped = true;
      guidance?.stop();
    };
  }, [camera.status, videoRef, background]);

  // the countdown runs on its own clock and restarts whenever a hint turns red
  useEffect(() => {
    const timer = setInterval(() => {
      if (capturingRef.current) return;
      const since = greenSince.current;
      if (since === null) {
        setCountdown(null);
        return;
      }
      const elapsed = performance.now() - since - props.current.holdMs;
      if (elapsed < 0) {
        setCountdown(null);
        return;
      }
      const remaining = COUNTDOWN_FROM - Math.floor(elapsed / 1000);
      if (remaining <= 0) void shootRef.current(null);
      else setCountdown(remaining);
    }, 100);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (camera.status !== 'live') return;
    const canvas = document.createElement('canvas');
    const timer = setInterval(() => {
      const video = videoRef.current;
      if (!video || video.videoWidth === 0) return;
      // drawImage(video) would convert the full-resolution frame: read a small copy instead
      void cameraFrameSampler.sample(video, THUMBNAIL_WIDTH).then((thumbnail) => {
        canvas.width = thumbnail.width;
        canvas.height = thumbnail.height;
        canvas.getContext('2d')?.drawImage(thumbnail, 0, 0);
        thumbnail.close();
        const thumbnailJpegBase64 = canvas.toDataURL('image/jpeg', 0.6).split(',')[1] ?? '';
        // the camera's own frame rate (the live guidance's rate is shown on the posing screen itself)
        const frameRate = (video.srcObject as MediaStream | null)?.getVideoTracks()[0]?.getSettings().frameRate ?? 0;
        props.current.onCameraReport({ width: video.videoWidth, height: video.videoHeight, fps: Math.round(frameRate * 10) / 10, thumbnailJpegBase64 });
      }, () => {});
    }, CAMERA_REPORT_MS);
    return () => clearInterval(timer);
  }, [camera.status, videoRef]);

  const top = hints ? topHint(hints) : null;
  // held for a while: say what to try instead of the same hint again (an offer keeps the hint's words)
  const said = stall?.kind === 'retry' ? stall : top;
  useVoiceHint(voice, said ? (lang === 'zh' ? said.zh : said.en) : null, lang);
  const offer = stall?.kind === 'offer' ? stall : null;

  const status = hints === null ? 'loading' : top ? 'adjust' : 'ready';
  return (
    <div className="posing" data-hint={top?.id ?? (hints ? 'ok' : 'loading')} data-stall={stall?.kind} data-live-fps={fps.toFixed(1)}>
      <div className="video-frame">
        <video ref={videoRef} className="mirrored" playsInline muted />
        <svg className={`oval-guide ${status}`} viewBox="0 0 400 300" preserveAspectRatio="xMidYMid meet" aria-hidden="true">
          <ellipse cx="200" cy="115" rx="50" ry="66" />
          <path d="M105 300 C110 230 150 205 200 205 C250 205 290 230 295 300" />
        </svg>
        {countdown !== null && <div className="countdown" data-testid="countdown">{countdown}</div>}
        {capturing && <div className="capturing">{t('正在生成标准照…', 'Making your standard photo…')}</div>}
      </div>
      <p className={`hint ${status}`} role="status" aria-live="polite">
        {camera.status === 'failed'
          ? t('摄像头无法使用，请联系工作人员。', 'The camera is not available; please call the staff.')
          : hints === null
            ? t('正在启动摄像头…', 'Starting the camera…')
            : said
              ? (lang === 'zh' ? said.zh : said.en)
              : t('很好，保持不动', 'Great, hold still')}
      </p>
      {stall && (
        <p className="stall-note" data-testid="stall-note">
          {stall.kind === 'retry'
            ? t('如仍无法调整，请联系现场工作人员。', 'If that does not help, please call the staff.')
            : t('这一项一直没有通过。如果您已按提示调整，可以直接拍照，我们会把这条提示转告审核人员。', 'This item keeps failing. If you have done what it asks, take the photo now: the reviewer will be told about it.')}
        </p>
      )}
      <ul className="hint-list">
        {(hints ?? []).map((h) => (
          <li key={h.id} className={h.ok ? 'ok' : 'bad'} data-id={h.id}>{h.ok ? '✓' : '•'} {lang === 'zh' ? h.zh : h.en}</li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCancel}>{t('结束', 'Quit')}</button>
        <button type="button" className={`big primary shutter${offer ? ' offered' : ''}`} disabled={capturing || camera.status !== 'live'}
          onClick={() => void shoot(offer?.note ?? null)}>
          {offer ? t('直接拍照', 'Take the photo anyway') : t('拍照', 'Take photo')}
        </button>
      </div>
    </div>
  );
}
