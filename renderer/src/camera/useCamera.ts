// The booth camera as a React hook: the configured camera at the best mode it offers up to the
// configured resolution (the still is taken from this stream at its full resolution), attached to
// a <video>, released when the screen unmounts or while `active` is false (a still being made:
// a 12 MP stream's frame buffers are ~100 MB the capture does not need).
import { useEffect, useRef, useState } from 'react';
import type { BoothConfig } from '../../../shared/api/boothApi.ts';

export type CameraState = { status: 'starting' } | { status: 'live'; width: number; height: number } | { status: 'released' } | { status: 'failed'; message: string };

export function useCamera(choice: BoothConfig['camera'], active = true): { videoRef: React.RefObject<HTMLVideoElement | null>; state: CameraState } {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    if (!active) {
      setState({ status: 'released' });
      return;
    }
    setState({ status: 'starting' });
    (async () => {
      try {
        // ask for the configured mode; the camera answers with the nearest it has
        const device = choice.deviceId ? { deviceId: { exact: choice.deviceId } } : {};
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { ...device, width: { ideal: choice.width }, height: { ideal: choice.height }, frameRate: { ideal: 30 } } });
        if (cancelled) return;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream;
        video.muted = true;
        await video.play();
        if (!cancelled) setState({ status: 'live', width: video.videoWidth, height: video.videoHeight });
      } catch (error) {
        if (!cancelled) setState({ status: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    })();
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [choice.deviceId, choice.width, choice.height, active]);
  return { videoRef, state };
}
