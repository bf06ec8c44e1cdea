// Pure parts of the booth ⇄ service protocol: the signed canonical form, the multipart body the
// booth builds and the service splits, the submission lifecycle, and name masking.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { canonicalRequest } from '../../shared/sync/requestSigning.ts';
import { multipartParts, MultipartError } from '../../server/src/http/multipartParts.ts';
import { uploadBody } from '../../electron/booth/sync/uploadJob.ts';
import { UPLOAD_PARTS, type SubmissionMetadata } from '../../shared/sync/protocol.ts';
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
    // a boundary-like run and bare CR/LF inside the bytes must not split the part
    const original = Buffer.concat([jpeg, Buffer.from('\r\n--\r\n\r\n')]);
    const metadata = { submissionId: '01JTESTSUBMISSION000000000', collectionCode: '中文采集码' } as unknown as SubmissionMetadata;
    const { bytes, contentType, metadataSha256 } = await uploadBody(metadata, jpeg, original);
    const parts = await multipartParts(Buffer.from(bytes), contentType);
    expect(parts.get(UPLOAD_PARTS.metadata)!.equals(Buffer.from(JSON.stringify(metadata)))).toBe(true);
    expect(parts.get(UPLOAD_PARTS.metadataSha256)!.toString()).toBe(metadataSha256);
    expect(parts.get(UPLOAD_PARTS.standardized)!.equals(jpeg)).toBe(true);
    expect(parts.get(UPLOAD_PARTS.original)!.equals(original)).toBe(true);
  });

  it('the service refuses a body that is not well-formed multipart, whatever is wrong with it', async () => {
    const { bytes, contentType } = await uploadBody({ submissionId: 'X' } as unknown as SubmissionMetadata, Buffer.from('a'), Buffer.from('b'));
    const body = Buffer.from(bytes);
    const part = (headers: string) => `--b\r\n${headers}\r\n\r\nx\r\n`;
    const refusals: [string, Buffer, string | undefined][] = [
      ['cut short', body.subarray(0, body.length - 20), contentType],
      ['not multipart', body, 'application/json'],
      ['no boundary', body, 'multipart/form-data; charset=utf-8'],
      ['a part twice', Buffer.from(`${part('Content-Disposition: form-data; name="a"')}${part('Content-Disposition: form-data; name="a"')}--b--\r\n`), 'multipart/form-data; boundary=b'],
      ['a part without a name', Buffer.from(`${part('Content-Disposition: form-data; filename="a.jpg"')}--b--\r\n`), 'multipart/form-data; boundary=b'],
      ['no closing boundary', Buffer.from(part('Content-Disposition: form-data; name="a"')), 'multipart/form-data; boundary=b'],
    ];
    for (const [what, refused, type] of refusals) {
      await expect(multipartParts(refused, type), what).rejects.toThrow(MultipartError);
    }
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
