// Reads a serial-port (or USB-CDC) code scanner in the main process and reports each scan on the shared event.
import { SerialPort } from 'serialport';
import type { Logger } from 'pino';
import { SerialFramer } from './serialFramer.ts';
import type { ScanEvents } from './scanEvents.ts';

export interface SerialScannerOptions {
  /** e.g. /dev/ttyACM0 or COM3 (booth config) */
  path: string;
  baudRate?: number;
  events: ScanEvents;
  log: Logger;
}

export interface SerialScanner {
  close(): Promise<void>;
}

/** Opens the port; resolves once it is open, rejects with an operator-readable error when it cannot be. */
export async function openSerialScanner(opts: SerialScannerOptions): Promise<SerialScanner> {
  const port = new SerialPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err
    ? reject(new Error(`cannot open the code scanner on ${opts.path} (${err.message}); check the cable, the port name in the booth config and that the booth user may use it (Linux: dialout group)`))
    : resolve())));
  const framer = new SerialFramer();
  port.on('data', (chunk: Buffer) => {
    for (const f of framer.push(chunk)) {
      if (f.type === 'scan') opts.events.emit({ source: 'serial', code: f.text, at: Date.now() });
      // the scan itself is personal data: log only what went wrong
      else opts.log.warn({ port: opts.path, reason: f.error.reason }, 'serial scanner sent an unreadable scan');
    }
  });
  port.on('error', (err) => opts.log.error({ port: opts.path, err: err.message }, 'code scanner port error'));
  return {
    close: () => new Promise<void>((resolve) => {
      if (!port.isOpen) return resolve();
      port.close(() => resolve());
    }),
  };
}
