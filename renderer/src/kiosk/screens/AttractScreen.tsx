// Attract / idle: what the booth does, the photo rules as pictures, "scan your 采集码 to start", and
// the way to the help for a student who has no code (or whose scan was refused).
import type { BoothError } from '../../../../shared/api/boothApi.ts';
import { useErrorText, useT } from '../../i18n.tsx';
import { CodeHelpButton } from './CodeHelpScreen.tsx';
import { RULE_PICTURES, type RulePicture } from './rulePictures.tsx';

const RULES: readonly { icon: RulePicture; zh: string; en: string }[] = [
  { icon: 'collar', zh: '穿有领、纯色、非蓝色的衣服', en: 'Plain, collared, non-blue clothes' },
  { icon: 'ears', zh: '露出额头和双耳', en: 'Forehead and both ears visible' },
  { icon: 'noGlasses', zh: '不戴有色眼镜、不戴饰品', en: 'No tinted glasses, no jewellery' },
  { icon: 'faceFront', zh: '正视镜头，表情自然，嘴唇闭合', en: 'Face the lens, natural look, lips closed' },
  { icon: 'noMakeup', zh: '素颜，不化妆，不戴美瞳', en: 'No makeup, no coloured contacts' },
];

export function AttractScreen({ error, onCameraScan, onCodeHelp }: { error: BoothError | null; onCameraScan: () => void; onCodeHelp: () => void }) {
  const t = useT();
  const errorText = useErrorText();
  return (
    <div className="attract">
      <p className="lead">{t('在这里拍摄毕业生学历照片：扫码、核验、拍照、确认，约 3 分钟。', 'Take your graduate diploma photo here: scan, verify, pose, confirm — about 3 minutes.')}</p>
      <ul className="rule-cards">
        {RULES.map((rule) => (
          <li key={rule.en} className="rule-card">
            <span className="rule-icon">{RULE_PICTURES[rule.icon]}</span>
            <span>{t(rule.zh, rule.en)}</span>
          </li>
        ))}
      </ul>
      {error && <p className="error" role="alert" data-error={error.code}>{errorText(error)}</p>}
      <div className="scan-call">
        <span className="scan-arrow" aria-hidden="true">↓</span>
        <strong>{t('请在下方扫码口扫描您的学信网图像采集码开始', 'Scan your CHSI collection code at the scanner below to start')}</strong>
      </div>
      <div className="actions">
        <button type="button" className="big secondary" onClick={onCameraScan}>
          {t('用摄像头扫码（手机上的采集码）', 'Scan with the camera (code on your phone)')}
        </button>
        <CodeHelpButton onClick={onCodeHelp} />
      </div>
    </div>
  );
}
