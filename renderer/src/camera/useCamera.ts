// The booth camera as a React hook: the best mode the camera offers (the still is taken from this
// stream at its full resolution), attached to a <video>, released when the screen unmounts.
import { useEffect, useRef, useState } from 'react';

export type CameraState = { status: 'starting' } | { status: 'live'; width: number; height: number } | { status: 'failed'; message: string };

export function useCamera(): { videoRef: React.RefObject<HTMLVideoElement | null>; state: CameraState } {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>({ status: 'starting' });
  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    (async () => {
      try {
        // ask high; the camera answers with the best mode it has
        stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 3840 }, height: { ideal: 2160 }, frameRate: { ideal: 30 } } });
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
  }, []);
  return { videoRef, state };
}
