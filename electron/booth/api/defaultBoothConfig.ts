// The booth's configuration defaults (spec §3 colour, the idle timeouts, the consent text);
// the config module or the review service overrides them per booth.
import type { BoothConfig } from '../../../shared/api/boothApi.ts';
import { DEFAULT_BACKGROUND } from '../../../shared/photoStandard.ts';

export const DEFAULT_BOOTH_CONFIG: BoothConfig = {
  boothName: { zh: '毕业生图像采集', en: 'Graduate photo booth' },
  helpLine: { zh: '需要帮助？请呼叫现场工作人员或拨打 400-000-0000', en: 'Need help? Call the staff on site or 400-000-0000' },
  payment: { mode: 'free', priceLabel: null },
  categories: [
    { id: 'bachelor', label: { zh: '本科', en: "Bachelor's" } },
    { id: 'junior', label: { zh: '专科', en: 'Associate' } },
    { id: 'master', label: { zh: '硕士研究生', en: "Master's" } },
    { id: 'doctor', label: { zh: '博士研究生', en: 'Doctoral' } },
  ],
  idleTimeoutMs: 90_000,
  finalIdleTimeoutMs: 20_000,
  background: [DEFAULT_BACKGROUND[0], DEFAULT_BACKGROUND[1], DEFAULT_BACKGROUND[2]],
  consent: {
    title: { zh: '人脸图像采集告知与同意', en: 'Consent to collect your face image' },
    points: [
      { zh: '采集内容：您的人脸照片（属于敏感个人信息）、采集码与证件号后四位。', en: 'What: your face photo (sensitive personal information), collection code and last 4 ID characters.' },
      { zh: '用途：仅用于学信网毕业生学历图像采集与审核。', en: 'Why: only for the graduate diploma image collection and its review.' },
      { zh: '保存：本机加密保存，上传审核服务确认后即删除本机副本；审核服务按学校规定期限保存。', en: 'Kept: encrypted on this booth until the review service confirms receipt, then deleted here; the review service keeps it for the period the school sets.' },
      { zh: '可见范围：仅学校授权的审核人员和学信网。', en: 'Seen by: only reviewers authorised by the school, and CHSI.' },
    ],
  },
  // what schools' notices tell students; a school corrects it here (or in the config it passes the booth)
  codeHelp: {
    title: { zh: '没有采集码？', en: 'No collection code?' },
    steps: [
      { zh: '先登录学信网，在学信档案中确认还没有“学历照片”：已有学历照片的，不能再次采集。', en: 'First log in to 学信网 (CHSI) and check in 学信档案 that you have no 学历照片 (diploma photo) yet: a second collection is not allowed.' },
      { zh: '在学信网微信公众号、学信网 App 或学信网网站的学信档案中，打开“图像采集码”。', en: 'Open "图像采集码" (image collection code) in the 学信网 WeChat official account, the 学信网 app or 学信档案 on the website.' },
      { zh: '长按二维码，选择“保存图片”。不要截图：截图可能无法识别。', en: 'Long-press the QR code and choose "Save image". Do not take a screenshot: it may not scan.' },
      { zh: '一个学籍对应一个采集码；有多个学籍的，请选本次毕业的学籍。', en: 'There is one code per 学籍 (student record): if you have several, pick the one you graduate with now.' },
    ],
    qrUrl: 'https://my.chsi.com.cn/archive/index.jsp',
    qrCaption: { zh: '用手机扫码，打开学信网学信档案', en: 'Scan with your phone to open 学信档案 on 学信网' },
    scanAgain: { zh: '拿到采集码后，在下方扫码口扫描，或点“用摄像头扫码”，即可开始。', en: 'When you have it, scan it at the scanner below, or tap "Scan with the camera", to start.' },
  },
  voiceHints: false,
  deferredVerification: false,
  language: 'zh',
  // ask high; the camera answers with the best mode it has (the still comes from this stream)
  camera: { deviceId: null, width: 3840, height: 2160 },
  autoCaptureHoldMs: 1000,
};
