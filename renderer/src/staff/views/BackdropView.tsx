// Backdrop calibration: the operator clears the backdrop, the booth camera's exposure is locked
// where the camera allows it, one frame of the empty backdrop (clean plate) is measured and stored
// by the booth; its evenness is shown, and a drift of the lighting since then asks for a new one.
import { useEffect, useRef, useState } from 'react';
import type { Backdrop } from '../../../../shared/api/staffApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { useAgo, usePoll, type StaffCall } from '../staffHooks.ts';

type Exposure = 'locked' | 'unsupported' | 'pending';

export function BackdropView({ call }: { call: StaffCall }) {
  const t = useT();
  const ago = useAgo();
  const errorText = useErrorText();
  const { data, refresh } = usePoll(call, 'staff.backdrop', {}, 5000);
  const video = useRef<HTMLVideoElement | null>(null);
  const [live, setLive] = useState(false);
  const [exposure, setExposure] = useState<Exposure>('pending');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ backdrop?: Backdrop; error?: string } | null>(null);
  const [cameraError, setCameraError] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    void (async () => {
      try {
        const { effective } = await call('staff.settings', {});
        const device = effective.camera.deviceId ? { deviceId: { exact: effective.camera.deviceId } } : {};
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { ...device, width: { ideal: effective.camera.width }, height: { ideal: effective.camera.height } } });
        if (cancelled || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setLive(true);
        // a clean plate taken while auto-exposure hunts would not match the frames it is compared with
        const track = stream.getVideoTracks()[0];
        const modes = (track?.getCapabilities() as { exposureMode?: string[] } | undefined)?.exposureMode ?? [];
        if (track && modes.includes('manual')) {
          await track.applyConstraints({ advanced: [{ exposureMode: 'manual' } as MediaTrackConstraintSet] });
          setExposure('locked');
        } else setExposure('unsupported');
      } catch (error) {
        setCameraError(String(error));
      }
    })();
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [call]);

  const capture = async () => {
    const v = video.current;
    if (!v) return;
    setBusy(true);
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    const jpegBase64 = canvas.toDataURL('image/jpeg', 0.92).split(',')[1] ?? '';
    try {
      const r = await call('staff.calibrateBackdrop', { jpegBase64 });
      setResult(r.ok ? { backdrop: r.backdrop } : { error: errorText(r.error) });
      refresh();
    } catch (error) {
      setResult({ error: String(error) });
    } finally {
      setBusy(false);
    }
  };

  const stored = data?.backdrop ?? null;
  const drift = data?.driftDeltaE ?? null;
  const verdictText = (b: Backdrop) => ({
    good: t('均匀，可以使用', 'even: good to use'),
    uneven: t('光照不均匀：请调整灯光使背景布受光均匀', 'uneven: adjust the lights so the backdrop is lit evenly'),
    not_empty: t('画面中有人或物体', 'someone or something in view'),
  })[b.verdict];
  return (
    <div className="backdrop">
      <div className="panel">
        <h2>{t('拍摄空背景', 'Capture the empty backdrop')}</h2>
        <ol className="guide">
          <li>{t('请所有人离开镜头，背景布前不要放任何物品。', 'Ask everyone out of view; nothing in front of the backdrop.')}</li>
          <li>{t('打开平时拍照用的灯光，等待两秒画面稳定。', 'Switch on the lights used for photos; wait two seconds for the picture to settle.')}</li>
          <li>{t('点击“校准”。', 'Press "Calibrate".')}</li>
        </ol>
        <video ref={video} className="preview" playsInline muted />
        <p className="note" data-testid="exposure">{exposure === 'locked' ? t('曝光已锁定。', 'Exposure locked.') : exposure === 'unsupported' ? t('此摄像头不支持锁定曝光，请保持灯光稳定。', 'This camera cannot lock its exposure: keep the lighting steady.') : ''}</p>
        <button type="button" className="primary" disabled={!live || busy} onClick={() => void capture()}>{t('校准', 'Calibrate')}</button>
        {cameraError && <p className="error" role="alert">{t('无法打开摄像头：', 'Cannot open the camera: ')}{cameraError}</p>}
        {result?.error && <p className="error" role="alert">{result.error}</p>}
        {result?.backdrop && <p className="note" role="status" data-testid="calibrated">{t('已保存：', 'Saved: ')}{verdictText(result.backdrop)}</p>}
      </div>
      <div className="panel">
        <h2>{t('当前背景校准', 'Current calibration')}</h2>
        {!stored ? <p className="muted">{t('尚未校准。', 'Not calibrated yet.')}</p> : (
          <figure className="thumb">
            <img src={`data:image/jpeg;base64,${stored.thumbnailJpegBase64}`} alt={t('空背景', 'Empty backdrop')} />
            <figcaption>
              <span className="swatch" style={{ background: `rgb(${stored.mean.join(',')})` }} />
              <span data-testid="backdrop-verdict" data-verdict={stored.verdict}>{verdictText(stored)}</span>
              <br />{t(`不均匀度 ΔE ${stored.unevenness}（最差区块 ${stored.worstBlock}），${ago(stored.capturedAt)}`, `unevenness ΔE ${stored.unevenness} (worst block ${stored.worstBlock}), ${ago(stored.capturedAt)}`)}
            </figcaption>
          </figure>
        )}
        {data?.recalibrate && (
          <p className="error" role="alert" data-testid="recalibrate">{t(`光线已变化（ΔE ${drift}），请重新校准背景。`, `The lighting has changed (ΔE ${drift}): calibrate the backdrop again.`)}</p>
        )}
      </div>
    </div>
  );
}
