// Renderer entry: connects to the booth API (Electron preload or web host), loads the booth's
// configuration and mounts the kiosk.
import { createRoot } from 'react-dom/client';
import '../../resources/fonts/kioskFonts.css';
import './kiosk/kiosk.css';
import { connectBooth } from './boothClient.ts';
import { KioskApp } from './kiosk/KioskApp.tsx';

const root = createRoot(document.getElementById('root') as HTMLElement);
const api = connectBooth();

api.call('booth.config', {}).then(
  (config) => root.render(<KioskApp api={api} config={config} />),
  (error: unknown) => {
    console.error('booth configuration unavailable', error);
    root.render(
      <div className="kiosk fatal" data-screen="fatal">
        <p>本机暂时无法使用，请联系现场工作人员。</p>
        <p>This booth is not available right now: please call the staff. ({String(error)})</p>
      </div>,
    );
  },
);
