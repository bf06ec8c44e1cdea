// Scan with the camera: the 采集码 shown on the student's phone, read from the live stream by zxing-wasm.
import { useEffect, useRef } from 'react';
import type { BoothConfig, BoothError } from '../../../../shared/api/boothApi.ts';
import { useCamera } from '../../camera/useCamera.ts';
import { readQrFromVideo } from '../../../vision/qrScanner.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { CodeHelpButton } from './CodeHelpScreen.tsx';

/** a few reads a second find a code held up quickly and leave the CPU to the rest */
const READ_INTERVAL_MS = 300;

export interface CameraScanScreenProps {
  camera: BoothConfig['camera'];
  error: BoothError | null;
  onCode: (code: string) => void;
  onBack: () => void;
  onCodeHelp: () => void;
}

export function CameraScanScreen({ camera, error, onCode, onBack, onCodeHelp }: CameraScanScreenProps) {
  const t = useT();
  const errorText = useErrorText();
  const { videoRef, state } = useCamera(camera);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const lastRead = useRef<string | null>(null);

  useEffect(() => {
    if (state.status !== 'live') return;
    const canvas = document.createElement('canvas');
    let stopped = false;
    const loop = async (): Promise<void> => {
      while (!stopped) {
        const video = videoRef.current;
        const text = video ? await readQrFromVideo(video, canvas).catch(() => null) : null;
        // the same code stays in view for many reads: submit it once
        if (text && text !== lastRead.current) {
          lastRead.current = text;
          onCodeRef.current(text);
        }
        await new Promise((resolve) => setTimeout(resolve, READ_INTERVAL_MS));
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  }, [state.status, videoRef]);

  return (
    <div className="camera-scan">
      <p className="lead">{t('把手机上的采集码对准摄像头，保持不动。', 'Hold the code on your phone up to the camera and keep it still.')}</p>
      <div className="video-frame">
        <video ref={videoRef} className="mirrored" playsInline muted />
        <div className="qr-target" aria-hidden="true" />
      </div>
      {state.status === 'failed' && <p className="error" role="alert">{t('摄像头无法使用，请联系工作人员。', 'The camera is not available; please call the staff.')}</p>}
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      <div className="actions">
        <button type="button" className="big secondary" onClick={onBack}>{t('返回', 'Back')}</button>
        <CodeHelpButton onClick={onCodeHelp} />
      </div>
    </div>
  );
}
