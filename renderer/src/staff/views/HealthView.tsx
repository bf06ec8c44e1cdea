// Health: camera, scanner, disk and store, the review service's reachability and clock skew, the
// app version, the models, the store's integrity — each with a plain verdict an operator can act on.
import { useT } from '../../i18n.tsx';
import { duration, useAgo, usePoll, type StaffCall } from '../staffHooks.ts';
import { healthRow } from './healthRow.tsx';
import { VoiceHealth } from './VoiceHealth.tsx';

const MB = 1024 * 1024;
/** below this free space a day of photos may not fit */
const LOW_DISK_BYTES = 2 * 1024 * MB;
/** the kiosk reports every 2 s while its camera is open */
const CAMERA_FRESH_MS = 10_000;
/** the review service refuses signed requests more than 5 minutes off */
const SKEW_WARN_MS = 60_000;

export function HealthView({ call }: { call: StaffCall }) {
  const t = useT();
  const ago = useAgo();
  const { data, refresh } = usePoll(call, 'staff.health', {}, 5000);
  const backdrop = usePoll(call, 'staff.backdrop', {}, 10_000).data;
  if (!data) return <p className="muted">{t('检测中…', 'Checking…')}</p>;
  const { camera, scanner, disk, service } = data;
  /** ok null: nothing to judge (the camera is closed between students) */
  const row = healthRow;
  const skew = service.clockSkewMs;
  return (
    <>
    <table className="health">
      <tbody>
        {row('camera', t('摄像头', 'Camera'), camera
          ? t(`${camera.width}×${camera.height}，${camera.fps} fps，最后画面 ${ago(camera.reportedAt)}`, `${camera.width}×${camera.height}, ${camera.fps} fps, last frame ${ago(camera.reportedAt)}`)
          : t('未开启（学生拍照时开启）', 'closed (opens while a student poses)'), camera && Date.now() - camera.reportedAt < CAMERA_FRESH_MS ? camera.fps > 10 : null)}
        {row('scanner', t('扫码器', 'Scanner'), scanner.lastScanAt ? t(`最后扫码 ${ago(scanner.lastScanAt)}（${scanner.source}）`, `last scan ${ago(scanner.lastScanAt)} (${scanner.source})`) : t('本次启动后尚未扫码', 'no scan since start'), null)}
        {row('disk', t('磁盘', 'Disk'), t(`剩余 ${(disk.freeBytes / MB / 1024).toFixed(1)} GB，本机数据 ${(disk.storeBytes / MB).toFixed(1)} MB`, `${(disk.freeBytes / MB / 1024).toFixed(1)} GB free, booth data ${(disk.storeBytes / MB).toFixed(1)} MB`), disk.freeBytes > LOW_DISK_BYTES)}
        {row('service', t('审核服务', 'Review service'), service.reachable
          ? t(`可连接 ${service.url}（${service.latencyMs} ms）`, `reachable at ${service.url} (${service.latencyMs} ms)`)
          : t(`无法连接：${service.error ?? ''}`, `unreachable: ${service.error ?? ''}`), service.reachable)}
        {row('clock', t('时钟偏差', 'Clock skew'), skew === null ? t('未知', 'unknown') : `${skew > 0 ? '+' : ''}${duration(Math.abs(skew), t)}`, skew === null || Math.abs(skew) < SKEW_WARN_MS)}
        {row('backdrop', t('背景校准', 'Backdrop'), !backdrop?.backdrop
          ? t('尚未校准', 'not calibrated')
          : backdrop.recalibrate
            ? t(`光线已变化（ΔE ${backdrop.driftDeltaE}），请重新校准`, `lighting changed (ΔE ${backdrop.driftDeltaE}): calibrate again`)
            : t(`已校准 ${ago(backdrop.backdrop.capturedAt)}`, `calibrated ${ago(backdrop.backdrop.capturedAt)}`),
        backdrop?.backdrop ? !backdrop.recalibrate : null)}
        {row('version', t('软件版本', 'App version'), data.appVersion, true)}
        {row('models', t('识别模型', 'Models'), data.models.map((m) => `${m.name} (${(m.bytes / MB).toFixed(1)} MB)`).join('，') || t('缺失', 'missing'), data.models.length >= 2)}
        {row('parser', t('人脸解析模型', 'Face parser'),
          data.parser.state === 'ready'
            ? `${data.parser.model ?? ''}（${t('仅限非商业研究用途的训练数据，商用前请替换', 'trained on non-commercial research data: replace before commercial use')}）`
            : t(`缺失：${data.parser.detail}；头发遮耳、耳饰等规则只提示审核员，不拦截`, `missing: ${data.parser.detail}; hair, jewellery and hat rules only warn the reviewer`),
          data.parser.state === 'ready')}
        {row('store', t('数据库', 'Store'), data.storeIntegrity, data.storeIntegrity === 'ok')}
      </tbody>
    </table>
    <VoiceHealth voice={data.voice} call={call} onTested={refresh} />
    </>
  );
}
