// A serial-port scanner's scans arrive as "code scanned" events: a real pseudo-terminal pair
// (socat) stands in for the USB-serial cable, the real serialport binding reads it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { openSerialScanner } from '../../electron/booth/scanner/serialScanner.ts';
import { ScanEvents, type CodeScanned } from '../../electron/booth/scanner/scanEvents.ts';
import { SerialFramer } from '../../electron/booth/scanner/serialFramer.ts';
import { makeTempDir, removeDir, quietLog } from './fixtures/boothStoreSetup.ts';

const HAS_SOCAT = spawnSync('socat', ['-V']).status === 0;

describe('serial framer', () => {
  it('splits on CR, LF and CRLF, across chunk boundaries, and names unreadable frames', () => {
    const f = new SerialFramer(16);
    expect(f.push(Buffer.from('ABC'))).toEqual([]);
    expect(f.push(Buffer.from('DEF\r\nGHIJ\rKL\n'))).toEqual([
      { type: 'scan', text: 'ABCDEF' }, { type: 'scan', text: 'GHIJ' }, { type: 'scan', text: 'KL' },
    ]);
    expect(f.push(Buffer.from([0x41, 0x00, 0x42, 0x0d]))).toEqual([{ type: 'error', error: { name: 'SerialFrameError', reason: 'not_text' } }]);
    expect(f.push(Buffer.from(`${'x'.repeat(40)}\nOK12\n`))).toEqual([
      { type: 'error', error: { name: 'SerialFrameError', reason: 'too_long' } }, { type: 'scan', text: 'OK12' },
    ]);
  });
});

describe.skipIf(!HAS_SOCAT)('serial scanner on a real pty (needs socat)', () => {
  let dir: string;
  let socat: ChildProcess;
  let scannerSide: string;
  let bootSide: string;

  beforeAll(async () => {
    dir = await makeTempDir('serial');
    scannerSide = path.join(dir, 'scanner');
    bootSide = path.join(dir, 'booth');
    socat = spawn('socat', [`pty,raw,echo=0,link=${scannerSide}`, `pty,raw,echo=0,link=${bootSide}`], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(existsSync(scannerSide) && existsSync(bootSide)); i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    socat.kill('SIGTERM');
    await removeDir(dir);
  });

  it('each line the scanner sends is one code-scanned event from source serial', async () => {
    const events = new ScanEvents();
    const got: CodeScanned[] = [];
    const two = new Promise<void>((resolve) => events.on((e) => {
      got.push(e);
      if (got.length === 2) resolve();
    }));
    const scanner = await openSerialScanner({ path: bootSide, events, log: quietLog });
    const tty = await open(scannerSide, 'w');
    await tty.write('GBSIM1.SerialCodeOne0000\r\nGBSIM1.Seri');
    await new Promise((r) => setTimeout(r, 30));
    await tty.write('alCodeTwo0000\r\n');
    await two;
    await tty.close();
    await scanner.close();
    expect(got.map((e) => [e.source, e.code])).toEqual([['serial', 'GBSIM1.SerialCodeOne0000'], ['serial', 'GBSIM1.SerialCodeTwo0000']]);
  });

  it('a port that does not exist gives an error that tells the operator what to check', async () => {
    await expect(openSerialScanner({ path: path.join(dir, 'nope'), events: new ScanEvents(), log: quietLog })).rejects.toThrow(/cannot open the code scanner.*check the cable/);
  });
});
