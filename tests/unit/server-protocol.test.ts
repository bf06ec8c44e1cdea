// Pure parts of the booth ⇄ service protocol: the signed canonical form, the multipart body the
// booth builds and the service splits, the submission lifecycle, and name masking.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { canonicalRequest } from '../../shared/sync/requestSigning.ts';
import { encodeMultipart } from '../../shared/sync/multipartBody.ts';
import { parseMultipart, MultipartError } from '../../server/src/http/multipartParser.ts';
import { canTransition } from '../../server/src/submissions/stateMachine.ts';
import { maskName, maskSchool } from '../../server/src/codes/codeResolver.ts';
import { EVAL_DATA } from '../../tools/evalData.ts';
import path from 'node:path';

describe('booth protocol', () => {
  it('signs one field a line, so moving bytes between fields changes what is signed', () => {
    const base = { method: 'put', path: '/api/v1/submissions/X', bodySha256: 'ab', timestamp: 1700000000000, nonce: 'n'.repeat(24), boothId: 'B' };
    expect(canonicalRequest(base)).toBe(`GB1\nPUT\n/api/v1/submissions/X\nab\n1700000000000\n${'n'.repeat(24)}\nB`);
    expect(canonicalRequest({ ...base, path: '/api/v1/submissions/X?after=1' })).not.toBe(canonicalRequest(base));
    expect(() => canonicalRequest({ ...base, path: '/a\nb' })).toThrow(/newline/);
    expect(() => canonicalRequest({ ...base, timestamp: 1.5 })).toThrow(/integer/);
  });

  it('a real JPEG survives the booth\'s multipart encoding and the service\'s parsing byte for byte', async () => {
    const jpeg = await readFile(path.join(EVAL_DATA, 'portraits-hivision', 'test0.jpg'));
    const metadata = Buffer.from(JSON.stringify({ a: '中文', b: [1, 2] }));
    const { body, contentType } = encodeMultipart([
      { name: 'metadata', filename: 'metadata.json', contentType: 'application/json', body: metadata },
      { name: 'original', filename: 'o.jpg', contentType: 'image/jpeg', body: jpeg },
    ], 'gradbooth-test');
    const parts = parseMultipart(Buffer.from(body), contentType);
    expect(parts.get('metadata')!.body.equals(metadata)).toBe(true);
    expect(parts.get('original')!.body.equals(jpeg)).toBe(true);
    expect(parts.get('original')!.contentType).toBe('image/jpeg');
    expect(() => parseMultipart(Buffer.from(body).subarray(0, body.length - 100), contentType)).toThrow(MultipartError);
  });

  it('follows the seed\'s lifecycle: withdrawal only while pending, nothing changes after approval but transmission', () => {
    expect(canTransition('pending', 'withdrawn')).toBe(true);
    expect(canTransition('approved', 'withdrawn')).toBe(false);
    expect(canTransition('approved', 'rejected')).toBe(false);
    expect(canTransition('approved', 'transmitting')).toBe(true);
    expect(canTransition('transmitting', 'done')).toBe(true);
    expect(canTransition('done', 'pending')).toBe(false);
    expect(canTransition('rejected', 'approved')).toBe(false);
  });

  it('masks names and schools so a student recognises them but a bystander cannot read them', () => {
    expect(maskName('王小明')).toBe('王*明');
    expect(maskName('李雪')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskSchool('华东示范大学')).toBe('华东**大学');
    expect(maskSchool('某大学')).toBe('某*学');
  });
});
