// Settings: what the review service assigned (read-only) and the booth's local settings, validated
// by the booth on save (every change audited there) and pushed to the kiosk at once.
import { useEffect, useState } from 'react';
import type { LocalSettings } from '../../../../shared/api/staffApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { usePoll, type StaffCall } from '../staffHooks.ts';

const toHex = (rgb: readonly number[]) => '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

export function SettingsView({ call }: { call: StaffCall }) {
  const t = useT();
  const errorText = useErrorText();
  const { data, refresh } = usePoll(call, 'staff.settings', {}, 30_000);
  const [form, setForm] = useState<LocalSettings | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (data && !form) setForm(data.local);
  }, [data, form]);
  useEffect(() => {
    void navigator.mediaDevices?.enumerateDevices().then((all) => setCameras(all.filter((d) => d.kind === 'videoinput')), () => {});
  }, []);
  if (!data || !form) return <p className="muted">{t('读取中…', 'Loading…')}</p>;
  const set = <K extends keyof LocalSettings>(key: K, value: LocalSettings[K]) => setForm({ ...form, [key]: value });
  const num = (key: 'idleTimeoutSeconds' | 'finalIdleTimeoutSeconds' | 'retentionGraceDays', label: string, min: number, max: number) => (
    <label>{label}<input type="number" name={key} min={min} max={max} value={form[key]} onChange={(e) => set(key, Number(e.target.value))} /></label>
  );
  const { assigned, effective } = data;
  return (
    <form className="settings" onSubmit={(e) => {
      e.preventDefault();
      void call('staff.saveSettings', { settings: form }).then((r) => {
        setMessage(r.ok ? { ok: true, text: t('已保存，自助机已生效。', 'Saved; the kiosk uses it now.') } : { ok: false, text: errorText(r.error) });
        refresh();
      }, (err: unknown) => setMessage({ ok: false, text: String(err) }));
    }}>
      <fieldset disabled>
        <legend>{t('由审核服务设定（只读）', 'Set by the review service (read-only)')}</legend>
        <label>{t('学校', 'School')}<input value={assigned?.school ?? t('未注册', 'not enrolled')} readOnly /></label>
        <label>{t('学历类别', 'Categories offered')}<input data-testid="assigned-categories" value={effective.categories.map((c) => c.label.zh).join('、')} readOnly /></label>
        <label>{t('收费方式', 'Payment mode')}<input value={{ free: t('免费', 'free'), voucher: t('兑换码', 'voucher'), online: t('在线支付', 'payment code') }[effective.payment.mode]} readOnly /></label>
      </fieldset>
      <fieldset>
        <legend>{t('本机设置', 'This booth')}</legend>
        <label>{t('背景颜色', 'Background colour')}<input type="color" name="background" value={toHex(form.background)} onChange={(e) => set('background', fromHex(e.target.value))} /></label>
        <label>{t('摄像头', 'Camera')}
          <select name="camera" value={form.camera.deviceId ?? ''} onChange={(e) => set('camera', { ...form.camera, deviceId: e.target.value || null })}>
            <option value="">{t('系统默认', 'System default')}</option>
            {cameras.filter((c) => c.deviceId).map((c, i) => <option key={c.deviceId} value={c.deviceId}>{c.label || `${t('摄像头', 'Camera')} ${i + 1}`}</option>)}
          </select>
        </label>
        <label>{t('分辨率', 'Resolution')}
          <select name="resolution" value={`${form.camera.width}x${form.camera.height}`} onChange={(e) => {
            const [width, height] = e.target.value.split('x').map(Number) as [number, number];
            set('camera', { ...form.camera, width, height });
          }}>
            {['3840x2160', '1920x1080', '1280x720', '640x480'].map((r) => <option key={r} value={r}>{r.replace('x', '×')}</option>)}
          </select>
        </label>
        <label>{t('自动拍照灵敏度', 'Auto-capture sensitivity')}
          <select name="autoCapture" value={form.autoCapture} onChange={(e) => set('autoCapture', e.target.value as LocalSettings['autoCapture'])}>
            <option value="relaxed">{t('快（保持 0.6 秒）', 'quick (hold 0.6 s)')}</option>
            <option value="normal">{t('标准（保持 1 秒）', 'normal (hold 1 s)')}</option>
            <option value="strict">{t('稳（保持 1.8 秒）', 'steady (hold 1.8 s)')}</option>
          </select>
        </label>
        {num('idleTimeoutSeconds', t('无操作自动结束（秒）', 'Idle timeout (s)'), 10, 600)}
        {num('finalIdleTimeoutSeconds', t('完成页停留（秒）', 'Receipt screen (s)'), 5, 300)}
        <label>{t('默认语言', 'Kiosk language')}
          <select name="language" value={form.language} onChange={(e) => set('language', e.target.value as LocalSettings['language'])}>
            <option value="zh">中文</option><option value="en">English</option>
          </select>
        </label>
        <label className="check"><input type="checkbox" name="voiceHints" checked={form.voiceHints} onChange={(e) => set('voiceHints', e.target.checked)} />{t('语音提示', 'Voice hints')}</label>
        <label className="check"><input type="checkbox" name="deferredVerification" checked={form.deferredVerification} onChange={(e) => set('deferredVerification', e.target.checked)} />{t('离线时允许稍后核验（联网后由审核服务核验采集码）', 'Deferred verification when offline (the review service checks the code at sync)')}</label>
        {num('retentionGraceDays', t('上传确认后本机保留（天）', 'Keep local copies after upload (days)'), 0, 90)}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary">{t('保存设置', 'Save settings')}</button>
        {message && <span className={message.ok ? 'note' : 'error'} role="status">{message.text}</span>}
      </div>
    </form>
  );
}
